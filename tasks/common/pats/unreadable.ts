/** Which read failures make a posture or audit-log part `unknown` instead of failing the run. */
import { HttpError } from '../http/errors';

/**
 * Any refusal (4xx other than 429, which the HTTP layer retries): 401/403 (not allowed), 404 (not there: not
 * Entra-backed, or the route is gone), 405 (the route refuses GET) and 400 (an undocumented route that started to
 * want another api-version or parameter). These reads are undocumented or optional, so a refusal makes that part
 * `unknown` and never stops the token audit. A 5xx after retries or a body that is not the expected JSON is a real failure.
 */
export function isUnreadable(error: unknown): error is HttpError {
  return error instanceof HttpError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

/** "HTTP 403 (AccessCheckException): Access denied …" — the status and the service's own words, never a token. */
export function unreadableReason(error: HttpError): string {
  const code = error.code ? ` (${error.code})` : '';
  const said = error.serviceMessage ? `: ${error.serviceMessage}` : '';
  return `HTTP ${error.status}${code}${said}`;
}
