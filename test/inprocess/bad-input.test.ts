/**
 * The one table of bad inputs across the five tasks. Every row must end the same way: result Failed, a message
 * that names the input and says what is allowed, and no write request. One emulator serves every row.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SAMPLE_IDS, type Emulator } from '../../emulator';
import { REPO_ROOT } from '../../emulator/harness/run-task';
import { writePolicyFile } from '../e2e/audit-support';
import { SELF_MANAGED_ID } from '../e2e/scale-fixtures';
import { runInProcess } from '../harness/in-process';
import { assertNoWrites, startE2eEmulator, tail, wifDevOpsInputs, type AgentRunOptions } from '../e2e/support';

type Task = 'PoolInventoryV1' | 'ScaleSetAgentsV1' | 'PoolRoleAuditV1' | 'PatAuditV1' | 'ReportMergeV1';
type Inputs = Record<string, string | number | boolean>;

interface BadInput {
  task: Task;
  what: string;
  /** Inputs on top of the task's working defaults (a value of '' clears an input). */
  inputs?: Inputs | ((ctx: Context) => Inputs);
  /** A policy file (name, text) given as `policyFile`. */
  policy?: { name: string; text: string };
  /** The input the message must name (as `Input '<name>'` unless `names` says otherwise). */
  input: string;
  names?: RegExp;
  /** What the message must say is allowed. */
  allowed: RegExp;
  connectionIds?: string[];
  env?: AgentRunOptions['env'];
}

interface Context {
  emu: Emulator;
  /** A folder with JSON files that are not Pool Warden reports. */
  notReports: string;
}

const RG = `/subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/${SAMPLE_IDS.resourceGroup}`;
const WIF = SAMPLE_IDS.connections.wifDevOps;
const NUMBER_RANGE = (min: number, max: number) => new RegExp(`whole number from ${min} to ${max}`);
const SEVERITY_CHOICES = /one of none, low, medium, high, critical/;
const TRUE_OR_FALSE = /must be true or false/;
const HTTPS_URL = /https:\/\/dev\.azure\.com\/contoso\//;

/** What the agent hands a task for the WIF "Azure DevOps" connection, with another scheme. */
function schemeEnv(scheme: string): Record<string, string> {
  return {
    [`ENDPOINT_AUTH_${WIF}`]: JSON.stringify({ parameters: { username: 'someone', password: 'not-a-real-password' }, scheme }),
    [`ENDPOINT_AUTH_SCHEME_${WIF}`]: scheme,
  };
}

const ROWS: BadInput[] = [
  // ---- PoolInventory@1
  {
    task: 'PoolInventoryV1',
    what: 'organizationUrl that is not a URL',
    inputs: { organizationUrl: 'contoso' },
    input: 'organizationUrl',
    allowed: /absolute https URL such as https:\/\/dev\.azure\.com\/contoso\//,
  },
  {
    task: 'PoolInventoryV1',
    what: 'organizationUrl over http',
    inputs: ({ emu }) => ({ organizationUrl: emu.orgUrl.replace('https:', 'http:') }),
    input: 'organizationUrl',
    allowed: /must use https/,
  },
  {
    task: 'PoolInventoryV1',
    what: 'organizationUrl with a query',
    inputs: ({ emu }) => ({ organizationUrl: `${emu.orgUrl}?api-version=7.1` }),
    input: 'organizationUrl',
    allowed: /must not contain a query or fragment/,
  },
  {
    task: 'PoolInventoryV1',
    what: 'organizationUrl with another scheme (ftp)',
    inputs: { organizationUrl: 'ftp://dev.azure.com/contoso/' },
    input: 'organizationUrl',
    allowed: HTTPS_URL,
  },
  {
    task: 'PoolInventoryV1',
    what: 'an unknown poolType',
    inputs: { poolType: 'cloud' },
    input: 'poolType',
    allowed: /one of all, selfHosted, elastic, hosted, deployment; got 'cloud'/,
  },
  {
    task: 'PoolInventoryV1',
    what: 'an unknown connectionType',
    inputs: { connectionType: 'personalAccessToken' },
    input: 'connectionType',
    allowed: /one of azureDevOps, azureRM, systemAccessToken/,
  },
  {
    task: 'PoolInventoryV1',
    what: 'includeHosted that is not a boolean',
    inputs: { includeHosted: 'yes' },
    input: 'includeHosted',
    allowed: TRUE_OR_FALSE,
  },
  {
    task: 'PoolInventoryV1',
    what: 'includeCapabilities as a number',
    inputs: { includeCapabilities: '1' },
    input: 'includeCapabilities',
    allowed: TRUE_OR_FALSE,
  },
  {
    task: 'PoolInventoryV1',
    what: 'a negative staleAfterHours',
    inputs: { staleAfterHours: -1 },
    input: 'staleAfterHours',
    allowed: NUMBER_RANGE(1, 8760),
  },
  {
    task: 'PoolInventoryV1',
    what: 'a fractional staleAfterHours',
    inputs: { staleAfterHours: '2.5' },
    input: 'staleAfterHours',
    allowed: NUMBER_RANGE(1, 8760),
  },
  {
    task: 'PoolInventoryV1',
    what: 'a huge maxConcurrency',
    inputs: { maxConcurrency: '99999999999999999999' },
    input: 'maxConcurrency',
    allowed: NUMBER_RANGE(1, 64),
  },
  {
    task: 'PoolInventoryV1',
    what: 'a zero maxConcurrency',
    inputs: { maxConcurrency: 0 },
    input: 'maxConcurrency',
    allowed: NUMBER_RANGE(1, 64),
  },
  {
    task: 'PoolInventoryV1',
    what: 'a connection with a scheme Pool Warden cannot sign in with',
    env: schemeEnv('UsernamePassword'),
    input: 'azureDevOpsServiceConnection',
    names: /Service connection 'azureDevOpsServiceConnection' uses scheme 'UsernamePassword'/,
    allowed: /Allowed: WorkloadIdentityFederation \(recommended\), ServicePrincipal \(secret or certificate\), ManagedServiceIdentity/,
  },
  {
    task: 'PoolInventoryV1',
    what: 'a connection the job does not expose',
    connectionIds: [],
    input: 'azureDevOpsServiceConnection',
    allowed: /not available to this step \(not found, or not authorized for this pipeline\)/,
  },
  {
    task: 'PoolInventoryV1',
    what: 'connectionType azureRM with no azureSubscription',
    inputs: { connectionType: 'azureRM', azureSubscription: '' },
    input: 'azureSubscription',
    allowed: /required when connectionType is 'azureRM': choose a service connection/,
  },

  // ---- ScaleSetAgents@1
  {
    task: 'ScaleSetAgentsV1',
    what: 'an unknown pool',
    inputs: { pool: 'no-such-pool' },
    input: 'pool',
    allowed: /Give the pool's name or id/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'the Microsoft-hosted pool',
    inputs: { pool: 'Azure Pipelines', action: 'remove', count: 1 },
    input: 'pool',
    allowed: /Choose a scale set or self-hosted pool/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'no pool',
    inputs: { pool: '' },
    input: 'pool',
    allowed: /is required: the name or id of a self-hosted or scale set agent pool/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'an unknown action',
    inputs: { action: 'shrink' },
    input: 'action',
    allowed: /one of add, remove, setCount, removeOffline, configure/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'a negative count',
    inputs: { pool: 'vmss-elastic', action: 'remove', count: -1 },
    input: 'count',
    allowed: NUMBER_RANGE(1, 1000),
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'a fractional count',
    inputs: { pool: 'vmss-elastic', action: 'remove', count: '1.5' },
    input: 'count',
    allowed: NUMBER_RANGE(1, 1000),
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'a huge targetCount',
    inputs: { pool: 'vmss-elastic', action: 'setCount', targetCount: 1_000_000 },
    input: 'targetCount',
    allowed: NUMBER_RANGE(0, 1000),
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'minAgents above maxAgents',
    inputs: { pool: 'vmss-elastic', action: 'setCount', targetCount: 3, minAgents: 5, maxAgents: 2 },
    input: 'maxAgents',
    allowed: /must be at least minAgents \(5\)/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'an unknown recycleAfterEachUse',
    inputs: { pool: 'vmss-elastic', action: 'configure', recycleAfterEachUse: 'sometimes' },
    input: 'recycleAfterEachUse',
    allowed: /one of unchanged, true, false; got 'sometimes'/,
  },
  { task: 'ScaleSetAgentsV1', what: 'dryRun that is not a boolean', inputs: { dryRun: 'maybe' }, input: 'dryRun', allowed: TRUE_OR_FALSE },
  {
    task: 'ScaleSetAgentsV1',
    what: 'a zero pollIntervalSeconds',
    inputs: { pollIntervalSeconds: 0 },
    input: 'pollIntervalSeconds',
    allowed: NUMBER_RANGE(1, 300),
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'an ARM resource id of another type (a VM)',
    inputs: {
      pool: 'vmss-selfmanaged',
      action: 'add',
      count: 1,
      azureSubscription: SAMPLE_IDS.connections.wifArm,
      scaleSetResourceId: `${RG}/providers/Microsoft.Compute/virtualMachines/build-vm`,
    },
    input: 'scaleSetResourceId',
    allowed: /\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/\{name\}/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'a scale set id with no ARM connection',
    inputs: { pool: 'vmss-selfmanaged', action: 'add', count: 1, scaleSetResourceId: SELF_MANAGED_ID },
    input: 'azureSubscription',
    allowed: /Azure Resource Manager service connection/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'standbyMode with action add (read by configure only)',
    inputs: { action: 'add', count: 1, standbyMode: 'off' },
    input: 'standbyMode',
    allowed: /applies only with action: configure.*Use action: configure/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'standbySchedule with action remove (read by configure only)',
    inputs: { standbySchedule: 'Mon-Fri 08:00=1, 18:00=0' },
    input: 'standbySchedule',
    allowed: /applies only with action: configure.*Use action: configure/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'standbyTimeZone with action setCount (read by configure only)',
    inputs: { action: 'setCount', targetCount: 2, standbyTimeZone: 'Tokyo Standard Time' },
    input: 'standbyTimeZone',
    allowed: /applies only with action: configure.*Use action: configure/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'predictionPreference with action add (read by configure only)',
    inputs: { action: 'add', count: 1, predictionPreference: 'balanced' },
    input: 'predictionPreference',
    allowed: /applies only with action: configure.*Use action: configure/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'maxAgentLifetime with action remove (read by configure only)',
    inputs: { maxAgentLifetime: '1.00:00:00' },
    input: 'maxAgentLifetime',
    allowed: /applies only with action: configure.*Use action: configure/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'gracePeriod with action setCount (read by configure only)',
    inputs: { action: 'setCount', targetCount: 2, gracePeriod: '00:30:00' },
    input: 'gracePeriod',
    allowed: /applies only with action: configure.*Use action: configure/,
  },
  {
    task: 'ScaleSetAgentsV1',
    what: 'organizationUrl with a fragment',
    inputs: ({ emu }) => ({ organizationUrl: `${emu.orgUrl}#pools` }),
    input: 'organizationUrl',
    allowed: /must not contain a query or fragment/,
  },

  // ---- PoolRoleAudit@1
  {
    task: 'PoolRoleAuditV1',
    what: 'an unknown failOnSeverity',
    inputs: { failOnSeverity: 'severe' },
    input: 'failOnSeverity',
    allowed: SEVERITY_CHOICES,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'remediate that is not a boolean',
    inputs: { remediate: 'sure' },
    input: 'remediate',
    allowed: TRUE_OR_FALSE,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'remediateRules naming an unknown rule',
    inputs: { remediate: true, remediateRules: 'POOL001,POOL099' },
    input: 'remediateRules',
    allowed: /unknown rule 'POOL099'; allowed: POOL001, POOL006, POOL007, POOL014/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'remediateRules naming a rule with no safe fix',
    inputs: { remediate: true, remediateRules: 'POOL002' },
    input: 'remediateRules',
    allowed: /no safe automatic fix; allowed: POOL001, POOL006, POOL007, POOL014/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: "remediateBranches allowing every branch ('*')",
    inputs: { remediate: true, remediateBranches: 'main, *' },
    input: 'remediateBranches',
    allowed: /allowed: comma-separated branch names or refs such as refs\/heads\/main/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'a negative maxAdministrators',
    inputs: { maxAdministrators: -1 },
    input: 'maxAdministrators',
    allowed: NUMBER_RANGE(0, 10000),
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'a fractional staleAgentDays',
    inputs: { staleAgentDays: '1.5' },
    input: 'staleAgentDays',
    allowed: NUMBER_RANGE(0, 3650),
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'a policy file that does not exist',
    inputs: { policyFile: '/no/such/pool-policy.yml' },
    input: 'policyFile',
    allowed: /Give the path of a YAML or JSON policy file, or leave it empty/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'malformed policy YAML',
    policy: { name: 'policy.yml', text: 'rules:\n  POOL002: { enabled: false\nsettings: [\n' },
    input: 'policyFile',
    allowed: /not valid YAML or JSON at line \d+, column \d+/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'malformed policy JSON',
    policy: { name: 'policy.json', text: '{ "rules": { "POOL002": { "enabled": false } }, }\n}' },
    input: 'policyFile',
    allowed: /not valid YAML or JSON at line \d+, column \d+/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'an unknown rule id in the policy',
    policy: { name: 'policy.yml', text: 'rules:\n  POOL099: { enabled: false }\n' },
    input: 'policyFile',
    allowed: /rules\.POOL099: unknown rule id; allowed: POOL001…POOL019/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'an unknown top-level policy key',
    policy: { name: 'policy.yml', text: 'rule:\n  POOL002: { enabled: false }\n' },
    input: 'policyFile',
    allowed: /rule: unknown top-level key \(did you mean rules\?\); allowed: version, settings, rules, exemptions/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'an unknown policy setting',
    policy: { name: 'policy.yml', text: 'settings:\n  maxAdmins: 3\n' },
    input: 'policyFile',
    allowed: /settings\.maxAdmins: unknown setting.*; allowed: .*maxAdministrators/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'an unknown severity in the policy',
    policy: { name: 'policy.yml', text: 'rules:\n  POOL003: { severity: urgent }\n' },
    input: 'policyFile',
    allowed: /rules\.POOL003\.severity: "urgent" is not a severity; allowed: low, medium, high, critical/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'an exemption with an impossible date',
    policy: {
      name: 'policy.yml',
      text: 'exemptions:\n  - rule: POOL001\n    resource: Default\n    reason: migration\n    expires: 2026-02-30\n',
    },
    input: 'policyFile',
    allowed: /exemptions\[0\]\.expires: "2026-02-30" is not a valid date \(YYYY-MM-DD\)/,
  },
  {
    task: 'PoolRoleAuditV1',
    what: 'an exemption with no matcher',
    policy: { name: 'policy.yml', text: 'exemptions:\n  - rule: POOL001\n    reason: migration\n    expires: 2030-01-31\n' },
    input: 'policyFile',
    allowed: /exemptions\[0\]: needs at least one of resource, principal, tokenName, authorizationId/,
  },

  // ---- PatAudit@1
  {
    task: 'PatAuditV1',
    what: 'an unknown revoke mode',
    inputs: { revoke: 'all' },
    input: 'revoke',
    allowed: /one of none, expired, global, fullScope, violations; got 'all'/,
  },
  {
    task: 'PatAuditV1',
    what: 'an unknown failOnSeverity',
    inputs: { failOnSeverity: 'highest' },
    input: 'failOnSeverity',
    allowed: SEVERITY_CHOICES,
  },
  {
    task: 'PatAuditV1',
    what: 'a zero maxLifetimeDays',
    inputs: { maxLifetimeDays: 0 },
    input: 'maxLifetimeDays',
    allowed: NUMBER_RANGE(1, 3650),
  },
  {
    task: 'PatAuditV1',
    what: 'a huge expiringWithinDays',
    inputs: { expiringWithinDays: 100000 },
    input: 'expiringWithinDays',
    allowed: NUMBER_RANGE(0, 365),
  },
  {
    task: 'PatAuditV1',
    what: 'noticeWithinDays below expiringWithinDays',
    inputs: { expiringWithinDays: 14, noticeWithinDays: 7 },
    input: 'noticeWithinDays',
    allowed: /at least expiringWithinDays \(14\)/,
  },
  {
    task: 'PatAuditV1',
    what: 'includeSshKeys that is not a boolean',
    inputs: { includeSshKeys: 'y' },
    input: 'includeSshKeys',
    allowed: TRUE_OR_FALSE,
  },
  {
    task: 'PatAuditV1',
    what: 'dryRun that is not a boolean',
    inputs: { revoke: 'expired', dryRun: 'nope' },
    input: 'dryRun',
    allowed: TRUE_OR_FALSE,
  },
  {
    task: 'PatAuditV1',
    what: 'an unknown rule id in the policy',
    policy: { name: 'pat-policy.yml', text: 'rules:\n  PAT099: { enabled: false }\n' },
    input: 'policyFile',
    allowed: /rules\.PAT099: unknown rule id; allowed: PAT001…PAT014/,
  },
  {
    task: 'PatAuditV1',
    what: 'an audit log look-back beyond the 90 days the service keeps',
    inputs: { auditLookbackDays: 91 },
    input: 'auditLookbackDays',
    allowed: NUMBER_RANGE(0, 90),
  },
  {
    task: 'PatAuditV1',
    what: 'a zero SSH key lifetime',
    inputs: { includeSshKeys: true, maxSshKeyLifetimeDays: 0 },
    input: 'maxSshKeyLifetimeDays',
    allowed: NUMBER_RANGE(1, 3650),
  },
  {
    task: 'PatAuditV1',
    what: 'checkPolicies that is not a boolean',
    inputs: { checkPolicies: 'perhaps' },
    input: 'checkPolicies',
    allowed: TRUE_OR_FALSE,
  },
  {
    task: 'PatAuditV1',
    what: 'an exemption date in another format',
    policy: {
      name: 'pat-policy.yml',
      text: 'exemptions:\n  - rule: PAT001\n    tokenName: deploy-*\n    reason: break-glass\n    expires: 31/12/2030\n',
    },
    input: 'policyFile',
    allowed: /exemptions\[0\]\.expires: .* is not a valid date \(YYYY-MM-DD\)/,
  },
  {
    task: 'PatAuditV1',
    what: 'an unknown key in an exemption',
    policy: {
      name: 'pat-policy.yml',
      text: 'exemptions:\n  - rule: PAT001\n    token: deploy-*\n    reason: break-glass\n    expires: 2030-12-31\n',
    },
    input: 'policyFile',
    allowed: /exemptions\[0\]\.token: unknown key; allowed: rule, resource, principal, tokenName, authorizationId, reason, expires/,
  },
  {
    task: 'PatAuditV1',
    what: 'a policy setting out of bounds',
    policy: { name: 'pat-policy.json', text: '{ "settings": { "maxLifetimeDays": 5000 } }' },
    input: 'policyFile',
    allowed: /settings\.maxLifetimeDays: must be an integer between 1 and 3650, got 5000/,
  },
  {
    task: 'PatAuditV1',
    what: 'a policy token name pattern that is not a regular expression',
    policy: { name: 'pat-policy.yml', text: 'settings:\n  agentTokenNamePattern: "agent(["\n' },
    input: 'policyFile',
    allowed: /settings\.agentTokenNamePattern: must be a regular expression/,
  },
  {
    task: 'PatAuditV1',
    what: 'organizationUrl that is not a URL',
    inputs: { organizationUrl: 'dev.azure.com/contoso' },
    input: 'organizationUrl',
    allowed: /absolute https URL/,
  },

  // ---- ReportMerge@1
  {
    task: 'ReportMergeV1',
    what: 'reportFiles matching no file',
    inputs: { reportFiles: '/nonexistent-folder/**/*.json' },
    input: 'reportFiles',
    allowed: /Give paths, folders or patterns .* of the JSON reports PoolInventory, PoolRoleAudit or PatAudit wrote/,
  },
  {
    task: 'ReportMergeV1',
    what: 'reportFiles with only separators',
    inputs: { reportFiles: ' , \n , ' },
    input: 'reportFiles',
    allowed: /one or more report paths or patterns/,
  },
  {
    task: 'ReportMergeV1',
    what: 'reportFiles matching files that are not reports',
    inputs: ({ notReports }) => ({ reportFiles: `${notReports}/*.json` }),
    input: 'reportFiles',
    allowed: /none is a PoolRoleAudit, PatAudit or PoolInventory report/,
  },
  {
    task: 'ReportMergeV1',
    what: 'an unknown failOnSeverity',
    inputs: ({ notReports }) => ({ reportFiles: `${notReports}/*.json`, failOnSeverity: 'blocker' }),
    input: 'failOnSeverity',
    allowed: SEVERITY_CHOICES,
  },
];

/** Inputs that work for each task; a row changes one or two of them. */
function baseInputs(task: Task, emu: Emulator): Inputs {
  if (task === 'ReportMergeV1') return {};
  const signIn = wifDevOpsInputs(emu);
  if (task === 'ScaleSetAgentsV1')
    return { ...signIn, pool: 'vmss-elastic', action: 'remove', count: 1, dryRun: true, pollIntervalSeconds: 1 };
  if (task === 'PatAuditV1' || task === 'PoolRoleAuditV1') return { ...signIn, failOnSeverity: 'none' };
  return signIn;
}

describe('e2e: bad input to any task fails clearly and writes nothing', function () {
  this.timeout(60_000);
  let ctx: Context;
  before(async () => {
    const notReports = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-not-reports-'));
    fs.writeFileSync(path.join(notReports, 'package.json'), JSON.stringify({ name: 'not-a-report', version: '1.0.0' }));
    fs.writeFileSync(path.join(notReports, 'broken.json'), '{ "task": ');
    ctx = { emu: await startE2eEmulator(), notReports };
  });
  after(() => ctx.emu.close());

  it(`the table covers all five tasks, and the README's reliability section gives its size`, () => {
    assert.ok(ROWS.length >= 40, `${ROWS.length} rows`);
    assert.ok(
      fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').includes(`${ROWS.length} invalid inputs`),
      `README says ${ROWS.length} invalid inputs`,
    );
    assert.deepEqual([...new Set(ROWS.map((row) => row.task))].sort(), [
      'PatAuditV1',
      'PoolInventoryV1',
      'PoolRoleAuditV1',
      'ReportMergeV1',
      'ScaleSetAgentsV1',
    ]);
  });

  for (const row of ROWS) {
    it(`${row.task.replace(/V1$/, '')}: ${row.what} → Failed, names '${row.input}' and what is allowed`, async () => {
      const extra = typeof row.inputs === 'function' ? row.inputs(ctx) : (row.inputs ?? {});
      const inputs: Inputs = { ...baseInputs(row.task, ctx.emu), ...extra };
      if (row.policy) inputs.policyFile = writePolicyFile(row.policy.text, row.policy.name);
      const run = await runInProcess(ctx.emu, { task: row.task, inputs, connectionIds: row.connectionIds, env: row.env });
      assert.equal(run.result, 'Failed', tail(run));
      const message = run.resultMessage ?? '';
      assert.match(message, row.names ?? new RegExp(`Input '${row.input}'`), `the message names the input: ${message}`);
      assert.match(message, row.allowed, `the message says what is allowed: ${message}`);
      assertNoWrites(run);
    });
  }
});
