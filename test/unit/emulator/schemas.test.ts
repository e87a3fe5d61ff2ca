/**
 * The emulator cannot drift from the documented shapes: a representative response of every Azure DevOps / vssps /
 * auditservice / job-OIDC route the tasks call is validated against the 7.1 swagger definitions vendored in test/schemas/.
 * A new route must be added here (or to NO_SCHEMA with the reason).
 */
import { strict as assert } from 'node:assert';
import { startEmulator, sampleOrganization, SAMPLE_IDS, SAMPLE_CHECK_IDS, type Emulator, sharedEmulatorKeys } from '../../../emulator';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validatorFor, VENDORED, type Wrapper } from '../../schemas/spec-schemas';
import { call, secretToken, ADO_SCOPE } from './helpers';

const TASK_AGENT = 'specification/distributedTask/7.1/taskAgent.json';
const ELASTIC = 'specification/distributedTask/7.1/elastic.json';
const TASK = 'specification/distributedTask/7.1/task.json';
const CORE = 'specification/core/7.1/core.json';
const ROLES = 'specification/securityRoles/7.1/securityRoles.json';
const PERMISSIONS = 'specification/approvalsAndChecks/7.1/pipelinePermissions.json';
const GRAPH = 'specification/graph/7.1/graph.json';
const TOKEN_ADMIN = 'specification/tokenAdmin/7.1/tokenAdmin.json';
const IDENTITIES = 'specification/ims/7.1/identities.json';
const CHECKS = 'specification/approvalsAndChecks/7.1/pipelinesChecks.json';
const BUILD = 'specification/build/7.1/build.json';
const GIT = 'specification/git/7.1/git.json';
const AUDIT = 'specification/audit/7.1/audit.json';
const WIT = 'specification/wit/7.1/workItemTracking.json';

const V = 'api-version=7.1';
const PREVIEW = 'api-version=7.1-preview.1';

/** Emulator routes with no body to validate, or not called by any task, and why. */
const NO_SCHEMA: Record<string, string> = {
  'DELETE /:org/_apis/distributedtask/pools/:poolId': 'not called by the tasks; 204 without a body',
  'DELETE /:org/_apis/distributedtask/pools/:poolId/agents/:agentId': '204 without a body',
  'POST /_vssps/:org/_apis/tokenadmin/revocations': '204 without a body',
  'PATCH /:org/_apis/securityroles/scopes/:scopeId/roleassignments/resources/:resourceId': '204 without a body',
  'DELETE /:org/_apis/securityroles/scopes/:scopeId/roleassignments/resources/:resourceId/:identityId': '204 without a body',
  'PUT /:org/_apis/securityroles/scopes/:scopeId/roleassignments/resources/:resourceId/:identityId': 'not called by the tasks',
  'GET /:org/_apis/resourceAreas': 'the location service has no public 7.1 specification (checked by ado.test.ts)',
  'GET /:org/_apis/resourceAreas/:areaId': 'the location service has no public 7.1 specification (checked by ado.test.ts)',
  'OPTIONS /:org/_apis/:area': 'route discovery of azure-devops-node-api (no public specification)',
  'OPTIONS /_vssps/:org/_apis/:area': 'route discovery of azure-devops-node-api (no public specification)',
  'GET /:org/_apis/projects/:projectId': 'not called by the tasks',
  'GET /_vssps/:org/_apis/TenantPolicy/Policies/:policyName':
    'undocumented route: no public specification (shape in pat-posture reference)',
  'GET /:org/_settings/organizationPolicy': 'a web page data provider, not a REST route: no public specification',
  'GET /:org/:project/_apis/distributedtask/queues/:queueId': 'not called by the tasks',
  'GET /:org/_apis/distributedtask/pools/:poolId/jobrequests': 'not called by the tasks',
  'PATCH /:org/_apis/distributedtask/elasticpools/:poolId/nodes/:nodeId': 'not called by the tasks',
  'GET /_vssps/:org/_apis/graph/users/:descriptor': 'not called by the tasks',
  'GET /_vssps/:org/_apis/graph/groups': 'not called by the tasks',
  'GET /_vssps/:org/_apis/graph/groups/:descriptor': 'not called by the tasks',
  'GET /_vssps/:org/_apis/graph/serviceprincipals': 'not called by the tasks',
  'GET /_vssps/:org/_apis/graph/serviceprincipals/:descriptor': 'not called by the tasks',
  'GET /_vssps/:org/_apis/graph/storagekeys/:descriptor': 'not called by the tasks',
};

interface Case {
  name: string;
  method: string;
  url: string;
  body?: unknown;
  spec: string;
  definition: string | string[];
  wrapper: Wrapper;
  token?: 'job';
  headers?: Record<string, string>;
}

describe('emulator: responses match the 7.1 REST specifications', () => {
  let emu: Emulator;
  let admin: string;
  before(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(), realTimers: false });
    admin = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
  });
  after(() => emu.close());

  function cases(): Case[] {
    const org = emu.orgUrl;
    const vssps = emu.vsspsUrl;
    const pool = SAMPLE_IDS.pools.default;
    const elastic = SAMPLE_IDS.pools.elastic;
    const descriptor = (id: string) => emu.state.identity(id)!.descriptor;
    const agentQuery = `includeCapabilities=true&includeAssignedRequest=true&includeLastCompletedRequest=true&${V}`;
    const roles = `${org}_apis/securityroles/scopes/distributedtask.globalagentpoolrole`;
    const job = emu.state.issueJobToken('Platform');
    const checks = `${org}Platform/_apis/pipelines/checks`;
    const platformQueue = String(SAMPLE_IDS.queues.platformDefault);
    const wit = `${org}Platform/_apis/wit`;
    const jsonPatch = { 'content-type': 'application/json-patch+json' };
    // A work item to list, update and comment on, as a follow-up created earlier would be.
    const followUp = emu.state.workItems.add(SAMPLE_IDS.projects.platform, {
      'System.Title': 'Pool Default: 2 findings',
      'System.AreaPath': 'Platform',
      'System.IterationPath': 'Platform',
      'System.TeamProject': 'Platform',
      'System.WorkItemType': 'Task',
      'System.State': 'New',
      'System.Reason': 'New',
      'System.Tags': 'pool-warden',
      'System.CreatedBy': SAMPLE_IDS.wifApp.identityId,
      'System.CreatedDate': '2026-12-01T08:00:00.000Z',
      'System.AssignedTo': SAMPLE_IDS.users.alice,
    });
    return [
      {
        name: 'pools',
        method: 'GET',
        url: `${org}_apis/distributedtask/pools?${V}`,
        spec: TASK_AGENT,
        definition: 'TaskAgentPool',
        wrapper: 'collection',
      },
      {
        name: 'pool',
        method: 'GET',
        url: `${org}_apis/distributedtask/pools/${pool}?${V}`,
        spec: TASK_AGENT,
        definition: 'TaskAgentPool',
        wrapper: 'none',
      },
      {
        name: 'pool update',
        method: 'PATCH',
        url: `${org}_apis/distributedtask/pools/${pool}?${V}`,
        body: { autoProvision: false },
        spec: TASK_AGENT,
        definition: 'TaskAgentPool',
        wrapper: 'none',
      },
      {
        name: 'agents',
        method: 'GET',
        url: `${org}_apis/distributedtask/pools/${pool}/agents?${agentQuery}`,
        spec: TASK_AGENT,
        definition: 'TaskAgent',
        wrapper: 'collection',
      },
      {
        name: 'agent',
        method: 'GET',
        url: `${org}_apis/distributedtask/pools/${pool}/agents/2?${agentQuery}`,
        spec: TASK_AGENT,
        definition: 'TaskAgent',
        wrapper: 'none',
      },
      {
        name: 'agent update',
        method: 'PATCH',
        url: `${org}_apis/distributedtask/pools/${pool}/agents/1?${V}`,
        body: { id: 1, enabled: true },
        spec: TASK_AGENT,
        definition: 'TaskAgent',
        wrapper: 'none',
      },
      {
        name: 'queues',
        method: 'GET',
        url: `${org}Platform/_apis/distributedtask/queues?${V}`,
        spec: TASK_AGENT,
        definition: 'TaskAgentQueue',
        wrapper: 'collection',
      },
      {
        name: 'elastic pools',
        method: 'GET',
        url: `${org}_apis/distributedtask/elasticpools?${V}`,
        spec: ELASTIC,
        definition: 'ElasticPool',
        wrapper: 'collection',
      },
      {
        name: 'elastic pool',
        method: 'GET',
        url: `${org}_apis/distributedtask/elasticpools/${elastic}?${V}`,
        spec: ELASTIC,
        definition: 'ElasticPool',
        wrapper: 'none',
      },
      {
        name: 'elastic pool update',
        method: 'PATCH',
        url: `${org}_apis/distributedtask/elasticpools/${elastic}?${V}`,
        body: { desiredIdle: 1 },
        spec: ELASTIC,
        definition: 'ElasticPool',
        wrapper: 'none',
      },
      {
        name: 'elastic nodes',
        method: 'GET',
        url: `${org}_apis/distributedtask/elasticpools/${elastic}/nodes?${V}`,
        spec: ELASTIC,
        definition: 'ElasticNode',
        wrapper: 'collection',
      },
      {
        name: 'elastic logs',
        method: 'GET',
        url: `${org}_apis/distributedtask/elasticpools/${elastic}/logs?${V}`,
        spec: ELASTIC,
        definition: 'ElasticPoolLog',
        wrapper: 'collection',
      },
      {
        name: 'projects',
        method: 'GET',
        url: `${org}_apis/projects?${V}`,
        spec: CORE,
        definition: 'TeamProjectReference',
        wrapper: 'collection',
      },
      {
        name: 'role assignments',
        method: 'GET',
        url: `${roles}/roleassignments/resources/0?${PREVIEW}`,
        spec: ROLES,
        definition: 'RoleAssignment',
        wrapper: 'collection',
      },
      {
        name: 'role assignment change',
        method: 'PUT',
        url: `${roles}/roleassignments/resources/0?${PREVIEW}`,
        body: [{ roleName: 'Reader', userId: SAMPLE_IDS.users.bob }],
        spec: ROLES,
        definition: 'RoleAssignment',
        wrapper: 'collection',
      },
      {
        name: 'role definitions',
        method: 'GET',
        url: `${roles}/roledefinitions?${PREVIEW}`,
        spec: ROLES,
        definition: 'SecurityRole',
        wrapper: 'collection',
      },
      {
        name: 'pipeline permissions',
        method: 'GET',
        url: `${org}Payments/_apis/pipelines/pipelinePermissions/queue/${SAMPLE_IDS.queues.paymentsLinuxOpen}?${PREVIEW}`,
        spec: PERMISSIONS,
        definition: 'ResourcePipelinePermissions',
        wrapper: 'none',
      },
      {
        name: 'pipeline permissions change',
        method: 'PATCH',
        url: `${org}Platform/_apis/pipelines/pipelinePermissions/queue/${SAMPLE_IDS.queues.platformDefault}?${PREVIEW}`,
        body: { pipelines: [{ id: 7, authorized: true }] },
        spec: PERMISSIONS,
        definition: 'ResourcePipelinePermissions',
        wrapper: 'none',
      },
      {
        name: 'graph users',
        method: 'GET',
        url: `${vssps}_apis/graph/users?subjectTypes=aad,msa&${PREVIEW}`,
        spec: GRAPH,
        definition: 'GraphUser',
        wrapper: 'collection',
      },
      {
        name: 'graph descriptor',
        method: 'GET',
        url: `${vssps}_apis/graph/descriptors/${SAMPLE_IDS.users.alice}?${V}`,
        spec: GRAPH,
        definition: 'GraphDescriptorResult',
        wrapper: 'none',
      },
      {
        name: 'subject lookup',
        method: 'POST',
        url: `${vssps}_apis/graph/subjectlookup?${PREVIEW}`,
        body: {
          lookupKeys: [SAMPLE_IDS.users.alice, SAMPLE_IDS.groups.opsTeam, SAMPLE_IDS.wifApp.objectId, SAMPLE_IDS.buildServices.platform]
            .map((id) => emu.state.identity(id))
            .filter((i) => i !== undefined)
            .map((i) => ({ descriptor: i.descriptor })),
        },
        spec: GRAPH,
        // GraphSubject is the base: each answer is the concrete subject, as in Subjectlookup/LookupSubjects.json.
        definition: ['GraphUser', 'GraphGroup', 'GraphServicePrincipal'],
        wrapper: 'map',
      },
      {
        name: 'memberships',
        method: 'GET',
        url: `${vssps}_apis/graph/Memberships/${descriptor(SAMPLE_IDS.groups.opsTeam)}?direction=down&depth=1&${PREVIEW}`,
        spec: GRAPH,
        definition: 'GraphMembership',
        wrapper: 'collection',
      },
      {
        name: 'membership state',
        method: 'GET',
        url: `${vssps}_apis/graph/membershipstates/${descriptor(SAMPLE_IDS.users.alice)}?${PREVIEW}`,
        spec: GRAPH,
        definition: 'GraphMembershipState',
        wrapper: 'none',
      },
      {
        name: 'identities',
        method: 'GET',
        url: `${vssps}_apis/identities?identityIds=${SAMPLE_IDS.users.alice},${SAMPLE_IDS.groups.opsTeam},${SAMPLE_IDS.unresolvableIdentity}&queryMembership=None&${V}`,
        spec: IDENTITIES,
        definition: 'Identity',
        wrapper: 'sparseCollection',
      },
      {
        name: 'token admin',
        method: 'GET',
        url: `${vssps}_apis/tokenadmin/personalaccesstokens/${descriptor(SAMPLE_IDS.users.oscar)}?pageSize=2&isPublic=false&${V}`,
        spec: TOKEN_ADMIN,
        definition: 'TokenAdminPagedSessionTokens',
        wrapper: 'none',
      },
      {
        name: 'check configurations',
        method: 'GET',
        url: `${checks}/configurations?resourceType=queue&resourceId=${platformQueue}&$expand=settings&${PREVIEW}`,
        spec: CHECKS,
        definition: 'CheckConfiguration',
        wrapper: 'collection',
      },
      {
        name: 'check configuration',
        method: 'GET',
        url: `${checks}/configurations/${SAMPLE_CHECK_IDS.checks.platformTemplate}?$expand=settings&${PREVIEW}`,
        spec: CHECKS,
        definition: 'CheckConfiguration',
        wrapper: 'none',
      },
      {
        name: 'check configurations query',
        method: 'POST',
        url: `${checks}/queryconfigurations?$expand=settings&${PREVIEW}`,
        body: [
          { type: 'queue', id: platformQueue },
          { type: 'queue', id: String(SAMPLE_IDS.queues.platformElastic) },
        ],
        spec: CHECKS,
        definition: 'CheckConfiguration',
        wrapper: 'collection',
      },
      {
        name: 'check configuration add',
        method: 'POST',
        url: `${checks}/configurations?${PREVIEW}`,
        // What remediation adds: a branch control Task Check (tasks/common/ado/checks.ts).
        body: {
          type: { id: 'fe1de3ee-a436-41b4-bb20-f6eb4cb879a7', name: 'Task Check' },
          settings: {
            displayName: 'Branch control',
            definitionRef: { id: '86b05a0c-73e6-4f7d-b3cf-e38f3b39a75b', name: 'evaluatebranchProtection', version: '0.0.1' },
            inputs: { allowedBranches: 'refs/heads/main', ensureProtectionOfBranch: 'true', allowUnknownStatusBranch: 'false' },
            retryInterval: 5,
          },
          resource: { type: 'queue', id: String(SAMPLE_IDS.queues.platformLinux), name: 'linux-selfhosted' },
          timeout: 1440,
        },
        spec: CHECKS,
        definition: 'CheckConfiguration',
        wrapper: 'none',
      },
      {
        name: 'build definition',
        method: 'GET',
        url: `${org}${SAMPLE_IDS.projects.platform}/_apis/build/definitions/${SAMPLE_CHECK_IDS.pipelines.platformCi}?${V}`,
        spec: BUILD,
        definition: 'BuildDefinition',
        wrapper: 'none',
      },
      {
        name: 'git repository',
        method: 'GET',
        url: `${org}Platform/_apis/git/repositories/${SAMPLE_CHECK_IDS.repositories.templates}?${V}`,
        spec: GIT,
        definition: 'GitRepository',
        wrapper: 'none',
      },
      {
        name: 'git policy configurations',
        method: 'GET',
        url: `${org}${SAMPLE_IDS.projects.platform}/_apis/git/policy/configurations?repositoryId=${SAMPLE_CHECK_IDS.repositories.infra}&refName=refs/heads/main&${V}`,
        spec: GIT,
        definition: 'PolicyConfiguration',
        wrapper: 'collection',
      },
      {
        name: 'audit log',
        method: 'GET',
        url: `${emu.auditUrl}_apis/audit/auditlog?batchSize=3&${PREVIEW}`,
        spec: AUDIT,
        definition: 'AuditLogQueryResult',
        wrapper: 'none',
      },
      {
        name: 'work item type states',
        method: 'GET',
        url: `${wit}/workitemtypes/Task/states?${V}`,
        spec: WIT,
        definition: 'WorkItemStateColor',
        wrapper: 'collection',
      },
      {
        name: 'WIQL',
        method: 'POST',
        url: `${wit}/wiql?$top=50&${V}`,
        body: {
          query:
            "SELECT [System.Id], [System.Title] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Tags] CONTAINS 'pool-warden' ORDER BY [System.Id]",
        },
        spec: WIT,
        definition: 'WorkItemQueryResult',
        wrapper: 'none',
      },
      {
        name: 'work items',
        method: 'GET',
        url: `${wit}/workitems?ids=${followUp.id}&fields=System.Id,System.Title,System.State,System.Tags,System.AssignedTo&${V}`,
        spec: WIT,
        definition: 'WorkItem',
        wrapper: 'collection',
      },
      {
        name: 'work item create',
        method: 'POST',
        url: `${wit}/workitems/$Task?${V}`,
        headers: jsonPatch,
        body: [
          { op: 'add', path: '/fields/System.Title', value: 'Pool Linux: 1 finding' },
          { op: 'add', path: '/fields/System.Tags', value: 'pool-warden; security' },
          { op: 'add', path: '/fields/System.AssignedTo', value: emu.state.identity(SAMPLE_IDS.users.alice)!.principalName },
        ],
        spec: WIT,
        definition: 'WorkItem',
        wrapper: 'none',
      },
      {
        name: 'work item update',
        method: 'PATCH',
        url: `${wit}/workitems/${followUp.id}?${V}`,
        headers: jsonPatch,
        body: [
          { op: 'test', path: '/rev', value: followUp.rev },
          { op: 'replace', path: '/fields/System.State', value: 'Closed' },
          { op: 'add', path: '/fields/System.History', value: 'Resolved: no findings left.' },
        ],
        spec: WIT,
        definition: 'WorkItem',
        wrapper: 'none',
      },
      {
        name: 'work item comment',
        method: 'POST',
        url: `${wit}/workItems/${followUp.id}/comments?api-version=7.1-preview.4`,
        body: { text: 'Still 2 findings on the latest run.' },
        spec: WIT,
        definition: 'Comment',
        wrapper: 'none',
      },
      {
        name: 'job OIDC token',
        method: 'POST',
        url: `${org}${job.projectId}/_apis/distributedtask/hubs/build/plans/${job.planId}/jobs/${job.jobId}/oidctoken?serviceConnectionId=${SAMPLE_IDS.connections.wifArm}&${V}`,
        body: {},
        spec: TASK,
        definition: 'TaskHubOidcToken',
        wrapper: 'none',
        token: 'job',
      },
    ].map((c) => ({ ...c, ...(c.token === 'job' ? { jobToken: job.token } : {}) })) as Case[];
  }

  const covered = new Set<string>();

  it('validates a representative response of every route the tasks call', async () => {
    const drift: string[] = [];
    for (const c of cases()) {
      const bearer = c.token === 'job' ? (c as Case & { jobToken: string }).jobToken : admin;
      const response = await call(emu, c.method, c.url, { token: bearer, body: c.body, headers: c.headers });
      assert.equal(response.status, 200, `${c.name}: ${response.text.slice(0, 300)}`);
      covered.add(`${c.method} ${emu.requests.at(-1)!.route}`);
      const validate = validatorFor(c.spec, c.definition, c.wrapper);
      if (!validate(response.json)) {
        const errors = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
        drift.push(`${c.name} (${String(c.definition)}):\n    ${errors.join('\n    ')}`);
      }
    }
    assert.deepEqual(drift, [], `responses that drift from the 7.1 specifications:\n  ${drift.join('\n  ')}`);
  });

  it('covers every Azure DevOps, vssps, auditservice and job OIDC route of the emulator, or says why not', () => {
    assert.ok(covered.size > 0, 'runs after the validation test');
    const uncovered = emu
      .routes()
      .filter((route) => ['ado', 'vssps', 'auditservice', 'oidc'].includes(route.service))
      .map((route) => `${route.method} ${route.template}`)
      .filter((key) => !covered.has(key) && !NO_SCHEMA[key]);
    assert.deepEqual(uncovered, [], 'routes without a schema check: add a case or a reason in NO_SCHEMA');
  });

  it('catches drift: a field the definition lacks, a wrong type, a flag outside the enum', () => {
    const pool = { id: 1, name: 'Default', isHosted: false, poolType: 'automation', options: 'elasticPool, singleUseAgents', size: 1 };
    const validate = validatorFor(TASK_AGENT, 'TaskAgentPool', 'none');
    assert.equal(validate(pool), true, JSON.stringify(validate.errors));
    assert.equal(validate({ ...pool, _links: { self: { href: 'x' } } }), false, 'TaskAgentPool has no _links');
    assert.equal(validate({ ...pool, id: '1' }), false, 'id is an integer');
    assert.equal(validate({ ...pool, options: 'elasticPool, sometimes' }), false);
    const tokens = validatorFor(TOKEN_ADMIN, 'TokenAdminPagedSessionTokens', 'none');
    assert.equal(
      tokens({
        value: [{ authorizationId: '00000000-0000-0000-0000-000000000001', validTo: '2026-12-01T00:00:00' }],
        continuationToken: null,
      }),
      true,
    );
    assert.equal(tokens({ value: [{ authorizationId: '00000000-0000-0000-0000-000000000001', validTo: 'soon' }] }), false);
  });

  it('catches drift in a subtype: settings of another check type, a process of an unknown type, a non-object JObject', () => {
    const check = validatorFor(CHECKS, 'CheckConfiguration', 'none');
    const approval = { id: 1, type: { id: '8c6f20a7-a545-4486-9777-f762fafe0d4d', name: 'Approval' }, timeout: 43200 };
    const approvalSettings = { approvers: [{ id: SAMPLE_IDS.users.alice }], minRequiredApprovers: 1, requesterCannotBeApprover: true };
    assert.equal(check({ ...approval, settings: approvalSettings }), true, JSON.stringify(check.errors));
    assert.equal(check({ ...approval, settings: { ...approvalSettings, minRequiredApprovers: '1' } }), false);
    assert.equal(check({ ...approval, settings: { displayName: 'Branch control', inputs: {} } }), false, 'task check settings');
    assert.equal(check({ ...approval, version: 1 }), false, 'CheckConfiguration has no version');
    const other = { ...approval, type: { id: '4020e66e-b0f3-47e1-bc88-48f3cc59b5f3', name: 'ExtendsCheck' } };
    assert.equal(check({ ...other, settings: { extendsChecks: [] } }), true, 'free-form settings of other check types');
    const definition = validatorFor(BUILD, 'BuildDefinition', 'none');
    assert.equal(definition({ id: 5, process: { type: 2, yamlFilename: 'azure-pipelines.yml' } }), true, JSON.stringify(definition.errors));
    assert.equal(
      definition({ id: 5, process: { type: 1, yamlFilename: 'azure-pipelines.yml' } }),
      false,
      'designer process has no yamlFilename',
    );
    assert.equal(definition({ id: 5, process: { type: 7 } }), false, 'unknown process type');
    const policies = validatorFor(GIT, 'PolicyConfiguration', 'collection');
    assert.equal(policies({ count: 1, value: [{ id: 101, settings: { minimumApproverCount: 2 } }] }), true);
    assert.equal(policies({ count: 1, value: [{ id: 101, settings: '{"minimumApproverCount":2}' }] }), false, 'settings are an object');
  });

  it('catches drift in work item tracking: a renamed comment id, fields that are not a map, a query type outside the enum', () => {
    const comment = validatorFor(WIT, 'Comment', 'none');
    const added = { workItemId: 101, id: 1, version: 1, text: 'hi', isDeleted: false, createdDate: '2026-12-01T08:00:00Z' };
    assert.equal(comment(added), true, JSON.stringify(comment.errors));
    // The migrated 5.1 example of Comments_Add shows `commentId`; the 7.1 definition (and the service) say `id`.
    const { id, ...rest } = added;
    assert.equal(comment({ ...rest, commentId: id }), false, 'Comment has no commentId');
    const item = validatorFor(WIT, 'WorkItem', 'none');
    assert.equal(item({ id: 101, rev: 1, fields: { 'System.Title': 'x', 'System.AssignedTo': { id: 'a' } } }), true);
    assert.equal(item({ id: 101, rev: 1, fields: [{ name: 'System.Title', value: 'x' }] }), false, 'fields is a map');
    const result = validatorFor(WIT, 'WorkItemQueryResult', 'none');
    assert.equal(result({ queryType: 'flat', queryResultType: 'workItem', workItems: [{ id: 101, url: 'u' }] }), true);
    assert.equal(result({ queryType: 'list', queryResultType: 'workItem', workItems: [] }), false, 'queryType enum');
    const states = validatorFor(WIT, 'WorkItemStateColor', 'collection');
    assert.equal(states({ count: 1, value: [{ name: 'New', color: 'b2b2b2', category: 'Proposed' }] }), true);
    assert.equal(states({ count: 1, value: [{ name: 'New', color: 'b2b2b2', stateCategory: 'Proposed' }] }), false);
  });

  it('vendors exactly the roots and what they reference, as test/schemas/README.md lists them', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../schemas/README.md'), 'utf8');
    assert.ok(readme.includes(VENDORED.source.commit), 'README names the vendored commit');
    for (const [spec, { roots, definitions }] of Object.entries(VENDORED.specs)) {
      const reached = new Set<string>();
      const visit = (name: string) => {
        if (reached.has(name)) return;
        reached.add(name);
        assert.ok(definitions[name], `${spec}: ${name} is referenced but not vendored`);
        for (const [, ref] of JSON.stringify(definitions[name]).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) visit(ref);
      };
      roots.forEach(visit);
      assert.deepEqual(Object.keys(definitions).sort(), [...reached].sort(), `${spec}: only the roots and what they reference`);
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${spec.replace('specification/', '')}\``));
      assert.equal(row?.split('|')[2].trim(), roots.join(', '), `${spec}: README row lists its roots`);
    }
  });
});
