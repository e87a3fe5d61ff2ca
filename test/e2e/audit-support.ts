/**
 * Helpers shared by the PoolRoleAudit and PatAudit end-to-end tests: seed variants of the sample organization,
 * a frozen task clock, runs with a policy file, and readers for the JSON, SARIF and JUnit reports.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
  sampleOrganization,
  type Emulator,
  type EmulatorOptions,
  type OrgSeed,
  type RecordedRequest,
  type SeedAgent,
  type SeedIdentity,
  type SeedPool,
} from '../../emulator';
import { sarifValidator } from '../harness/sarif';
import { readJson, runAgentTask, startE2eEmulator, tail, wifDevOpsInputs, type AgentRun, type AgentRunOptions } from './support';

export const DAY_MS = 86_400_000;

/** `base` plus `days` (fractions allowed) as an ISO string. */
export function daysFrom(base: Date, days: number): string {
  return new Date(base.getTime() + days * DAY_MS).toISOString();
}

/** The current time cut to a whole second: token admin dates carry no milliseconds. */
export function wholeSecondNow(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

/** A fresh copy of the sample organization (dates relative to `now`), changed by `mutate`. */
export function orgVariant(now: Date, mutate: (seed: OrgSeed) => void = () => {}): OrgSeed {
  const seed = structuredClone(sampleOrganization(now));
  mutate(seed);
  return seed;
}

/**
 * Starts an emulator whose simulated clock is at least `now`: when `now` is in the future the emulator's time is
 * moved forward so the tokens it issues are valid at the task's (frozen) time.
 */
export async function startEmulatorAt(now: Date, seed: OrgSeed, options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  const emu = await startE2eEmulator({ seed, ...options });
  const ahead = now.getTime() - emu.state.now().getTime();
  if (ahead > 0) emu.tick(ahead);
  return emu;
}

const FIXED_CLOCK = path.join(__dirname, 'fixed-clock.cjs');

/** Environment that freezes the task process's wall clock at `now` (see fixed-clock.cjs). */
export function fixedClockEnv(now: Date): Record<string, string> {
  return { NODE_OPTIONS: `--require ${FIXED_CLOCK}`, POOL_WARDEN_E2E_NOW: now.toISOString() };
}

/** Writes a policy file (objects as JSON, strings verbatim) and returns its path. */
export function writePolicyFile(policy: object | string, name = 'policy.yml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-policy-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2));
  return file;
}

export interface AuditRunOptions {
  /** The task's frozen "now". */
  now: Date;
  inputs?: Record<string, string | number | boolean>;
  policy?: object | string;
  connectionIds?: AgentRunOptions['connectionIds'];
  env?: AgentRunOptions['env'];
  /** Run the task's main in this process (see AgentRunOptions.inProcess). */
  inProcess?: boolean;
}

export interface AuditRun extends AgentRun {
  /** The JSON report, when the task wrote one. */
  report?: AuditReportJson;
}

/** The parts of the JSON report the tests read. */
export interface AuditReportJson {
  complete: boolean;
  missing: { scope: string; reason: string }[];
  findings: FindingJson[];
  summary: Record<'critical' | 'high' | 'medium' | 'low' | 'total', number>;
  outcome?: { result: string; reason: string; failOnSeverity: string };
  expiredExemptions: { rule: string; expires: string; reason?: string; wouldMatch?: number }[];
  extra?: Record<string, any>;
  evaluated?: { ruleId: string; resource: ResourceJson }[];
}

export interface ResourceJson {
  kind: string;
  id: string;
  name: string;
  parent?: ResourceJson;
}

export interface FindingJson {
  ruleId: string;
  severity: string;
  message: string;
  resource: ResourceJson;
  principal?: { id: string; displayName: string; mailAddress?: string; principalName?: string; kind?: string };
  evidence: Record<string, any>;
  exemption?: Record<string, any>;
}

/** Runs an audit bundle as the agent does, with a frozen clock and an optional policy file. */
export async function runAudit(emu: Emulator, task: 'PoolRoleAuditV1' | 'PatAuditV1', options: AuditRunOptions): Promise<AuditRun> {
  const inputs: Record<string, string | number | boolean> = { ...wifDevOpsInputs(emu), ...options.inputs };
  if (options.policy !== undefined) inputs.policyFile = writePolicyFile(options.policy);
  const run = await runAgentTask(emu, {
    task,
    inputs,
    connectionIds: options.connectionIds,
    env: { ...fixedClockEnv(options.now), ...options.env },
    inProcess: options.inProcess,
  });
  const reportPath = run.variables.reportPath;
  return { ...run, report: reportPath && fs.existsSync(reportPath) ? readJson<AuditReportJson>(reportPath) : undefined };
}

/** The report of a run, failing with the run's log when there is none. */
export function reportOf(run: AuditRun): AuditReportJson {
  assert.ok(run.report, `the task wrote no report:\n${tail(run)}`);
  return run.report;
}

/** Findings of one rule, optionally only those on a resource (by name) and/or for a principal (by display name). */
export function findingsOf(
  report: AuditReportJson,
  ruleId: string,
  where: { resource?: string; principal?: string; parent?: string } = {},
): FindingJson[] {
  return report.findings.filter(
    (f) =>
      f.ruleId === ruleId &&
      (where.resource === undefined || f.resource.name === where.resource) &&
      (where.parent === undefined || f.resource.parent?.name === where.parent) &&
      (where.principal === undefined || f.principal?.displayName === where.principal),
  );
}

/** A one-line-per-finding listing for assertion messages. */
export function listFindings(report: AuditReportJson, ruleId?: string): string {
  return report.findings
    .filter((f) => !ruleId || f.ruleId === ruleId)
    .map(
      (f) =>
        `${f.ruleId} ${f.severity} ${f.resource.kind}:${f.resource.name}${f.resource.parent ? ` (${f.resource.parent.name})` : ''} ${f.principal?.displayName ?? ''}`,
    )
    .join('\n');
}

/** Reads a SARIF file and asserts it is valid against the SARIF 2.1.0 schema. */
export function readValidSarif(file: string | undefined): any {
  const log = readJson(file);
  const validate = sarifValidator();
  assert.ok(validate(log), `SARIF invalid: ${JSON.stringify(validate.errors, null, 2)}`);
  return log;
}

export interface JUnitCase {
  name: string;
  classname?: string;
  failure?: unknown;
  skipped?: unknown;
}

/** Parses a JUnit file back: suites with their test cases. */
export function readJUnit(file: string | undefined): { name: string; tests: number; failures: number; testcase: JUnitCase[] }[] {
  assert.ok(file, 'expected a JUnit path');
  // htmlEntities: decode numeric character references (`&#10;`, `&#35;`) as every XML parser must.
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  });
  const doc = parser.parse(fs.readFileSync(file, 'utf8'));
  return (doc.testsuites.testsuite as any[]).map((suite) => ({
    ...suite,
    tests: Number(suite.tests),
    failures: Number(suite.failures),
    testcase: suite.testcase ?? [],
  }));
}

/** Requests of a run whose method and path match. */
export function requestsMatching(run: AgentRun, method: string, pathPattern: RegExp): RecordedRequest[] {
  return run.requests.filter((r) => r.method === method && pathPattern.test(r.path));
}

/** Counts how often each value occurs; returns the values seen more than once. */
export function duplicates(values: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const value of values) seen.set(value, (seen.get(value) ?? 0) + 1);
  return [...seen.entries()].filter(([, n]) => n > 1).map(([value]) => value);
}

/** Role scope ids as the security roles API names them. */
export const ROLE_SCOPE = {
  orgAllPools: 'distributedtask.globalagentpoolrole',
  orgPool: 'distributedtask.agentpoolrole',
  projectAllPools: 'distributedtask.globalagentqueuerole',
  projectQueue: 'distributedtask.agentqueuerole',
} as const;

const b64 = (text: string) => Buffer.from(text).toString('base64').replace(/=+$/, '');
const testGuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Adds an Entra user `n` (mail `<slug>@contoso.com`) and returns its identity id. */
export function addUser(seed: OrgSeed, n: number, displayName: string, extra: Partial<SeedIdentity> = {}): string {
  const id = testGuid('f1000000', n);
  const mail = `${displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@contoso.com`;
  seed.identities.push({
    id,
    descriptor: `aad.${b64(`test-user-${id}`)}`,
    kind: 'user',
    displayName,
    principalName: mail,
    mailAddress: mail,
    origin: 'aad',
    originId: id,
    domain: seed.tenantId,
    ...extra,
  });
  return id;
}

/** Adds an Azure DevOps group `n` with the given member ids and returns its identity id. */
export function addGroup(seed: OrgSeed, n: number, displayName: string, members: string[], extra: Partial<SeedIdentity> = {}): string {
  const id = testGuid('e1000000', n);
  seed.identities.push({
    id,
    descriptor: `vssgp.${b64(`S-1-9-test-${id}`)}`,
    kind: 'group',
    displayName,
    principalName: `[${seed.organization.name}]\\${displayName}`,
    origin: 'vsts',
    members,
    ...extra,
  });
  return id;
}

/** Adds a role assignment. */
export function assign(seed: OrgSeed, scope: keyof typeof ROLE_SCOPE, resourceId: string | number, identityId: string, role: string): void {
  seed.roleAssignments.push({ scopeId: ROLE_SCOPE[scope], resourceId: String(resourceId), identityId, role });
}

/** An identity of the seed by display name (throws when absent, so a typo fails loudly). */
export function identityNamed(seed: OrgSeed, displayName: string): SeedIdentity {
  const identity = seed.identities.find((i) => i.displayName === displayName);
  if (!identity) throw new Error(`no identity '${displayName}' in the seed`);
  return identity;
}

/** An agent of the seed by name. */
export function agentNamed(seed: OrgSeed, name: string): SeedAgent {
  const agent = seed.pools.flatMap((pool) => pool.agents).find((a) => a.name === name);
  if (!agent) throw new Error(`no agent '${name}' in the seed`);
  return agent;
}

/** A pool of the seed by name. */
export function poolNamed(seed: OrgSeed, name: string): SeedPool {
  const pool = seed.pools.find((p) => p.name === name);
  if (!pool) throw new Error(`no pool '${name}' in the seed`);
  return pool;
}
