/**
 * Work item tracking: the routes Pool Warden's follow-up work items use, as the service answers them (SPEC
 * `wit/7.1/workItemTracking.json`): create and update with a JSON Patch body (`application/json-patch+json` only),
 * a flat WIQL query, the work items of a list of ids, comments (preview only: `7.1-preview.4`), and the states of a
 * work item type with their categories. Reads need "View work items in this node", writes "Edit work items in this
 * node" on the work item's area path (an explicit deny on the area wins over any grant).
 */
import { checkApiVersion } from '../api-version';
import { adoError, collection, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedProject } from '../seed';
import type { EmulatorState } from '../state';
import { PROCESS_TYPES, type StoredWorkItem, type WorkItemState } from '../work-items';
import { identityRef, projectNotFound } from './shapes';

const WIT = 'Microsoft.TeamFoundation.WorkItemTracking.Server';
const WIT_API = 'Microsoft.TeamFoundation.WorkItemTracking.WebApi';
/** Fields the emulator's work item types have (a patch of any other field is refused, as for an unknown field). */
const FIELDS = new Set([
  'System.Title',
  'System.Description',
  'System.Tags',
  'System.AreaPath',
  'System.IterationPath',
  'System.State',
  'System.Reason',
  'System.AssignedTo',
  'System.History',
  'Microsoft.VSTS.Common.Priority',
]);
const MAX_IDS = 200;
const MAX_TITLE = 255;

interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

function projectOf(ctx: RouteContext): SeedProject | RouteResponse {
  const project = ctx.state.project(ctx.params.project);
  if (project) return project;
  return projectNotFound(ctx.params.project);
}

function typesOf(project: SeedProject): Record<string, WorkItemState[]> {
  return PROCESS_TYPES[project.process ?? 'Agile'];
}

function typeStates(project: SeedProject, name: string): { name: string; states: WorkItemState[] } | undefined {
  const entry = Object.entries(typesOf(project)).find(([type]) => type.toLowerCase() === name.toLowerCase());
  return entry ? { name: entry[0], states: entry[1] } : undefined;
}

function typeNotFound(project: SeedProject, name: string): RouteResponse {
  return adoError(
    404,
    'WorkItemTypeNotFoundException',
    `VS402323: Work item type ${name} does not exist in project ${project.name} or you do not have permission to access it.`,
    WIT,
    WIT_API,
  );
}

function ruleError(field: string, codes: string): RouteResponse {
  return adoError(400, 'RuleValidationException', `TF401320: Rule Error for field ${field}. Error code: ${codes}.`, WIT, WIT_API);
}

/** "Edit work items in this node": the grant, unless the area denies it to the caller explicitly. */
function writeRefused(ctx: RouteContext, project: SeedProject, areaPath: string): RouteResponse | undefined {
  const caller = ctx.caller!.identityId;
  const denied = (project.workItemEditDenied ?? []).some(
    (d) =>
      d.areaPath.toLowerCase() === areaPath.toLowerCase() &&
      [caller, ...ctx.state.groupsOf(caller).map((group) => group.id)].some((id) => id.toLowerCase() === d.identityId.toLowerCase()),
  );
  if (!denied && ctx.state.hasGrant(caller, 'workitems:write')) return undefined;
  return adoError(
    403,
    'WorkItemUnauthorizedAccessException',
    `TF237111: The current user does not have permissions to save work items under the specified area path ${areaPath}.`,
    WIT,
    WIT_API,
  );
}

function validAreaPath(project: SeedProject, path: string): boolean {
  const lower = path.toLowerCase();
  return lower === project.name.toLowerCase() || (project.areaPaths ?? []).some((area) => area.toLowerCase() === lower);
}

function normaliseTags(value: unknown): string {
  const seen = new Map<string, string>();
  for (const tag of String(value ?? '').split(';')) {
    const trimmed = tag.trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()].join('; ');
}

/** An assignee as the service accepts it: unique name (mail / UPN), `Display Name <mail>`, or a unique display name. */
function resolveAssignee(state: EmulatorState, value: unknown): string | undefined {
  const text = String(value ?? '').trim();
  const inBrackets = /<([^>]+)>\s*$/.exec(text)?.[1] ?? text;
  const lower = inBrackets.toLowerCase();
  const users = state.org.identities.filter((identity) => identity.kind === 'user' && identity.active !== false);
  const byName = users.filter((user) => [user.principalName, user.mailAddress].some((name) => name?.toLowerCase() === lower));
  if (byName.length === 1) return byName[0].id;
  const byDisplay = users.filter((user) => user.displayName.toLowerCase() === text.toLowerCase());
  return byDisplay.length === 1 ? byDisplay[0].id : undefined;
}

function readPatch(ctx: RouteContext): PatchOperation[] | RouteResponse {
  const type = String(ctx.req.headers['content-type'] ?? '');
  if (!type.toLowerCase().startsWith('application/json-patch+json')) {
    return adoError(
      415,
      'VssRequestContentTypeNotSupportedException',
      `The request indicated a Content-Type of "${type}" for method type "${ctx.req.method}" which is not supported. Valid content types for this method are: application/json-patch+json.`,
      'Microsoft.VisualStudio.Services.WebApi',
    );
  }
  const body = ctx.body;
  if (!Array.isArray(body) || body.length === 0) {
    return adoError(
      400,
      'VssPropertyValidationException',
      'You must pass a valid patch document in the body of the request.',
      'Microsoft.VisualStudio.Services.Common',
    );
  }
  for (const operation of body as PatchOperation[]) {
    if (!operation || !['add', 'replace', 'remove', 'test'].includes(operation.op) || typeof operation.path !== 'string') {
      return adoError(
        400,
        'VssPropertyValidationException',
        `Invalid patch operation: ${JSON.stringify(operation)}.`,
        'Microsoft.VisualStudio.Services.Common',
      );
    }
    const field = /^\/fields\/(.+)$/.exec(operation.path)?.[1];
    if (operation.path !== '/rev' && (!field || !FIELDS.has(field))) {
      return adoError(400, 'WorkItemFieldInvalidException', `TF51535: Cannot find field ${field ?? operation.path}.`, WIT, WIT_API);
    }
  }
  return body as PatchOperation[];
}

/** Applies a patch to a copy of the fields; returns the fields or the service's refusal. */
function applyPatch(
  ctx: RouteContext,
  project: SeedProject,
  states: WorkItemState[],
  current: Record<string, unknown>,
  patch: PatchOperation[],
  rev: number,
): { fields: Record<string, unknown> } | { error: RouteResponse } {
  const fields = { ...current };
  for (const operation of patch) {
    if (operation.path === '/rev') {
      if (operation.op === 'test' && Number(operation.value) !== rev)
        return {
          error: adoError(
            412,
            'WorkItemRevisionMismatchException',
            `TF26071: This work item has been changed by someone else since you opened it.`,
            WIT,
            WIT_API,
          ),
        };
      continue;
    }
    const field = operation.path.slice('/fields/'.length);
    if (operation.op === 'test') continue;
    if (operation.op === 'remove') delete fields[field];
    else fields[field] = operation.value;
  }
  const title = String(fields['System.Title'] ?? '').trim();
  if (!title) return { error: ruleError('Title', 'Required, InvalidEmpty') };
  if (title.length > MAX_TITLE) return { error: ruleError('Title', 'MaxLength') };
  if (!validAreaPath(project, String(fields['System.AreaPath']))) {
    return {
      error: adoError(
        400,
        'WorkItemTrackingTreeNodeNotFoundException',
        `TF401347: Invalid tree name given for work item -1, field 'System.AreaPath'.`,
        WIT,
        WIT_API,
      ),
    };
  }
  if (!states.some((state) => state.name === fields['System.State'])) return { error: ruleError('State', 'LimitedToValues') };
  if (fields['System.Tags'] !== undefined) fields['System.Tags'] = normaliseTags(fields['System.Tags']);
  // Only an assignee the patch sets is resolved: the stored one is already an identity id.
  const assigns = patch.some((operation) => operation.path === '/fields/System.AssignedTo' && operation.op !== 'test');
  if (assigns && fields['System.AssignedTo'] !== undefined && fields['System.AssignedTo'] !== '') {
    const assignee = resolveAssignee(ctx.state, fields['System.AssignedTo']);
    if (!assignee) return { error: ruleError('Assigned To', 'ValidIdentity, HasValues, LimitedToValues') };
    fields['System.AssignedTo'] = assignee;
  }
  delete fields['System.History'];
  return { fields };
}

const IDENTITY_FIELDS = new Set(['System.CreatedBy', 'System.ChangedBy', 'System.AssignedTo']);

function shape(ctx: RouteContext, item: StoredWorkItem, only?: string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item.fields)) {
    if (only && !only.some((wanted) => wanted.toLowerCase() === name.toLowerCase())) continue;
    if (value === undefined || value === '') continue;
    fields[name] = IDENTITY_FIELDS.has(name) ? identityRef(ctx.state, String(value)) : value;
  }
  const url = `${ctx.baseUrl}/${ctx.state.org.organization.name}/${item.projectId}/_apis/wit/workItems/${item.id}`;
  return { id: item.id, rev: item.rev, fields, url };
}

function create(ctx: RouteContext): RouteResponse {
  const bad = checkApiVersion(ctx);
  if (bad) return bad;
  const project = projectOf(ctx);
  if ('status' in project) return project;
  const typeName = ctx.params.type.replace(/^\$/, '');
  const type = typeStates(project, typeName);
  if (!type) return typeNotFound(project, typeName);
  const patch = readPatch(ctx);
  if (!Array.isArray(patch)) return patch;
  const now = ctx.state.now().toISOString();
  const base = {
    'System.AreaPath': project.name,
    'System.TeamProject': project.name,
    'System.IterationPath': project.name,
    'System.WorkItemType': type.name,
    'System.State': type.states[0].name,
    'System.Reason': 'New',
  };
  const patched = applyPatch(ctx, project, type.states, base, patch, 0);
  if ('error' in patched) return patched.error;
  const refused = writeRefused(ctx, project, String(patched.fields['System.AreaPath']));
  if (refused) return refused;
  const caller = ctx.caller!.identityId;
  const item = ctx.state.workItems.add(project.id, {
    ...patched.fields,
    'System.CreatedDate': now,
    'System.CreatedBy': caller,
    'System.ChangedDate': now,
    'System.ChangedBy': caller,
  });
  return json(200, shape(ctx, item));
}

function findItem(ctx: RouteContext, project: SeedProject, id: string): StoredWorkItem | RouteResponse {
  const item = ctx.state.workItems.items.get(Number(id));
  if (item && item.projectId === project.id) return item;
  return adoError(
    404,
    'WorkItemUnauthorizedAccessException',
    `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
    WIT,
    WIT_API,
  );
}

function update(ctx: RouteContext): RouteResponse {
  const bad = checkApiVersion(ctx);
  if (bad) return bad;
  const project = projectOf(ctx);
  if ('status' in project) return project;
  const item = findItem(ctx, project, ctx.params.id);
  if ('status' in item) return item;
  const patch = readPatch(ctx);
  if (!Array.isArray(patch)) return patch;
  const refusedBefore = writeRefused(ctx, project, String(item.fields['System.AreaPath']));
  if (refusedBefore) return refusedBefore;
  const type = typeStates(project, String(item.fields['System.WorkItemType']))!;
  const patched = applyPatch(ctx, project, type.states, item.fields, patch, item.rev);
  if ('error' in patched) return patched.error;
  const refused = writeRefused(ctx, project, String(patched.fields['System.AreaPath']));
  if (refused) return refused;
  const history = patch.find((operation) => operation.path === '/fields/System.History' && operation.op !== 'remove');
  if (history) ctx.state.workItems.comment(item, String(history.value), ctx.caller!.identityId, ctx.state.now().toISOString());
  item.fields = { ...patched.fields, 'System.ChangedDate': ctx.state.now().toISOString(), 'System.ChangedBy': ctx.caller!.identityId };
  item.rev++;
  return json(200, shape(ctx, item));
}

function addComment(ctx: RouteContext): RouteResponse {
  const bad = checkApiVersion(ctx, { previewOnly: true });
  if (bad) return bad;
  const project = projectOf(ctx);
  if ('status' in project) return project;
  const item = findItem(ctx, project, ctx.params.id);
  if ('status' in item) return item;
  const text = (ctx.body as { text?: unknown } | undefined)?.text;
  if (typeof text !== 'string' || !text.trim()) {
    return adoError(400, 'ArgumentNullException', 'Value cannot be null.\r\nParameter name: text', 'System', 'mscorlib');
  }
  const refused = writeRefused(ctx, project, String(item.fields['System.AreaPath']));
  if (refused) return refused;
  const comment = ctx.state.workItems.comment(item, text, ctx.caller!.identityId, ctx.state.now().toISOString());
  return json(200, {
    workItemId: item.id,
    id: comment.id,
    version: 1,
    text: comment.text,
    createdBy: identityRef(ctx.state, comment.createdBy),
    createdDate: comment.createdDate,
    modifiedBy: identityRef(ctx.state, comment.createdBy),
    modifiedDate: comment.createdDate,
    isDeleted: false,
    url: `${ctx.baseUrl}/${ctx.state.org.organization.name}/${project.id}/_apis/wit/workItems/${item.id}/comments/${comment.id}`,
  });
}

function listStates(ctx: RouteContext): RouteResponse {
  const bad = checkApiVersion(ctx);
  if (bad) return bad;
  const project = projectOf(ctx);
  if ('status' in project) return project;
  const type = typeStates(project, ctx.params.type);
  if (!type) return typeNotFound(project, ctx.params.type);
  return collection(type.states);
}

function listItems(ctx: RouteContext): RouteResponse {
  const bad = checkApiVersion(ctx);
  if (bad) return bad;
  const project = projectOf(ctx);
  if ('status' in project) return project;
  const ids = (ctx.query.ids ?? '').split(',').filter(Boolean);
  if (ids.length === 0) return adoError(400, 'ArgumentNullException', 'Value cannot be null.\r\nParameter name: ids', 'System', 'mscorlib');
  if (ids.length > MAX_IDS) {
    return adoError(
      400,
      'VssServiceException',
      `VS403474: The maximum number of work items that can be requested is ${MAX_IDS}.`,
      'Microsoft.VisualStudio.Services.Common',
    );
  }
  const only = ctx.query.fields ? ctx.query.fields.split(',').map((field) => field.trim()) : undefined;
  const value: Record<string, unknown>[] = [];
  for (const id of ids) {
    const item = findItem(ctx, project, id);
    if ('status' in item) return item;
    value.push(shape(ctx, item, only));
  }
  return collection(value);
}

/** One condition of the WIQL subset: `[Field] = 'v'`, `<>`, `CONTAINS`, `= @project`, `IN (…)`, `NOT IN (…)`. */
interface Condition {
  field: string;
  operator: '=' | '<>' | 'contains' | 'in' | 'not in';
  values: string[];
}

/** Friendly names of the fields a query may name (the service's `columns` and `sortColumns` carry both names). */
const FIELD_NAMES: Record<string, string> = {
  'System.Id': 'ID',
  'System.Title': 'Title',
  'System.Description': 'Description',
  'System.Tags': 'Tags',
  'System.AreaPath': 'Area Path',
  'System.IterationPath': 'Iteration Path',
  'System.State': 'State',
  'System.Reason': 'Reason',
  'System.AssignedTo': 'Assigned To',
  'System.History': 'History',
  'Microsoft.VSTS.Common.Priority': 'Priority',
  'System.TeamProject': 'Team Project',
  'System.WorkItemType': 'Work Item Type',
};

/** The reference name as the service spells it, or undefined for a field that does not exist. */
function knownField(name: string): string | undefined {
  return Object.keys(FIELD_NAMES).find((field) => field.toLowerCase() === name.toLowerCase());
}

interface ParsedWiql {
  columns: string[];
  conditions: Condition[];
  /** Present with `ORDER BY [System.Id]`: whether it is descending. */
  descending?: boolean;
}

const CONDITION = /^\[([\w.]+)\]\s+(=|<>|contains|in|not\s+in)\s+(@project|'(?:[^']|'')*'|\((?:\s*'(?:[^']|'')*'\s*,?)+\))$/i;

function parseWiql(query: string, projectName: string): ParsedWiql | string {
  const match =
    /^\s*select\s+(\[[\w.]+\](?:\s*,\s*\[[\w.]+\])*)\s+from\s+workitems\s+where\s+(.+?)(\s+order\s+by\s+\[system\.id\](?:\s+(asc|desc))?)?\s*$/is.exec(
      query,
    );
  if (!match) return 'the emulator answers flat queries of the form SELECT [Field], … FROM WorkItems WHERE … only';
  const columns = [...match[1].matchAll(/\[([\w.]+)\]/g)].map((column) => column[1]);
  const descending = match[3] ? match[4]?.toLowerCase() === 'desc' : undefined;
  const conditions: Condition[] = [];
  for (const part of match[2].split(/\s+and\s+/i)) {
    const condition = CONDITION.exec(part.trim());
    if (!condition) return `the condition "${part.trim()}" is not supported by the emulator`;
    const operator = condition[2].toLowerCase().replace(/\s+/, ' ') as Condition['operator'];
    const raw = condition[3];
    const values =
      raw.toLowerCase() === '@project'
        ? [projectName]
        : [...raw.matchAll(/'((?:[^']|'')*)'/g)].map((value) => value[1].replace(/''/g, "'"));
    conditions.push({ field: condition[1], operator, values });
  }
  return { columns, conditions, descending };
}

function matches(item: StoredWorkItem, condition: Condition): boolean {
  const field = knownField(condition.field) ?? condition.field;
  const raw = field === 'System.Id' ? item.id : item.fields[field];
  const value = String(raw ?? '').toLowerCase();
  const wanted = condition.values.map((v) => v.toLowerCase());
  if (condition.field.toLowerCase() === 'system.tags' && condition.operator === 'contains') {
    // CONTAINS on the Tags field matches whole tags.
    return value
      .split(';')
      .map((tag) => tag.trim())
      .includes(wanted[0]);
  }
  switch (condition.operator) {
    case '=':
      return value === wanted[0];
    case '<>':
      return value !== wanted[0];
    case 'contains':
      return value.includes(wanted[0]);
    case 'in':
      return wanted.includes(value);
    case 'not in':
      return !wanted.includes(value);
  }
}

function wiql(ctx: RouteContext): RouteResponse {
  const bad = checkApiVersion(ctx);
  if (bad) return bad;
  const project = projectOf(ctx);
  if ('status' in project) return project;
  const query = (ctx.body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string' || !query.trim()) {
    return adoError(400, 'ArgumentNullException', 'Value cannot be null.\r\nParameter name: wiql', 'System', 'mscorlib');
  }
  const parsed = parseWiql(query, project.name);
  if (typeof parsed === 'string')
    return adoError(400, 'WiqlSyntaxException', `TF51006: The query statement is not valid: ${parsed}.`, WIT, WIT_API);
  const { columns, conditions, descending } = parsed;
  const unknown = [...columns, ...conditions.map((condition) => condition.field)].find((field) => !knownField(field));
  if (unknown)
    return adoError(
      400,
      'WiqlSyntaxException',
      `TF51005: The query references a field that does not exist. The error is caused by «[${unknown}]».`,
      WIT,
      WIT_API,
    );
  const top = ctx.query.$top ? Number(ctx.query.$top) : 20_000;
  const found = ctx.state.workItems
    .all()
    .filter((item) => conditions.every((condition) => matches(item, condition)))
    .sort((a, b) => (descending ? b.id - a.id : a.id - b.id))
    .slice(0, top);
  const org = `${ctx.baseUrl}/${ctx.state.org.organization.name}`;
  const fieldRef = (name: string) => {
    const referenceName = knownField(name)!;
    return { referenceName, name: FIELD_NAMES[referenceName], url: `${org}/_apis/wit/fields/${referenceName}` };
  };
  return json(200, {
    queryType: 'flat',
    queryResultType: 'workItem',
    asOf: ctx.state.now().toISOString(),
    columns: columns.map(fieldRef),
    ...(descending === undefined ? {} : { sortColumns: [{ field: fieldRef('System.Id'), descending }] }),
    workItems: found.map((item) => ({ id: item.id, url: `${org}/_apis/wit/workItems/${item.id}` })),
  });
}

/** Work item tracking routes (project-scoped). */
export function witRoutes(): Route[] {
  const route = (method: string, template: string, resource: string, handler: Route['handler'], extra: Partial<Route> = {}): Route => ({
    method,
    service: 'ado',
    template,
    area: 'wit',
    resource,
    handler,
    ...extra,
  });
  return [
    route('GET', '/:org/:project/_apis/wit/workitemtypes/:type/states', 'workItemTypeStates', listStates, { grant: 'workitems:read' }),
    route('POST', '/:org/:project/_apis/wit/wiql', 'wiql', wiql, { grant: 'workitems:read', readOnly: true }),
    route('GET', '/:org/:project/_apis/wit/workitems', 'workItems', listItems, { grant: 'workitems:read' }),
    route('POST', '/:org/:project/_apis/wit/workitems/:type', 'workItems', create, { handlerGrant: 'workitems:write' }),
    route('PATCH', '/:org/:project/_apis/wit/workitems/:id', 'workItems', update, { handlerGrant: 'workitems:write' }),
    route('POST', '/:org/:project/_apis/wit/workItems/:id/comments', 'comments', addComment, { handlerGrant: 'workitems:write' }),
  ];
}
