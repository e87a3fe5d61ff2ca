import { adoError, type RouteContext, type RouteResponse } from './http';

/** Versions Azure DevOps Services answers (older ones are still served; newer ones are out of range). */
const KNOWN = /^(?:[1-6]\.\d|7\.[0-2])$/;

/**
 * Checks the `api-version` (query, or `Accept: application/json; api-version=…`) as Azure DevOps does: missing →
 * 400, an unknown version → 400, and a route that is still in preview refuses a version without `-preview`
 * (400 VssInvalidPreviewVersionException). Returns the refusal, or undefined when the version is acceptable.
 */
export function checkApiVersion(ctx: RouteContext, options: { previewOnly?: boolean } = {}): RouteResponse | undefined {
  const fromAccept = /api-version=([^;,\s]+)/i.exec(String(ctx.req.headers.accept ?? ''))?.[1];
  const requested = ctx.query['api-version'] ?? fromAccept;
  if (!requested) {
    return adoError(
      400,
      'VssVersionNotSpecifiedException',
      `No api-version was supplied for the "${ctx.req.method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
      'Microsoft.VisualStudio.Services.WebApi',
    );
  }
  const match = /^(\d+\.\d+)(-preview(?:\.\d+)?)?$/i.exec(requested);
  if (!match || !KNOWN.test(match[1])) {
    return adoError(
      400,
      'VssVersionOutOfRangeException',
      `The requested REST API version of ${requested} is out of range for this server. The latest REST API version this server supports is 7.2.`,
      'Microsoft.VisualStudio.Services.WebApi',
    );
  }
  if (options.previewOnly && !match[2]) {
    return adoError(
      400,
      'VssInvalidPreviewVersionException',
      `The requested version "${requested}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${match[1]}-preview"`,
      'Microsoft.VisualStudio.Services.WebApi',
    );
  }
  return undefined;
}
