/**
 * The baseline of the benchmark: a naive client doing the same reads as each task, one request at a time with one
 * token, like the curl loops of the seed scripts (a keep-alive connection is the only courtesy it gets). It signs in
 * like the task (job OIDC token → Entra client assertion), then walks the organization.
 */
import { Agent, request } from 'node:https';
import { ADO_RESOURCE, type Emulator } from '../../emulator';
import { GENERATED_IDS } from '../../emulator/generate-org';

const API = 'api-version=7.1';
const PREVIEW = 'api-version=7.1-preview.1';
const GRAPH_AREA = 'bb1e7ec9-e901-4b68-999a-de7012b920f8';
const TOKEN_ADMIN_AREA = 'af68438b-ed04-4407-9eb6-f1dbae3f922e';
const SCOPE_IDS = [
  'distributedtask.globalagentpoolrole',
  'distributedtask.agentpoolrole',
  'distributedtask.globalagentqueuerole',
  'distributedtask.agentqueuerole',
];

export interface NaiveResult {
  requests: number;
  wallMs: number;
  /** True when the walk stopped at the time budget and `wallMs` is projected from the share done. */
  extrapolated: boolean;
  /** Share of the work actually done (1 when complete). */
  doneFraction: number;
}

interface Http {
  get<T = any>(url: string): Promise<{ body: T; headers: Record<string, string | string[] | undefined> }>;
  post<T = any>(url: string, body: unknown, form?: boolean): Promise<{ body: T; headers: Record<string, string | string[] | undefined> }>;
  count(): number;
}

function httpClient(emu: Emulator, token: () => string | undefined): Http {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: emu.ca });
  let sent = 0;
  const send = (method: string, url: string, body?: string, contentType?: string) =>
    new Promise<{ body: any; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
      sent++;
      const headers: Record<string, string> = { accept: 'application/json' };
      const bearer = token();
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
      const req = request(url, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 400) return reject(new Error(`${method} ${url} → HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          resolve({ body: text ? JSON.parse(text) : undefined, headers: res.headers });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    get: (url) => send('GET', url),
    post: (url, body, form) =>
      send(
        'POST',
        url,
        form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
        form ? 'application/x-www-form-urlencoded' : undefined,
      ),
    count: () => sent,
  };
}

/** Job token → OIDC token → Entra access token for Azure DevOps (two requests, as the task sends). */
async function signIn(emu: Emulator, http: Http, setToken: (t: string) => void): Promise<void> {
  const job = emu.state.issueJobToken(emu.state.org.projects[0].id);
  setToken(job.token);
  const oidcUrl = `${emu.orgUrl}${job.projectId}/_apis/distributedtask/hubs/build/plans/${job.planId}/jobs/${job.jobId}/oidctoken?serviceConnectionId=${GENERATED_IDS.connectionId}&${PREVIEW}`;
  const { body: oidc } = await http.post<{ oidcToken: string }>(oidcUrl, {});
  setToken('');
  const { body: entra } = await http.post<{ access_token: string }>(
    `${emu.authorityHost}/${emu.state.org.tenantId}/oauth2/v2.0/token`,
    {
      grant_type: 'client_credentials',
      client_id: GENERATED_IDS.appId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: oidc.oidcToken,
      scope: `${ADO_RESOURCE}/.default`,
    },
    true,
  );
  setToken(entra.access_token);
}

/** Stops a walk at the time budget; the caller projects the rest from the share done. */
class OverBudget extends Error {
  constructor(readonly doneFraction: number) {
    super('time budget reached');
  }
}

type Walk = (ctx: { emu: Emulator; http: Http; progress: (done: number, total: number) => void }) => Promise<void>;

async function* pagedByHeader(http: Http, url: string): AsyncGenerator<any[]> {
  let token: string | undefined;
  do {
    const { body, headers } = await http.get(`${url}${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`);
    yield body.value ?? [];
    token = (headers['x-ms-continuationtoken'] as string | undefined) || undefined;
  } while (token);
}

async function areaUrl(emu: Emulator, http: Http, areaId: string): Promise<string> {
  const { body } = await http.get(`${emu.orgUrl}_apis/resourceAreas/${areaId}?${PREVIEW}`);
  return String(body.locationUrl).replace(/\/?$/, '/');
}

async function projectsAndQueues(emu: Emulator, http: Http) {
  const projects: { id: string; name: string }[] = [];
  for await (const page of pagedByHeader(http, `${emu.orgUrl}_apis/projects?stateFilter=wellFormed&$top=500&${API}`))
    projects.push(...page);
  const queues: { id: number; projectId: string; pool: { id: number } }[] = [];
  for (const project of projects)
    queues.push(...(await http.get(`${emu.orgUrl}${project.id}/_apis/distributedtask/queues?${API}`)).body.value);
  return { projects, queues };
}

const inventory: Walk = async ({ emu, http, progress }) => {
  const pools = (await http.get(`${emu.orgUrl}_apis/distributedtask/pools?${API}`)).body.value as { id: number; isHosted: boolean }[];
  const elastic = new Set(
    ((await http.get(`${emu.orgUrl}_apis/distributedtask/elasticpools?${API}`)).body.value as { poolId: number }[]).map((e) => e.poolId),
  );
  await projectsAndQueues(emu, http);
  const selected = pools.filter((pool) => !pool.isHosted);
  for (const [index, pool] of selected.entries()) {
    await http.get(
      `${emu.orgUrl}_apis/distributedtask/pools/${pool.id}/agents?includeAssignedRequest=true&includeLastCompletedRequest=true&${API}`,
    );
    if (elastic.has(pool.id)) {
      await http.get(`${emu.orgUrl}_apis/distributedtask/elasticpools/${pool.id}/nodes?${API}`);
      await http.get(`${emu.orgUrl}_apis/distributedtask/elasticpools/${pool.id}/logs?$top=5&${API}`);
    }
    progress(index + 1, selected.length);
  }
};

/** Runs to the end (no projection): its identity phase costs very different amounts per identity. */
const roleAudit: Walk = async ({ emu, http }) => {
  const pools = (await http.get(`${emu.orgUrl}_apis/distributedtask/pools?${API}`)).body.value as { id: number; isHosted: boolean }[];
  const { projects, queues } = await projectsAndQueues(emu, http);
  for (const scope of SCOPE_IDS) await http.get(`${emu.orgUrl}_apis/securityroles/scopes/${scope}/roledefinitions?${PREVIEW}`);
  const resources = [
    [SCOPE_IDS[0], '0'],
    ...pools.map((p) => [SCOPE_IDS[1], String(p.id)]),
    ...projects.map((p) => [SCOPE_IDS[2], p.id]),
    ...queues.map((q) => [SCOPE_IDS[3], `${q.projectId}_${q.id}`]),
  ];
  const hosted = new Set(pools.filter((p) => p.isHosted).map((p) => p.id));
  const selfHostedQueues = queues.filter((q) => !hosted.has(q.pool.id));
  const selfHostedPools = pools.filter((p) => !p.isHosted);
  const assignees = new Map<string, { descriptor?: string; isContainer?: boolean }>();
  for (const [scope, resource] of resources) {
    const { body } = await http.get(
      `${emu.orgUrl}_apis/securityroles/scopes/${scope}/roleassignments/resources/${encodeURIComponent(resource)}?${PREVIEW}`,
    );
    for (const a of body.value) assignees.set(a.identity.id, a.identity);
  }
  for (const q of selfHostedQueues) {
    await http.get(`${emu.orgUrl}${q.projectId}/_apis/pipelines/pipelinePermissions/queue/${q.id}?${PREVIEW}`);
  }
  for (const p of selfHostedPools) {
    await http.get(
      `${emu.orgUrl}_apis/distributedtask/pools/${p.id}/agents?includeCapabilities=true&includeAssignedRequest=true&includeLastCompletedRequest=true&${API}`,
    );
  }
  // Identities: each distinct one looked up once (one subject per lookup), users' activity, groups opened recursively.
  const graph = await areaUrl(emu, http, GRAPH_AREA);
  const seen = new Set<string>();
  const resolve = async (descriptor: string, depth: number, direct: boolean): Promise<void> => {
    if (seen.has(descriptor)) return;
    seen.add(descriptor);
    await http.post(`${graph}_apis/graph/subjectlookup?${PREVIEW}`, { lookupKeys: [{ descriptor }] });
    const prefix = descriptor.split('.')[0];
    if (direct && ['aad', 'msa', 'aadsp'].includes(prefix)) await http.get(`${graph}_apis/graph/membershipstates/${descriptor}?${PREVIEW}`);
    if (['vssgp', 'aadgp'].includes(prefix) && depth < 10) {
      const { body } = await http.get(`${graph}_apis/graph/Memberships/${descriptor}?direction=down&depth=1&${PREVIEW}`);
      for (const m of body.value) await resolve(m.memberDescriptor, depth + 1, false);
    }
  };
  for (const [id, identity] of assignees) {
    const descriptor =
      identity.descriptor ??
      (await http.get(`${graph}_apis/graph/descriptors/${id}?${API}`).catch(() => ({ body: {} as { value?: string } }))).body.value;
    if (descriptor) await resolve(descriptor, 1, true);
  }
};

const patAudit: Walk = async ({ emu, http, progress }) => {
  const graph = await areaUrl(emu, http, GRAPH_AREA);
  const tokenAdmin = await areaUrl(emu, http, TOKEN_ADMIN_AREA);
  const total = emu.state.org.identities.filter((i) => i.kind === 'user' && !i.unresolvable).length;
  let done = 0;
  for await (const users of pagedByHeader(http, `${graph}_apis/graph/users?subjectTypes=aad,msa&${PREVIEW}`)) {
    for (const user of users) {
      await http.get(`${graph}_apis/graph/membershipstates/${user.descriptor}?${PREVIEW}`);
      let token: string | null = null;
      do {
        const { body }: { body: { continuationToken: string | null } } = await http.get(
          `${tokenAdmin}_apis/tokenadmin/personalaccesstokens/${user.descriptor}?pageSize=100&isPublic=false&${API}${token ? `&continuationToken=${token}` : ''}`,
        );
        token = body.continuationToken;
      } while (token);
      progress(++done, total);
    }
  }
};

export const NAIVE_WALKS = { PoolInventoryV1: inventory, PoolRoleAuditV1: roleAudit, PatAuditV1: patAudit } as const;

/**
 * Runs the naive walk of a task. When it passes `budgetMs`, it stops and projects the wall time from the share of
 * its main loop done so far (marked `extrapolated`), so a large organization does not hold the benchmark for long.
 */
export async function runNaive(emu: Emulator, task: keyof typeof NAIVE_WALKS, budgetMs: number): Promise<NaiveResult> {
  let bearer: string | undefined;
  const http = httpClient(emu, () => bearer);
  const started = Date.now();
  try {
    await signIn(emu, http, (t) => (bearer = t));
    await NAIVE_WALKS[task]({
      emu,
      http,
      progress(done, total) {
        if (done < total && Date.now() - started > budgetMs) throw new OverBudget(done / total);
      },
    });
    return { requests: http.count(), wallMs: Date.now() - started, extrapolated: false, doneFraction: 1 };
  } catch (error) {
    if (!(error instanceof OverBudget)) throw error;
    const elapsed = Date.now() - started;
    return {
      requests: Math.round(http.count() / error.doneFraction),
      wallMs: Math.round(elapsed / error.doneFraction),
      extrapolated: true,
      doneFraction: error.doneFraction,
    };
  }
}
