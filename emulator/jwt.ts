import { createPublicKey, createSign, createVerify, constants, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';

/** Claims of the JWTs the emulator issues and reads. */
export type JwtClaims = Record<string, unknown> & { iss?: string; aud?: string; sub?: string; exp?: number; iat?: number; nbf?: number };

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: JwtClaims;
  signingInput: string;
  signature: Buffer;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Splits a compact JWT without verifying it; returns undefined when it is not a JWT. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')),
      claims: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
      signingInput: `${parts[0]}.${parts[1]}`,
      signature: Buffer.from(parts[2], 'base64url'),
    };
  } catch {
    return undefined;
  }
}

/** Verifies an RS256 or PS256 signature with a public key (or certificate) PEM / KeyObject. */
export function verifyJwtSignature(decoded: DecodedJwt, key: KeyObject | string): boolean {
  const alg = decoded.header.alg;
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(decoded.signingInput);
  if (alg === 'RS256') return verifier.verify(publicKey, decoded.signature);
  if (alg === 'PS256') {
    return verifier.verify(
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
      decoded.signature,
    );
  }
  return false;
}

/** The emulator's signing key: one RSA key made at start, used for OIDC and Entra tokens. */
export class JwtSigner {
  readonly kid = randomUUID();
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Every token this signer made, so tests can check none of them leaks into task output. */
  readonly issued: string[] = [];

  /** @param pair an RSA key pair to reuse (making one costs 100–500 ms); a new one when omitted */
  constructor(pair: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync('rsa', { modulusLength: 2048 })) {
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** Signs the claims with RS256 and this signer's `kid`. */
  sign(claims: JwtClaims): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.kid, x5t: this.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signer = createSign('RSA-SHA256');
    signer.update(input);
    const token = `${input}.${b64url(signer.sign(this.privateKey))}`;
    this.issued.push(token);
    return token;
  }

  /** Decodes and checks the signature; undefined when the token was not signed by this signer. */
  verify(token: string): DecodedJwt | undefined {
    const decoded = decodeJwt(token);
    if (!decoded || decoded.header.kid !== this.kid) return undefined;
    return verifyJwtSignature(decoded, this.publicKey) ? decoded : undefined;
  }

  /** The public key as a JWK set entry (for `jwks_uri`). */
  jwk(): Record<string, unknown> {
    return { ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', kty: 'RSA', alg: 'RS256' };
  }
}
