/**
 * A local stand-in for the two sides of a run's extension tab, for the browser tests, screenshots and benchmarks:
 *
 * - the "Azure DevOps" origin (http://127.0.0.1:<port>): the outer run page (`/host.html`), which frames the tab and
 *   plays the host side of the SDK handshake (tab/harness/host-page.ts), and the Build attachments REST API the tab
 *   calls with the user's token, answered from real report files (what the tasks attached in a run);
 * - the extension's origin (http://localhost:<port>): the built tab page (dist/tab), as the Marketplace CDN serves it.
 *
 * The API is as strict as the service on what the tab sends: a bearer token (the one the host gave the page, else
 * 401), CORS preflight, preview-only routes (a version without `-preview` → 400 VssInvalidPreviewVersionException,
 * none → 400), `{count, value}` listings whose entries link to each attachment.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { THEMES, type ThemeName } from './themes';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TAB_DIR = path.join(REPO_ROOT, 'dist', 'tab');
const HOST_SCRIPT = path.join(REPO_ROOT, 'tab', 'harness', 'host-page.ts');
export const REPORT_TYPE = 'pool-warden.report.v1';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** One report attached to the run: its attachment name and the JSON file (or text) it holds. */
export interface HarnessAttachment {
  name: string;
  file?: string;
  content?: string;
}

/** One run the API knows: its id and its report attachments. */
export interface HarnessRun {
  buildId: number;
  attachments: HarnessAttachment[];
}

export interface ApiRequest {
  method: string;
  path: string;
  authorization?: string;
  origin?: string;
  status: number;
}

export interface TabHost {
  /** URL of the outer run page for one run and theme. */
  pageUrl(options: { buildId: number; theme?: ThemeName; height?: number }): string;
  /** The bearer token the host hands the tab (the signed-in user's session in Azure DevOps). */
  accessToken: string;
  /** Requests the Build API answered (preflights included). */
  requests: ApiRequest[];
  close(): Promise<void>;
}

const ORGANIZATION = 'contoso';
const PROJECT = { id: '6a1b3c2d-4e5f-4a7b-8c9d-0e1f2a3b4c5d', name: 'Platform' };

function listen(server: http.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function adoError(res: http.ServerResponse, status: number, typeKey: string, message: string, cors: Record<string, string>): number {
  const body = JSON.stringify({
    $id: '1',
    innerException: null,
    message,
    typeName: `Microsoft.VisualStudio.Services.WebApi.${typeKey}, Microsoft.VisualStudio.Services.WebApi`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...cors });
  res.end(body);
  return status;
}

/** The api-version rule of a preview-only route: present, and a preview of 7.x. */
function versionProblem(version: string | null): [string, string] | undefined {
  if (!version) return ['VssServiceException', 'No api-version was supplied for the GET request. An api-version is required.'];
  const match = /^(\d+)\.(\d+)(-preview(\.\d+)?)?$/.exec(version);
  if (!match) return ['VssInvalidApiVersionException', `The api-version '${version}' is not valid.`];
  if (!match[3])
    return [
      'VssInvalidPreviewVersionException',
      `The requested version "${version}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"`,
    ];
  if (Number(match[1]) < 5 || Number(match[1]) > 7)
    return ['VssVersionOutOfRangeException', `The requested REST API version of ${version} is out of range.`];
  return undefined;
}

/** Starts both origins. `runs` are the runs the Build API answers for. */
/** The page's Content-Security-Policy with `origin` added to `connect-src` (the harness's plain-http Build API). */
export function allowConnectionsTo(html: string, origin: string): string {
  const widened = html.replace(/connect-src https:/, `connect-src https: ${origin}`);
  if (widened === html) throw new Error("the tab page's Content-Security-Policy has no 'connect-src https:' to widen");
  return widened;
}

export async function startTabHost(runs: HarnessRun[]): Promise<TabHost> {
  if (!fs.existsSync(path.join(TAB_DIR, 'pool-warden-tab.html'))) throw new Error(`${TAB_DIR} is missing: run 'npm run build' first`);
  const hostScript = await esbuild.build({
    entryPoints: [HOST_SCRIPT],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome100',
    logLevel: 'warning',
  });
  const hostJs = hostScript.outputFiles[0].text;
  const accessToken = `pw-user-session-${randomUUID()}`;
  const requests: ApiRequest[] = [];
  const timelineId = randomUUID();
  const recordId = randomUUID();
  let apiBase = '';
  let extensionOrigin = '';

  const extension = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = path.join(TAB_DIR, path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, ''));
    if (!file.startsWith(TAB_DIR) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    if (path.extname(file) === '.html') {
      // The shipped page may only connect over https (Azure DevOps); this plain-http stand-in widens its own copy.
      res.end(allowConnectionsTo(fs.readFileSync(file, 'utf8'), new URL(apiBase).origin));
      return;
    }
    fs.createReadStream(file).pipe(res);
  });

  const devops = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', apiBase);
    if (url.pathname === '/host.html') {
      const buildId = Number(url.searchParams.get('buildId') ?? '0');
      const theme = (url.searchParams.get('theme') ?? 'light') as ThemeName;
      const config = {
        pageUrl: `${extensionOrigin}/pool-warden-tab.html`,
        extensionOrigin,
        contributionId: 'pool-warden.pool-warden.pool-warden-build-tab',
        publisherId: 'pool-warden',
        extensionId: 'pool-warden',
        version: '1.0.0',
        organization: ORGANIZATION,
        // What the location service answers for the organization and the Build area: https://dev.azure.com/contoso/.
        collectionUrl: `${apiBase}${ORGANIZATION}/`,
        buildAreaUrl: `${apiBase}${ORGANIZATION}/`,
        accessToken,
        theme: THEMES[theme] ?? THEMES.light,
        themeName: theme,
        build: { id: buildId, buildNumber: `20261202.${buildId}`, project: PROJECT, definition: { id: 7, name: 'pool-governance' } },
        frameHeight: Number(url.searchParams.get('height') ?? '900'),
      };
      // `<` escaped: the JSON sits inside a script element.
      const json = JSON.stringify(config).replace(/</g, '\\u003c');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html><head><meta charset="utf-8"><title>Run ${buildId} · Pool Warden</title></head><body>` +
          `<script type="application/json" id="pw-host-config">${json}</script><script src="/host.js"></script></body></html>`,
      );
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/host.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(hostJs);
      return;
    }
    const origin = req.headers.origin;
    const cors: Record<string, string> = origin
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : {};
    const record = (status: number) =>
      requests.push({
        method: req.method ?? '',
        path: url.pathname + url.search,
        authorization: req.headers.authorization,
        origin,
        status,
      });
    if (req.method === 'OPTIONS') {
      res.writeHead(200, {
        ...cors,
        'access-control-allow-methods': 'OPTIONS,GET,HEAD,POST,PATCH,PUT,DELETE',
        'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? ''),
        'access-control-max-age': '3600',
      });
      res.end();
      record(200);
      return;
    }
    const base = `/${ORGANIZATION}/(${PROJECT.id}|${PROJECT.name})/_apis/build/builds/(\\d+)`;
    const listRoute = new RegExp(`^${base}/attachments/([^/]+)$`, 'i').exec(url.pathname);
    const getRoute = new RegExp(`^${base}/([0-9a-f-]{36})/([0-9a-f-]{36})/attachments/([^/]+)/([^/]+)$`, 'i').exec(url.pathname);
    if (!listRoute && !getRoute) {
      record(adoError(res, 404, 'ApiResourceNotFoundException', `API resource location was not found for ${url.pathname}.`, cors));
      return;
    }
    if (req.headers.authorization !== `Bearer ${accessToken}`) {
      res.writeHead(401, { ...cors, 'www-authenticate': 'Bearer', 'content-type': 'text/plain' });
      res.end('Unauthorized');
      record(401);
      return;
    }
    const problem = versionProblem(url.searchParams.get('api-version'));
    if (problem) {
      record(adoError(res, 400, problem[0], problem[1], cors));
      return;
    }
    const route = (listRoute ?? getRoute)!;
    const run = runs.find((candidate) => candidate.buildId === Number(route[2]));
    if (!run) {
      record(adoError(res, 404, 'BuildNotFoundException', `Build ${route[2]} could not be found.`, cors));
      return;
    }
    if (listRoute) {
      const type = decodeURIComponent(listRoute[3]);
      const value = (type === REPORT_TYPE ? run.attachments : []).map((attachment) => ({
        _links: {
          self: {
            href: `${apiBase}${ORGANIZATION}/${PROJECT.id}/_apis/build/builds/${run.buildId}/${timelineId}/${recordId}/attachments/${encodeURIComponent(type)}/${encodeURIComponent(attachment.name)}`,
          },
        },
        name: attachment.name,
      }));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8; api-version=7.1-preview.2', ...cors });
      res.end(JSON.stringify({ count: value.length, value }));
      record(200);
      return;
    }
    const [, , , timeline, recordKey, type, name] = getRoute!;
    const attachment = run.attachments.find((candidate) => candidate.name === decodeURIComponent(name));
    if (timeline !== timelineId || recordKey !== recordId || decodeURIComponent(type) !== REPORT_TYPE || !attachment) {
      record(adoError(res, 404, 'AttachmentNotFoundException', `Attachment ${decodeURIComponent(name)} was not found.`, cors));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...cors });
    res.end(attachment.content ?? fs.readFileSync(attachment.file!));
    record(200);
  });

  const devopsPort = await listen(devops, '127.0.0.1');
  const extensionPort = await listen(extension, '127.0.0.1');
  apiBase = `http://127.0.0.1:${devopsPort}/`;
  extensionOrigin = `http://localhost:${extensionPort}`;
  return {
    accessToken,
    requests,
    pageUrl: ({ buildId, theme = 'light', height = 900 }) => `${apiBase}host.html?buildId=${buildId}&theme=${theme}&height=${height}`,
    close: () =>
      Promise.all(
        [devops, extension].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
