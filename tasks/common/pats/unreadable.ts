/** Which read failures make a posture or audit-log part `unknown` instead of failing the run. */
import { HttpError } from '../http/errors';

/**
 * 401/403 (not allowed), 404 (not there: not Entra-backed, or the route is gone) and 405 (the route refuses GET):
 * these undocumented reads answer that way when they cannot be used. Anything else (5xx after retries, bad JSON)
 * is a real failure.
 */
export const UNREADABLE_STATUSES: readonly number[] = [401, 403, 404, 405];

export function isUnreadable(error: unknown): error is HttpError {
  return error instanceof HttpError && UNREADABLE_STATUSES.includes(error.status);
}

/** "HTTP 403 (AccessCheckException): Access denied …" — the status and the service's own words, never a token. */
export function unreadableReason(error: HttpError): string {
  const code = error.code ? ` (${error.code})` : '';
  const said = error.serviceMessage ? `: ${error.serviceMessage}` : '';
  return `HTTP ${error.status}${code}${said}`;
}
