import { readBoolean, readChoice, readHttpsUrl, readInteger, readString, type InputReader } from './read';
import type { SeverityThreshold } from '../model/finding';

const SEVERITY_THRESHOLDS: readonly SeverityThreshold[] = ['none', 'low', 'medium', 'high', 'critical'];

/** The inputs both audits take, with the same names, defaults and limits. */
export interface CommonAuditInputs {
  organizationUrl: string;
  policyFile?: string;
  failOnSeverity: SeverityThreshold;
  dryRun: boolean;
  reportDirectory?: string;
  maxConcurrency: number;
}

/** Parses the inputs both audits take; errors name the input and the allowed values. */
export function parseCommonAuditInputs(read: InputReader, collectionUri?: string): CommonAuditInputs {
  return {
    organizationUrl: readHttpsUrl(read, 'organizationUrl', collectionUri),
    policyFile: readString(read, 'policyFile'),
    failOnSeverity: readChoice(read, 'failOnSeverity', SEVERITY_THRESHOLDS, 'high'),
    dryRun: readBoolean(read, 'dryRun', false),
    reportDirectory: readString(read, 'reportDirectory'),
    maxConcurrency: readInteger(read, 'maxConcurrency', { default: 32, min: 1, max: 64 }),
  };
}
