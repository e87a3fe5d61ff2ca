/** Resource, principal and evidence for PAT findings. A token value is never available or copied. */
import type { Finding, PrincipalRef, ResourceRef } from '../model/finding';
import type { PatOwner, PatToken } from '../model/pat';
import { tokenType } from './lifecycle';

export function patResource(token: PatToken, owner: PatOwner): ResourceRef {
  return {
    kind: 'pat',
    id: token.authorizationId,
    name: token.displayName,
    parent: { kind: 'user', id: owner.descriptor, name: owner.displayName },
  };
}

/** Owner with display name and mail so people can be contacted. */
export function ownerPrincipal(owner: PatOwner): PrincipalRef {
  const ref: PrincipalRef = { id: owner.descriptor, descriptor: owner.descriptor, displayName: owner.displayName, kind: 'user' };
  if (owner.principalName) ref.principalName = owner.principalName;
  if (owner.mailAddress) ref.mailAddress = owner.mailAddress;
  return ref;
}

/** "Token 'build-agent' of Jane Doe <jane@contoso.com>" ("SSH key '…'" for SSH keys). */
export function describeToken(token: PatToken, owner: PatOwner): string {
  const contact = owner.mailAddress ?? owner.principalName;
  return `${token.isPublic ? 'SSH key' : 'Token'} '${token.displayName}' of ${owner.displayName}${contact ? ` <${contact}>` : ''}`;
}

/** Facts every PAT finding carries. */
export function tokenEvidence(token: PatToken): Finding['evidence'] {
  return {
    tokenType: tokenType(token),
    scopes: token.scopes.join(' '),
    global: token.targetAccounts === null,
    validFrom: token.validFrom.toISOString(),
    validTo: token.validTo.toISOString(),
    isValid: token.isValid,
  };
}
