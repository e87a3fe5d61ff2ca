/** Which read failures make a posture or audit-log part `unknown` instead of failing the run. */
import { AreaNotFoundError } from '../ado/api';
import { HttpError, SignInError } from '../http/errors';

/**
 * Any refusal (4xx other than 429, which the HTTP layer retries): 401/403 (not allowed), 404 (not there: not
 * Entra-backed, or the route is gone), 405 (the route refuses GET) and 400 (an undocumented route that started to
 * want another api-version or parameter). These reads are undocumented or optional, so a refusal makes that part
 * `unknown` and never stops the token audit. The location service not knowing the host's area (vssps, auditservice:
 * an AreaNotFoundError, a 404 on the area lookup) and a sign-in page instead of JSON mean the same. A 5xx after
 * retries or a body that is not the expected JSON is a real failure.
 */
export function isUnreadable(error: unknown): error is HttpError | AreaNotFoundError | SignInError {
  if (error instanceof AreaNotFoundError || error instanceof SignInError) return true;
  return error instanceof HttpError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

/** "HTTP 403 (AccessCheckException): Access denied …" — the status and the service's own words, never a token. */
export function unreadableReason(error: HttpError | AreaNotFoundError | SignInError): string {
  if (error instanceof AreaNotFoundError) return error.message;
  if (error instanceof SignInError) return `HTTP ${error.status}: answered with a sign-in page instead of JSON`;
  const code = error.code ? ` (${error.code})` : '';
  const said = error.serviceMessage ? `: ${error.serviceMessage}` : '';
  return `HTTP ${error.status}${code}${said}`;
}
