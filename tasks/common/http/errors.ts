/** Errors raised by the HTTP layer. Messages carry method, URL and the service's own message; never a token. */

export interface HttpErrorDetails {
  method: string;
  url: string;
  status: number;
  /** The service's message (`message` of Azure DevOps errors, `error.message` of ARM/Entra errors). */
  serviceMessage?: string;
  /** Azure DevOps `typeKey` or ARM/Entra `error.code`. */
  code?: string;
  requestId?: string;
}

/** A request that got a non-success answer (after retries). */
export class HttpError extends Error {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly serviceMessage?: string;
  readonly code?: string;

  constructor(details: HttpErrorDetails, options?: { cause?: unknown }) {
    const service = details.serviceMessage ? `: ${details.serviceMessage}` : '';
    const code = details.code ? ` (${details.code})` : '';
    super(`${details.method} ${redactUrl(details.url)} failed with HTTP ${details.status}${code}${service}`, options);
    this.name = 'HttpError';
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.serviceMessage = details.serviceMessage;
    this.code = details.code;
  }
}

/**
 * Azure DevOps answered with a sign-in page (HTTP 203 or HTML) instead of JSON: the identity is not
 * signed in or not a member of the organization. Never retried.
 */
export class SignInError extends Error {
  readonly url: string;
  readonly status: number;
  constructor(method: string, url: string, status: number) {
    super(
      `${method} ${redactUrl(url)} returned ${status === 203 ? 'HTTP 203 with' : 'HTTP ' + status + ' and'} an HTML sign-in page ` +
        'instead of JSON: the identity is not signed in to this organization. Check that the service principal of the ' +
        'service connection was added to the organization (Organization settings > Users) and that the organization URL is right.',
    );
    this.name = 'SignInError';
    this.url = url;
    this.status = status;
  }
}

/** Drops query strings that could carry secrets (none of ours do, but URLs end up in logs). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|sig|secret|code/i.test(key) && key.toLowerCase() !== 'continuationtoken') {
        parsed.searchParams.set(key, 'REDACTED');
      }
    }
    return parsed.toString();
  } catch {
    return url;
  }
}

/** True for errors that mean "you may not see this" rather than "something broke". */
export function isAccessDenied(error: unknown): error is HttpError {
  return error instanceof HttpError && (error.status === 401 || error.status === 403);
}
