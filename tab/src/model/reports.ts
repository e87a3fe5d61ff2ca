/**
 * What the tab makes of the run's report attachments: one view per task and organization. Pure data, no DOM: the
 * reports come from the run (names from the organization), so every field is read defensively and fields this
 * version does not know are kept and shown as they are, never dropped and never interpreted as markup.
 */

export type Json = Record<string, unknown>;

/** One attachment the Build API listed and the JSON it held (or why it could not be read). */
export interface LoadedAttachment {
  name: string;
  json?: unknown;
  error?: string;
}

export type ReportView =
  | { kind: 'audit'; key: string; task: string; organization: string; label: string; report: Json }
  | { kind: 'inventory'; key: string; task: string; organization: string; label: string; report: Json }
  | { kind: 'scaling'; key: string; task: string; organization: string; label: string; report: Json }
  | { kind: 'unreadable'; key: string; task: string; organization: string; label: string; reason: string };

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const text = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** `PoolRoleAudit-contoso` → task and organization (the organization may itself hold dashes). */
export function splitAttachmentName(name: string): { task: string; organization: string } {
  const dash = name.indexOf('-');
  return dash < 0 ? { task: name, organization: '' } : { task: name.slice(0, dash), organization: name.slice(dash + 1) };
}

/** Organization name of a URL: the first path segment (dev.azure.com/org), else the first label of the host. */
export function organizationOf(url: unknown): string {
  try {
    const parsed = new URL(text(url));
    const first = parsed.pathname.split('/').filter(Boolean)[0];
    return first ? decodeURIComponent(first) : parsed.hostname.split('.')[0];
  } catch {
    return '';
  }
}

const TASK_LABELS: Record<string, string> = {
  PoolRoleAudit: 'Pool role audit',
  PatAudit: 'PAT audit',
  PoolInventory: 'Inventory',
  ScaleSetAgents: 'Scaling',
};

function view(kind: 'audit' | 'inventory' | 'scaling', task: string, organization: string, report: Json, suffix = ''): ReportView {
  const label = `${TASK_LABELS[task] ?? task}${organization ? ` · ${organization}` : ''}${suffix}`;
  return { kind, key: `${task}|${organization}|${suffix}`, task, organization, label, report };
}

/**
 * The views one attachment gives: an audit, an inventory, a scaling run, or, for a merged report, one audit view per
 * task and organization it merged. Anything else becomes an `unreadable` view saying why.
 */
export function viewsOf(attachment: LoadedAttachment): ReportView[] {
  const fromName = splitAttachmentName(attachment.name);
  const unreadable = (reason: string): ReportView[] => [
    { kind: 'unreadable', key: `${attachment.name}|unreadable`, ...fromName, label: attachment.name, reason },
  ];
  if (attachment.error) return unreadable(attachment.error);
  const report = attachment.json;
  if (!isObject(report)) return unreadable('The attachment is not a JSON object.');
  const task = text(report.task);
  const organizationObject = isObject(report.organization) ? report.organization : {};
  const organization = text(organizationObject.name) || organizationOf(organizationObject.url) || fromName.organization;
  switch (task) {
    case 'PoolRoleAudit':
    case 'PatAudit':
      return [view('audit', task, organization, report)];
    case 'PoolInventory':
      return [view('inventory', task, organization, report)];
    case 'ScaleSetAgents':
      return [view('scaling', task, organization, report)];
    case 'ReportMerge': {
      const merged = list(report.reports).filter(isObject);
      if (merged.length === 0) return unreadable('The merged report holds no audit.');
      return merged.map((inner) => {
        const innerOrg = isObject(inner.organization) ? inner.organization : {};
        return view('audit', text(inner.task), text(innerOrg.name) || organizationOf(innerOrg.url), inner, ' (merged)');
      });
    }
    default:
      return unreadable(`Unknown report task '${task}' (schema version ${text(report.schemaVersion) || 'none'}).`);
  }
}

/** All views of a run, in a stable order: audits first, then inventory, scaling; by task, organization. */
export function viewsOfRun(attachments: LoadedAttachment[]): ReportView[] {
  const order = { audit: 0, inventory: 1, scaling: 2, unreadable: 3 };
  const seen = new Set<string>();
  return attachments
    .flatMap(viewsOf)
    .filter((v) => (seen.has(v.key) ? false : (seen.add(v.key), true)))
    .sort((a, b) => order[a.kind] - order[b.kind] || a.task.localeCompare(b.task) || a.organization.localeCompare(b.organization));
}
