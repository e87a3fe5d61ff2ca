import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** A PEM certificate plus its private key. */
export interface PemPair {
  cert: string;
  key: string;
}

/** RSA key made by node's native crypto (much faster than generating it in JavaScript). */
function nativeKeyPair(): { privateKey: string; publicKey: string } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Makes the loopback server certificate (CN and SAN 127.0.0.1 / localhost), valid for a day. */
export async function makeServerCertificate(): Promise<PemPair> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyPair: nativeKeyPair(),
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  } as Parameters<typeof generate>[1]);
  return { cert: pems.cert, key: pems.private };
}

/**
 * Makes a client certificate for a service principal's certificate credential (seed `certificatePem`,
 * connection `servicePrincipalCertificate`). `pem` holds key + certificate, as the ARM connection stores it.
 */
export async function makeClientCertificate(commonName = 'pool-warden-sp'): Promise<PemPair & { pem: string; thumbprintSha1: string }> {
  const pems = await generate([{ name: 'commonName', value: commonName }], { keyPair: nativeKeyPair(), algorithm: 'sha256' } as Parameters<
    typeof generate
  >[1]);
  const x509 = new X509Certificate(pems.cert);
  return { cert: pems.cert, key: pems.private, pem: `${pems.private}\n${pems.cert}`, thumbprintSha1: x509.fingerprint.replace(/:/g, '') };
}

/** base64url SHA-1 and SHA-256 thumbprints of a certificate, as MSAL puts them in `x5t` / `x5t#S256`. */
export function certificateThumbprints(certPem: string): { x5t: string; x5tS256: string } {
  const x509 = new X509Certificate(certPem);
  const toB64 = (fp: string) => Buffer.from(fp.replace(/:/g, ''), 'hex').toString('base64url');
  return { x5t: toB64(x509.fingerprint), x5tS256: toB64(x509.fingerprint256) };
}
