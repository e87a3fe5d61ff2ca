import { createServer } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { makeServerCertificate, type PemPair } from './cert';
import { FaultInjector } from './faults';
import { JwtSigner } from './jwt';
import { mulberry32 } from './prng';
import { Router, type Route } from './router';
import { Scheduler } from './scheduler';
import { handleRequest, type RecordedRequest, type RequestHook } from './server';
import { DEFAULT_TIMINGS, EmulatorState, type SimulationTimings } from './state';
import { Throttle, type ThrottleOptions } from './throttle';
import type { OrgSeed, SeedPaging } from './seed';
import { armRoutes } from './routes/arm';
import { armVmRoutes } from './routes/arm-vms';
import { devOpsInfrastructureRoutes } from './routes/devops-infrastructure';
import { elasticRoutes } from './routes/elastic';
import { entraRoutes } from './routes/entra';
import { graphRoutes } from './routes/graph';
import { identityRoutes } from './routes/identities';
import { locationRoutes } from './routes/locations';
import { oidcRoutes } from './routes/oidc';
import { pipelinePermissionRoutes } from './routes/pipeline-permissions';
import { checkRoutes } from './routes/checks';
import { buildRoutes } from './routes/build';
import { gitPolicyRoutes } from './routes/git-policies';
import { poolRoutes } from './routes/pools';
import { projectRoutes } from './routes/projects';
import { queueRoutes } from './routes/queues';
import { securityRoleRoutes } from './routes/securityroles';
import { tokenAdminRoutes } from './routes/tokenadmin';
import { tenantPolicyRoutes } from './routes/tenant-policy';
import { orgPolicyRoutes } from './routes/org-policy';
import { auditLogRoutes } from './routes/audit-log';
import { witRoutes } from './routes/wit';

export type { OrgSeed } from './seed';
export type * from './seed';
export type { RecordedRequest, RequestHook } from './server';
export type { FaultRule, FaultKind } from './faults';
export { FaultInjector } from './faults';
export { EmulatorState, DEFAULT_TIMINGS, type SimulationTimings, type JobToken } from './state';
export { mulberry32 } from './prng';
export { makeClientCertificate } from './cert';
export { ADO_RESOURCE, ARM_AUDIENCE } from './auth';
export { sampleOrganization, SAMPLE_IDS } from './sample-org';
export { SAMPLE_MANAGED_IDS } from './sample-managed-pools';
export { SAMPLE_CHECK_IDS } from './sample-checks';
export { pipelineEnv, type PipelineEnvOptions } from './pipeline-env';

export interface EmulatorOptions {
  seed: OrgSeed;
  /** 0 (default) = random free port. */
  port?: number;
  /** Added to every request (jitter uses `random`). */
  latency?: { fixedMs: number; jitterMs: number };
  /** Per calling identity, Azure DevOps and vssps routes only. */
  throttle?: ThrottleOptions;
  /** Entra `expires_in` (default 3600). */
  accessTokenLifetimeSeconds?: number;
  /** Seeded PRNG for faults / jitter (default mulberry32(42)). */
  random?: () => number;
  /** Overrides of the seed's page sizes. */
  paging?: SeedPaging;
  /** Simulation delays (simulated ms). */
  timings?: Partial<SimulationTimings>;
  /** Fire simulated events on real timers as well as on `tick()` (default true). */
  realTimers?: boolean;
  /** Key material to reuse across emulators (see `createEmulatorKeys`); made fresh when omitted. */
  keys?: EmulatorKeys;
}

/** The TLS certificate and the JWT signing key of an emulator. */
export interface EmulatorKeys {
  tls: PemPair;
  signing: { privateKey: KeyObject; publicKey: KeyObject };
}

/** Makes key material once so a test suite can start many emulators quickly (RSA key generation is slow). */
export async function createEmulatorKeys(): Promise<EmulatorKeys> {
  return { tls: await makeServerCertificate(), signing: generateKeyPairSync('rsa', { modulusLength: 2048 }) };
}

let sharedKeys: Promise<EmulatorKeys> | undefined;

/** One set of keys per process, made on first use: unit tests, e2e tests and the benchmarks all start emulators with it. */
export function sharedEmulatorKeys(): Promise<EmulatorKeys> {
  sharedKeys ??= createEmulatorKeys();
  return sharedKeys;
}

export interface Emulator {
  url: string;
  orgUrl: string;
  vsspsUrl: string;
  /** The auditservice host of the organization. */
  auditUrl: string;
  armUrl: string;
  authorityHost: string;
  caCertPath: string;
  ca: string;
  state: EmulatorState;
  requests: RecordedRequest[];
  writeRequests(): RecordedRequest[];
  /** Every credential the emulator knows or issued: job tokens, OIDC and access tokens, client secrets, MSI header. */
  secrets(): string[];
  faults: FaultInjector;
  /** Every route the emulator serves (for tests that check each one). */
  routes(): readonly Route[];
  onRequest(hook: RequestHook): () => void;
  /** Advances simulated time; without an argument runs everything pending. */
  tick(ms?: number): void;
  close(): Promise<void>;
}

/** Starts the loopback HTTPS emulator of Entra ID, the job OIDC endpoint, Azure DevOps and ARM. */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const random = options.random ?? mulberry32(42);
  const clock = new Scheduler(options.realTimers ?? true);
  const state = new EmulatorState(options.seed, clock, { ...DEFAULT_TIMINGS, ...options.timings });
  const paging = { ...options.seed.paging, ...options.paging };
  const keys = options.keys ?? (await createEmulatorKeys());
  const signer = new JwtSigner(keys.signing);
  const faults = new FaultInjector(random);
  const requests: RecordedRequest[] = [];
  const hooks = new Set<RequestHook>();
  const lifetime = () => options.accessTokenLifetimeSeconds ?? 3600;

  const router = new Router();
  router.add(
    ...entraRoutes(lifetime),
    ...oidcRoutes(),
    ...locationRoutes(),
    ...projectRoutes(
      () => paging.projectsPageSize ?? 100,
      () => paging.projectsMaxTop,
    ),
    ...poolRoutes(),
    ...queueRoutes(),
    ...elasticRoutes(),
    ...securityRoleRoutes(),
    ...pipelinePermissionRoutes(),
    ...checkRoutes(),
    ...buildRoutes(),
    ...gitPolicyRoutes(),
    ...graphRoutes(() => paging.graphPageSize ?? 500),
    ...identityRoutes(),
    ...tokenAdminRoutes(
      () => paging.tokenAdminPageSize ?? 100,
      () => paging.tokenAdminMaxPageSize,
    ),
    ...armRoutes(() => paging.armPageSize ?? 50),
    ...armVmRoutes(() => paging.armPageSize ?? 50),
    ...tenantPolicyRoutes(),
    ...orgPolicyRoutes(),
    ...auditLogRoutes(),
    ...devOpsInfrastructureRoutes(() => paging.armPageSize ?? 50),
    ...witRoutes(),
  );

  const pem = keys.tls;
  const dir = mkdtempSync(join(tmpdir(), 'pool-warden-emulator-'));
  const caCertPath = join(dir, 'ca.pem');
  writeFileSync(caCertPath, pem.cert);

  let baseUrl = '';
  const throttle = options.throttle ? new Throttle(options.throttle, () => clock.nowMs()) : undefined;
  const deps = { state, signer, router, faults, throttle, latency: options.latency, random, baseUrl: () => baseUrl, requests, hooks };
  const server = createServer({ key: pem.key, cert: pem.cert }, (req, res) => {
    handleRequest(deps, req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `emulator error: ${err.message}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;
  const org = state.org.organization.name;

  return {
    url: baseUrl,
    orgUrl: `${baseUrl}/${org}/`,
    vsspsUrl: `${baseUrl}/_vssps/${org}/`,
    auditUrl: `${baseUrl}/_audit/${org}/`,
    armUrl: `${baseUrl}/_arm/`,
    authorityHost: baseUrl,
    caCertPath,
    ca: pem.cert,
    state,
    requests,
    // Faulted or unmatched requests count too when their method could write: a caller that tried is a caller that wrote.
    writeRequests: () =>
      requests.filter((r) => r.service !== 'entra' && (r.write ?? !['GET', 'OPTIONS', 'HEAD'].includes(r.method)) && !isReadOnlyPost(r)),
    secrets: () => [
      ...signer.issued,
      ...state.jobTokens(),
      ...state.org.servicePrincipals.flatMap((sp) => (sp.secret ? [sp.secret] : [])),
      ...(state.org.managedIdentityHeader ? [state.org.managedIdentityHeader] : []),
    ],
    faults,
    routes: () => router.all(),
    onRequest(hook) {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },
    tick: (ms?: number) => clock.tick(ms),
    close: async () => {
      clock.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs that only read, recognised by path for requests a fault answered before routing. */
function isReadOnlyPost(r: RecordedRequest): boolean {
  return r.write === undefined && r.method === 'POST' && /\/(subjectlookup|oidctoken|queryconfigurations)$/i.test(r.path);
}
