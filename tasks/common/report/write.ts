import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCsvFile } from './csv';
import { writeJUnitFile } from './junit';
import { toMarkdownSummary, type MarkdownSection } from './markdown';
import type { AuditReport } from './model';
import { writeSafeJsonFile } from './json-stream';
import { writeSarifFile } from './sarif';

export interface WrittenReports {
  jsonPath: string;
  sarifPath: string;
  junitPath: string;
  csvPath: string;
  markdownPath: string;
}

/**
 * Writes all five reports into `directory` (created when missing) as `<baseName>.json`, `.sarif`, `.junit.xml`,
 * `.csv` and `.md`. `baseName` must be a plain file name (no path separators).
 */
export async function writeReports(
  report: AuditReport,
  directory: string,
  baseName: string,
  sections: readonly MarkdownSection[] = [],
): Promise<WrittenReports> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(baseName) || baseName.includes('..')) {
    throw new Error(`writeReports: base name "${baseName}" must be a plain file name (letters, digits, . _ -)`);
  }
  await mkdir(directory, { recursive: true });
  const paths: WrittenReports = {
    jsonPath: join(directory, `${baseName}.json`),
    sarifPath: join(directory, `${baseName}.sarif`),
    junitPath: join(directory, `${baseName}.junit.xml`),
    csvPath: join(directory, `${baseName}.csv`),
    markdownPath: join(directory, `${baseName}.md`),
  };
  // One after the other, each written in small pieces: a large audit (tens of thousands of findings) never holds
  // a whole report text in memory, which keeps the PAT audit of a 10,000-user organization within 256 MB.
  writeSafeJsonFile(paths.jsonPath, report);
  writeSarifFile(report, paths.sarifPath);
  writeJUnitFile(report, paths.junitPath);
  writeCsvFile(report, paths.csvPath);
  await writeFile(paths.markdownPath, `${toMarkdownSummary(report, sections)}\n`, 'utf8');
  return paths;
}
