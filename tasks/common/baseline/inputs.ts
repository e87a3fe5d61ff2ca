import { readChoice, readString, type InputReader } from '../inputs/read';
import type { FailOn } from '../report/model';

export const FAIL_ON: readonly FailOn[] = ['all', 'new'];

export interface BaselineInputs {
  /** A path (must exist) or a pattern (may match nothing on a first run, never more than one file). */
  baselineFile?: string;
  failOn: FailOn;
}

/** Parses `baselineFile` and `failOn`; errors name the input and the allowed values. */
export function parseBaselineInputs(read: InputReader): BaselineInputs {
  return {
    baselineFile: readString(read, 'baselineFile'),
    failOn: readChoice(read, 'failOn', FAIL_ON, 'all'),
  };
}
