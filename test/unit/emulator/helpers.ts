import { request as httpsRequest } from 'node:https';
import { ADO_RESOURCE, ARM_AUDIENCE, SAMPLE_IDS, type Emulator } from '../../../emulator';
import { decodeJwt } from '../../../emulator/jwt';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** One HTTPS request to the emulator, trusting its certificate through `ca`. */
export function call(
  emu: Emulator,
  method: string,
  url: string,
  options: { token?: string; body?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const target = new URL(url, emu.url);
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.form) {
    payload = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(target, { method, headers, ca: emu.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parsed });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Entra token through the client secret grant. */
export async function secretToken(emu: Emulator, appId: string, secret: string, scope: string): Promise<string> {
  const res = await call(emu, 'POST', `/${SAMPLE_IDS.tenantId}/oauth2/v2.0/token`, {
    form: { grant_type: 'client_credentials', client_id: appId, client_secret: secret, scope },
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return res.json.access_token;
}

/** Entra token the way a WIF task gets it: job token → OIDC token → client assertion. */
export async function wifToken(emu: Emulator, connectionId: string, appId: string, scope: string): Promise<string> {
  const job = emu.state.issueJobToken(SAMPLE_IDS.projects.platform);
  const oidcUrl = `${emu.orgUrl}${job.projectId}/_apis/distributedtask/hubs/build/plans/${job.planId}/jobs/${job.jobId}/oidctoken?api-version=7.1&serviceConnectionId=${connectionId}`;
  const oidc = await call(emu, 'POST', oidcUrl, { token: job.token, body: {} });
  if (oidc.status !== 200) throw new Error(`oidc failed: ${oidc.status} ${oidc.text}`);
  const res = await call(emu, 'POST', `/${SAMPLE_IDS.tenantId}/oauth2/v2.0/token`, {
    form: {
      grant_type: 'client_credentials',
      client_id: appId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: oidc.json.oidcToken,
      scope,
    },
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return res.json.access_token;
}

export const ADO_SCOPE = `${ADO_RESOURCE}/.default`;
export const ARM_SCOPE = `${ARM_AUDIENCE}.default`;

/** The claims of a JWT (no verification). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const decoded = decodeJwt(jwt);
  if (!decoded) throw new Error(`not a JWT: ${jwt.slice(0, 20)}…`);
  return decoded.claims;
}
