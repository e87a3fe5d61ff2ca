import { parseCommonAuditInputs, type CommonAuditInputs } from '../inputs/audit-common';
import { InputError, readBoolean, readChoice, readInteger, type InputReader } from '../inputs/read';
import { policyInputError } from '../report/publish';
import { REVOCATION_MODES, type RevocationMode } from './revocation';

export interface PatAuditInputs extends CommonAuditInputs {
  maxLifetimeDays?: number;
  expiringWithinDays?: number;
  noticeWithinDays?: number;
  includeSshKeys: boolean;
  maxSshKeyLifetimeDays?: number;
  checkPolicies: boolean;
  /** Days of audit log to read; 0 = skip the audit log. */
  auditLookbackDays: number;
  revoke: RevocationMode;
}

/** The audit log keeps 90 days; a longer look-back would read nothing more. */
export const MAX_AUDIT_LOOKBACK_DAYS = 90;

/** Parses every PatAudit input; errors name the input and the allowed values. */
export function parsePatAuditInputs(read: InputReader, collectionUri?: string): PatAuditInputs {
  return {
    ...parseCommonAuditInputs(read, collectionUri),
    maxLifetimeDays: readInteger(read, 'maxLifetimeDays', { min: 1, max: 3650 }),
    expiringWithinDays: readInteger(read, 'expiringWithinDays', { min: 0, max: 365 }),
    noticeWithinDays: readInteger(read, 'noticeWithinDays', { min: 0, max: 365 }),
    includeSshKeys: readBoolean(read, 'includeSshKeys', false),
    maxSshKeyLifetimeDays: readInteger(read, 'maxSshKeyLifetimeDays', { min: 1, max: 3650 }),
    checkPolicies: readBoolean(read, 'checkPolicies', true),
    auditLookbackDays: readInteger(read, 'auditLookbackDays', { min: 0, max: MAX_AUDIT_LOOKBACK_DAYS, default: 30 }),
    revoke: readChoice(read, 'revoke', REVOCATION_MODES, 'none'),
  };
}

/** The settings that are checked against each other once inputs and the policy file are combined. */
export interface PatWindowSettings {
  expiringWithinDays: number;
  noticeWithinDays: number;
  agentTokenNamePattern: string;
}

/**
 * Checks what only the combination of task inputs and policy file can get wrong, and blames the input the bad
 * value came from: the notice window must contain the expiring window (an input wins over the file, so the input
 * given is named first), and the agent token name pattern (policy only) must be a regular expression.
 */
export function checkCombinedPatSettings(
  settings: PatWindowSettings,
  inputs: Pick<PatAuditInputs, 'expiringWithinDays' | 'noticeWithinDays'>,
  policySource: string,
): void {
  const { expiringWithinDays: expiring, noticeWithinDays: notice } = settings;
  if (notice < expiring) {
    if (inputs.noticeWithinDays !== undefined) {
      throw new InputError(
        'noticeWithinDays',
        `must be at least expiringWithinDays (${expiring}): the notice window contains the expiring window; got ${notice}.`,
      );
    }
    if (inputs.expiringWithinDays !== undefined) {
      throw new InputError(
        'expiringWithinDays',
        `must be at most noticeWithinDays (${notice}): the notice window contains the expiring window; got ${expiring}.`,
      );
    }
    throw policyInputError(policySource, [
      { path: 'settings.noticeWithinDays', problem: `must be at least settings.expiringWithinDays (${expiring}), got ${notice}` },
    ]);
  }
  try {
    new RegExp(settings.agentTokenNamePattern, 'i');
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: /, '');
    throw policyInputError(policySource, [
      {
        path: 'settings.agentTokenNamePattern',
        problem: `must be a regular expression (matched case-insensitively), e.g. agent|pool|registration; got ${JSON.stringify(settings.agentTokenNamePattern)} (${reason})`,
      },
    ]);
  }
}
