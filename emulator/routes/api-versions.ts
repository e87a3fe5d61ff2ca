/**
 * api-version rules of Azure DevOps routes: a missing version, an unknown one, or (on a preview-only route) one
 * without `-preview` is answered with 400 and the service's exception, as the real service does.
 */
import { adoError, type RouteContext, type RouteResponse } from '../http';

const NS = 'Microsoft.VisualStudio.Services.WebApi';
const LATEST = '7.2';
const VERSION = /^(\d+\.\d+)(?:-(preview)(?:\.(\d+))?)?$/i;

export interface VersionRule {
  /** `major.minor` versions the route exists in, e.g. `['7.1', '7.2']`. */
  versions: readonly string[];
  /** Preview-only route: `-preview` is required. */
  preview: boolean;
  /** Highest resource version (`-preview.N`); default 1. */
  resourceVersion?: number;
  /** The route works without any version (undocumented routes whose only client sends none). */
  optional?: boolean;
}

/** A 400 response when the request's api-version breaks the rule; undefined when it is fine. */
export function checkApiVersion(ctx: RouteContext, rule: VersionRule): RouteResponse | undefined {
  const given = ctx.query['api-version'];
  if (given === undefined || given.trim() === '') {
    if (rule.optional) return undefined;
    return adoError(
      400,
      'VssVersionNotSpecifiedException',
      `No api-version was supplied for the "${ctx.req.method ?? 'GET'}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
      NS,
    );
  }
  const match = VERSION.exec(given.trim());
  if (!match) return adoError(400, 'VssInvalidApiVersionException', `The value "${given}" is not a valid api-version.`, NS);
  const [, version, preview, resource] = match;
  if (!rule.versions.includes(version) || (resource !== undefined && Number(resource) > (rule.resourceVersion ?? 1))) {
    return adoError(
      400,
      'VssVersionOutOfRangeException',
      `The requested REST API version of ${given} is out of range for this server. The latest REST API version this server supports is ${LATEST}.`,
      NS,
    );
  }
  if (rule.preview && !preview) {
    return adoError(
      400,
      'VssInvalidPreviewVersionException',
      `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"`,
      NS,
    );
  }
  return undefined;
}
