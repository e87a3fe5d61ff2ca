import { parseBaselineInputs, type BaselineInputs } from '../baseline/inputs';
import { InputError, readChoice, readString, type InputReader } from '../inputs/read';
import { SEVERITIES, type SeverityThreshold } from '../model/finding';

export interface MergeInputs extends BaselineInputs {
  /** Paths or glob patterns, one per line or comma-separated. */
  reportFiles: string[];
  searchFolder?: string;
  failOnSeverity: SeverityThreshold;
  reportDirectory?: string;
}

const THRESHOLDS: readonly SeverityThreshold[] = ['none', ...SEVERITIES];

export function parseMergeInputs(read: InputReader): MergeInputs {
  const patterns = readString(read, 'reportFiles', { required: true })
    .split(/[\r\n,]+/)
    .map((pattern) => pattern.trim())
    .filter(Boolean);
  if (patterns.length === 0)
    throw new InputError('reportFiles', 'is required: one or more report paths or patterns, e.g. $(Pipeline.Workspace)/**/*.json.');
  return {
    reportFiles: patterns,
    searchFolder: readString(read, 'searchFolder'),
    failOnSeverity: readChoice(read, 'failOnSeverity', THRESHOLDS, 'high'),
    reportDirectory: readString(read, 'reportDirectory'),
    ...parseBaselineInputs(read),
  };
}
