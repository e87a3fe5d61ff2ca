/** Summary numbers and lists for the PAT audit report, output variables and summary tab. */
import type { Finding } from '../model/finding';
import type { PatOwner, PatToken } from '../model/pat';
import { DAY_MS } from './rule';
import { daysUntilExpiry, isLive, msUntilExpiry } from './lifecycle';
import { isFullAccess } from './scopes';
import type { PatAuditSettings } from './settings';

/** One audited token with its owner and the findings rules produced for it. */
export interface TokenWithFindings {
  token: PatToken;
  owner: PatOwner;
  findings: Finding[];
}

export interface OwnerContact {
  descriptor: string;
  displayName: string;
  mailAddress?: string;
  principalName?: string;
}

export interface TokenLine {
  authorizationId: string;
  /** `PAT` or `SSH key`: SSH keys are listed with the tokens and always labelled. */
  kind: 'PAT' | 'SSH key';
  name: string;
  validTo: string;
  daysLeft: number;
}

export interface TokenSummary {
  /** All tokens given (live or not), SSH keys included. */
  tokenCount: number;
  /** SSH keys among them (`includeSshKeys`). */
  sshKeyCount: number;
  liveTokenCount: number;
  /** Live tokens with `targetAccounts` null. */
  globalTokenCount: number;
  /** Live tokens with full access. */
  fullScopeTokenCount: number;
  /** Live tokens expiring within `noticeWithinDays` (everything PAT005 reports, both severities). */
  expiringTokenCount: number;
  /** Live global tokens with their owners (who must act before the cut-off). */
  globalTokens: Array<{ owner: OwnerContact; token: TokenLine }>;
  /** Live tokens expiring within `noticeWithinDays`, grouped by owner (owners by name, tokens by expiry). */
  expiringByOwner: Array<{ owner: OwnerContact; tokens: TokenLine[] }>;
}

function contact(owner: PatOwner): OwnerContact {
  const ref: OwnerContact = { descriptor: owner.descriptor, displayName: owner.displayName };
  if (owner.mailAddress) ref.mailAddress = owner.mailAddress;
  if (owner.principalName) ref.principalName = owner.principalName;
  return ref;
}

function line(token: PatToken, now: Date): TokenLine {
  return {
    authorizationId: token.authorizationId,
    kind: token.isPublic ? 'SSH key' : 'PAT',
    name: token.displayName,
    validTo: token.validTo.toISOString(),
    daysLeft: daysUntilExpiry(token, now),
  };
}

/** Computes the summary from the audited tokens (findings are not needed, only token facts). Pure. */
export function summarizeTokens(entries: readonly TokenWithFindings[], settings: PatAuditSettings, now: Date): TokenSummary {
  const live = entries.filter((entry) => isLive(entry.token, now));
  const global = live.filter((entry) => entry.token.targetAccounts === null);
  const expiring = live.filter((entry) => msUntilExpiry(entry.token, now) <= settings.noticeWithinDays * DAY_MS);

  const byOwner = new Map<string, { owner: OwnerContact; tokens: TokenLine[] }>();
  for (const entry of expiring) {
    const group = byOwner.get(entry.owner.descriptor) ?? { owner: contact(entry.owner), tokens: [] };
    group.tokens.push(line(entry.token, now));
    byOwner.set(entry.owner.descriptor, group);
  }
  const expiringByOwner = [...byOwner.values()]
    .map((group) => ({ ...group, tokens: group.tokens.sort((a, b) => a.validTo.localeCompare(b.validTo)) }))
    .sort((a, b) => a.owner.displayName.localeCompare(b.owner.displayName));

  return {
    tokenCount: entries.length,
    sshKeyCount: entries.filter((entry) => entry.token.isPublic).length,
    liveTokenCount: live.length,
    globalTokenCount: global.length,
    fullScopeTokenCount: live.filter((entry) => isFullAccess(entry.token.scopes)).length,
    expiringTokenCount: expiring.length,
    globalTokens: global
      .map((entry) => ({ owner: contact(entry.owner), token: line(entry.token, now) }))
      .sort((a, b) => a.owner.displayName.localeCompare(b.owner.displayName) || a.token.name.localeCompare(b.token.name)),
    expiringByOwner,
  };
}
