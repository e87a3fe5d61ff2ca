import { createSign, randomUUID } from 'node:crypto';
import { certificateThumbprints } from '../../../emulator/cert';

/** Builds the RS256 client assertion MSAL makes for a certificate credential (x5t header). */
export function SignJwtForTest(pair: { cert: string; key: string }, appId: string, audience: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', x5t: certificateThumbprints(pair.cert).x5t };
  const claims = { aud: audience, iss: appId, sub: appId, jti: randomUUID(), nbf: now, exp: now + 600 };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signer = createSign('RSA-SHA256');
  signer.update(input);
  return `${input}.${signer.sign(pair.key).toString('base64url')}`;
}
