import { SEVERITY_THRESHOLDS } from '../audit/inputs';
import { readBoolean, readChoice, readHttpsUrl, readInteger, readString, type InputReader } from '../inputs/read';
import type { SeverityThreshold } from '../model/finding';
import { REVOCATION_MODES, type RevocationMode } from './revocation';

export interface PatAuditInputs {
  organizationUrl: string;
  policyFile?: string;
  failOnSeverity: SeverityThreshold;
  maxLifetimeDays?: number;
  expiringWithinDays?: number;
  noticeWithinDays?: number;
  includeSshKeys: boolean;
  revoke: RevocationMode;
  dryRun: boolean;
  reportDirectory?: string;
  maxConcurrency: number;
}

/** Parses every PatAudit input; errors name the input and the allowed values. */
export function parsePatAuditInputs(read: InputReader, collectionUri?: string): PatAuditInputs {
  return {
    organizationUrl: readHttpsUrl(read, 'organizationUrl', collectionUri),
    policyFile: readString(read, 'policyFile'),
    failOnSeverity: readChoice(read, 'failOnSeverity', SEVERITY_THRESHOLDS, 'high'),
    maxLifetimeDays: readInteger(read, 'maxLifetimeDays', { min: 1, max: 3650 }),
    expiringWithinDays: readInteger(read, 'expiringWithinDays', { min: 0, max: 365 }),
    noticeWithinDays: readInteger(read, 'noticeWithinDays', { min: 0, max: 365 }),
    includeSshKeys: readBoolean(read, 'includeSshKeys', false),
    revoke: readChoice(read, 'revoke', REVOCATION_MODES, 'none'),
    dryRun: readBoolean(read, 'dryRun', false),
    reportDirectory: readString(read, 'reportDirectory'),
    maxConcurrency: readInteger(read, 'maxConcurrency', { default: 8, min: 1, max: 64 }),
  };
}
