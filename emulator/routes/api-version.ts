import { adoError, type RouteContext, type RouteResponse } from '../http';
import type { Handler } from '../router';

/** api-versions (major.minor) the emulated Azure DevOps answers, as the 7.x service does. */
const KNOWN_VERSIONS = new Set(['5.0', '5.1', '6.0', '6.1', '7.0', '7.1', '7.2']);

const NAMESPACE = 'Microsoft.VisualStudio.Services.WebApi';

/**
 * The service's answer to a missing, unknown or (for preview-only resources) non-preview `api-version`;
 * undefined when the version is acceptable.
 */
export function apiVersionError(ctx: RouteContext, previewOnly: boolean): RouteResponse | undefined {
  const version = ctx.query['api-version'];
  if (!version) {
    return adoError(
      400,
      'VssVersionNotSpecifiedException',
      `No api-version was supplied for the "${ctx.req.method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
      NAMESPACE,
    );
  }
  const match = /^(\d+\.\d+)(-preview(\.\d+)?)?$/i.exec(version.trim());
  if (!match || !KNOWN_VERSIONS.has(match[1])) {
    return adoError(
      400,
      'VssVersionOutOfRangeException',
      `The requested REST API version of ${version} is out of range for this server. The latest REST API version this server supports is 7.2.`,
      NAMESPACE,
    );
  }
  if (previewOnly && !match[2]) {
    return adoError(
      400,
      'VssInvalidPreviewVersionException',
      `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${match[1]}-preview"`,
      NAMESPACE,
    );
  }
  return undefined;
}

/** Wraps a handler so it first refuses a bad `api-version` as the service does. */
export function versioned(handler: Handler, options: { previewOnly: boolean }): Handler {
  return (ctx) => apiVersionError(ctx, options.previewOnly) ?? handler(ctx);
}
