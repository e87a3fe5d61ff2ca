/**
 * The two Build REST calls the tab makes, with the signed-in user's own access token (from the extension SDK): list
 * the run's attachments of our type, then read each one. Plain fetch: azure-devops-extension-api ships AMD modules
 * that the build's bundler cannot include, and these are two GETs.
 */
import type { LoadedAttachment } from './model/reports';

export const REPORT_ATTACHMENT_TYPE = 'pool-warden.report.v1';
/** Both routes are preview-only (Attachments - List / Get, api-version 7.1-preview.2). */
const API_VERSION = '7.1-preview.2';
/** The most attachments read at once. */
const PARALLEL = 4;

export interface BuildRef {
  /** The Build area's URL (location service), ending in `/`, e.g. https://dev.azure.com/contoso/. */
  baseUrl: string;
  project: string;
  buildId: number;
}

interface AttachmentListing {
  count?: number;
  value?: { name?: string; _links?: { self?: { href?: string } } }[];
}

async function get(url: string, token: string): Promise<Response> {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'X-TFS-FedAuthRedirect': 'Suppress' },
    credentials: 'omit',
  });
  if (!response.ok) {
    let detail = '';
    try {
      const body = (await response.json()) as { message?: string };
      detail = body.message ? `: ${body.message}` : '';
    } catch {
      // Not JSON: the status says enough.
    }
    throw new Error(`HTTP ${response.status} from ${new URL(url).pathname}${detail}`);
  }
  return response;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`The attachment is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
}

function withVersion(href: string): string {
  const url = new URL(href);
  url.searchParams.set('api-version', API_VERSION);
  return url.toString();
}

/** Every report attachment of the run with its JSON; one that cannot be read carries the reason instead. */
export async function loadReportAttachments(build: BuildRef, getToken: () => Promise<string>): Promise<LoadedAttachment[]> {
  const listUrl = `${build.baseUrl}${encodeURIComponent(build.project)}/_apis/build/builds/${build.buildId}/attachments/${REPORT_ATTACHMENT_TYPE}?api-version=${API_VERSION}`;
  const listing = (await (await get(listUrl, await getToken())).json()) as AttachmentListing;
  const entries = (listing.value ?? []).filter((entry) => entry.name && entry._links?.self?.href);
  const loaded: LoadedAttachment[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const at = next++;
      const entry = entries[at];
      try {
        const response = await get(withVersion(entry._links!.self!.href!), await getToken());
        loaded[at] = { name: entry.name!, json: parseJson(await response.text()) };
      } catch (error) {
        loaded[at] = { name: entry.name!, error: error instanceof Error ? error.message : String(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, entries.length) }, worker));
  return loaded;
}
