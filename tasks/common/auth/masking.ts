import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { SecretMasker } from '../model/context';

/** Wraps a credential so every token it hands out is masked before anyone can log it. */
export function maskingCredential(inner: TokenCredential, mask: SecretMasker): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const token = await inner.getToken(scopes, options);
      if (token) mask(token.token);
      return token;
    },
  };
}

/**
 * A policy for the identity library's own HTTP pipeline: masks the OIDC token and the access token in
 * the responses of the OIDC and token endpoints the moment they arrive, before MSAL sees them.
 */
export function tokenResponseMaskingPolicy(mask: SecretMasker): PipelinePolicy {
  return {
    name: 'poolWardenTokenMasking',
    async sendRequest(request, next) {
      const response = await next(request);
      const text = response.bodyAsText;
      if (text && text.includes('oken')) {
        try {
          const body = JSON.parse(text) as Record<string, unknown>;
          for (const key of ['oidcToken', 'access_token', 'refresh_token', 'id_token']) {
            if (typeof body[key] === 'string') mask(body[key] as string);
          }
        } catch {
          // Not JSON: nothing to mask.
        }
      }
      return response;
    },
  };
}

/** A fixed token (the job's System.AccessToken) as a credential. */
export function staticTokenCredential(token: string, lifetimeMs = 60 * 60 * 1000): TokenCredential {
  return {
    getToken: async () => ({ token, expiresOnTimestamp: Date.now() + lifetimeMs }),
  };
}

const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/**
 * What to hand the agent's masker for one secret. The agent refuses values with line breaks (task-lib throws
 * "Secrets cannot contain multiple lines"), so a multi-line secret such as a certificate connection's PEM key is
 * masked line by line: every line of 8 characters or more, except the public `-----BEGIN …-----` armour.
 */
export function maskableParts(value: string): string[] {
  if (!/[\r\n]/.test(value)) return value ? [value] : [];
  return value
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 8 && !PEM_ARMOUR.test(line));
}
