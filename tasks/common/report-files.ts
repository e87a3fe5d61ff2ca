import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskHost } from './host';
import { toSafeJson } from './report/escape';

/** Where a task writes its reports: the `reportDirectory` input, else the job's temp folder. */
export function reportDirectoryOf(host: TaskHost, input: string | undefined): string {
  const dir = input || path.join(host.tempDirectory(), 'pool-warden');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Where relative paths in inputs start: the pipeline's working directory (the sources folder), else the process's. */
export function workingDirectory(host: TaskHost): string {
  return host.variable('System.DefaultWorkingDirectory') || process.cwd();
}

/**
 * Writes a JSON report. Names in it come from the organization: `##vso[` / `##[` are written as `#\u0023…`, which
 * parses back to the same text but cannot act as a logging command when a later step prints the file.
 */
export function writeJson(dir: string, fileName: string, value: unknown): string {
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, `${toSafeJson(value)}\n`, 'utf8');
  return file;
}

/**
 * The name a report is attached under: `<task>-<organization>` (e.g. `PoolRoleAudit-contoso`), so several tasks and
 * organizations in one run stay apart. Only letters, digits, `.`, `_` and `-` survive (the name is a URL path segment
 * of the Build attachments API); at most 100 characters.
 */
export function reportAttachmentName(task: string, organization: string): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return `${clean(task)}-${clean(organization) || 'organization'}`.slice(0, 100);
}
