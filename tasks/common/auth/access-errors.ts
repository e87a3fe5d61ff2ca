import { isAccessDenied } from '../http/errors';
import type { SignIn } from './credentials';

/**
 * Turns Azure DevOps' 401 / 403 on a run's first reads into an error that says who was refused and what to
 * change. A 401 (TF400813) means the identity is not a user of the organization at all; a 403 means it is one
 * but lacks the permission `needed` describes. Other errors pass through unchanged.
 */
export function explainAccessFailure(error: unknown, signIn: SignIn, needed: string): unknown {
  if (!isAccessDenied(error)) return error;
  const said = error.serviceMessage ? `: ${error.serviceMessage}` : '';
  const where = `${error.method} ${pathOf(error.url)}`;
  if (error.status === 401) {
    const fix = signIn.isJobToken
      ? 'The job access token is only valid for the organization that runs the pipeline: check organizationUrl, or use connectionType azureDevOps.'
      : 'Add the service principal (or managed identity) of that service connection to the organization as a user ' +
        '(Organization settings > Users), and check that organizationUrl names the right organization.';
    return new Error(`Azure DevOps did not accept ${signIn.description} (HTTP 401 on ${where}${said}). ${fix}`, { cause: error });
  }
  return new Error(`${capitalise(signIn.description)} may not ${needed} (HTTP 403 on ${where}${said}).`, { cause: error });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The path of a request URL (no host, no query), or the text as given when it is not a URL. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
