import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TaskHost } from './host';

/** Where a task writes its reports: the `reportDirectory` input, else the job's temp folder. */
export function reportDirectoryOf(host: TaskHost, input: string | undefined): string {
  const dir = input || path.join(host.tempDirectory(), 'pool-warden');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeJson(dir: string, fileName: string, value: unknown): string {
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  return file;
}
