import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SAMPLE_IDS, type Emulator } from '../emulator';
import { SELF_MANAGED_SCALE_SET_ID } from './chaos-support';
import { runAgentTask, startE2eEmulator, tail, wifDevOpsInputs } from './support';

type Task = 'PoolInventoryV1' | 'ScaleSetAgentsV1' | 'PoolRoleAuditV1' | 'PatAuditV1';

interface Row {
  name: string;
  task: Task;
  /** Inputs on top of the workload identity sign-in inputs (an empty string removes an input). */
  inputs: Record<string, string>;
  /** The error must name the input … */
  names: RegExp;
  /** … and say what is allowed. */
  allowed: RegExp;
  /** Service connections the job exposes, when the row needs another one. */
  connectionIds?: string[];
  /** Agent environment overrides (e.g. a connection of another authentication scheme). */
  env?: Record<string, string>;
}

const policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bad-policy-'));
/** Writes a policy file for a row and returns its path. */
function policy(name: string, text: string): string {
  const file = path.join(policyDir, name);
  fs.writeFileSync(file, text);
  return file;
}

const scale = (inputs: Record<string, string>) => ({ pool: 'vmss-elastic', action: 'remove', count: '1', ...inputs });
const INT = (min: number, max: number) => new RegExp(`whole number from ${min} to ${max}`);
const BOOL = /true or false/;
const SEVERITIES = /none, low, medium, high, critical/;

const ROWS: Row[] = [
  // Organization URL and sign-in (every task shares them; each task is covered at least once).
  { name: 'organization URL is not a URL', task: 'PoolInventoryV1', inputs: { organizationUrl: 'contoso' }, names: /organizationUrl/, allowed: /absolute https URL/ },
  { name: 'organization URL uses http', task: 'PoolRoleAuditV1', inputs: { organizationUrl: 'http://dev.azure.com/contoso/' }, names: /organizationUrl/, allowed: /must use https/ },
  { name: 'organization URL has a query', task: 'PatAuditV1', inputs: { organizationUrl: 'https://dev.azure.com/contoso/?a=1' }, names: /organizationUrl/, allowed: /query or fragment/ },
  { name: 'organization URL is ftp', task: 'ScaleSetAgentsV1', inputs: scale({ organizationUrl: 'ftp://dev.azure.com/contoso/' }), names: /organizationUrl/, allowed: /https/ },
  { name: 'unknown connection type', task: 'PoolInventoryV1', inputs: { connectionType: 'pat' }, names: /connectionType/, allowed: /azureDevOps, azureRM, systemAccessToken/ },
  { name: 'missing Azure DevOps connection', task: 'PoolInventoryV1', inputs: { azureDevOpsServiceConnection: '' }, names: /azureDevOpsServiceConnection/, allowed: /service connection|required/i },
  { name: 'connection not available to the job', task: 'PatAuditV1', inputs: { azureDevOpsServiceConnection: '0b0b0b0b-0000-4000-8000-000000000000' }, names: /azureDevOpsServiceConnection/, allowed: /not available to this step/ },
  { name: 'missing Azure Resource Manager connection', task: 'PoolRoleAuditV1', inputs: { connectionType: 'azureRM', azureSubscription: '' }, names: /azureSubscription/, allowed: /service connection|required/i },
  {
    name: 'connection with an unsupported authentication scheme',
    task: 'PoolInventoryV1',
    inputs: {},
    env: {
      [`ENDPOINT_AUTH_${SAMPLE_IDS.connections.wifDevOps}`]: JSON.stringify({ scheme: 'UsernamePassword', parameters: { username: 'u', password: 'p4ssw0rd-not-real' } }),
      [`ENDPOINT_AUTH_SCHEME_${SAMPLE_IDS.connections.wifDevOps}`]: 'UsernamePassword',
    },
    names: /azureDevOpsServiceConnection|UsernamePassword/,
    allowed: /WorkloadIdentityFederation|workload identity/i,
  },
  { name: 'maxConcurrency zero', task: 'PoolInventoryV1', inputs: { maxConcurrency: '0' }, names: /maxConcurrency/, allowed: INT(1, 64) },
  { name: 'maxConcurrency huge', task: 'PatAuditV1', inputs: { maxConcurrency: '100000' }, names: /maxConcurrency/, allowed: INT(1, 64) },

  // PoolInventory
  { name: 'unknown pool type', task: 'PoolInventoryV1', inputs: { poolType: 'vmss' }, names: /poolType/, allowed: /all, selfHosted, elastic, hosted, deployment/ },
  { name: 'negative staleAfterHours', task: 'PoolInventoryV1', inputs: { staleAfterHours: '-5' }, names: /staleAfterHours/, allowed: INT(1, 8760) },
  { name: 'huge staleAfterHours', task: 'PoolInventoryV1', inputs: { staleAfterHours: '9999999999999999999' }, names: /staleAfterHours/, allowed: INT(1, 8760) },
  { name: 'fractional staleAfterHours', task: 'PoolInventoryV1', inputs: { staleAfterHours: '1.5' }, names: /staleAfterHours/, allowed: INT(1, 8760) },
  { name: 'includeHosted yes', task: 'PoolInventoryV1', inputs: { includeHosted: 'yes' }, names: /includeHosted/, allowed: BOOL },
  { name: 'includeScaleSets 1', task: 'PoolInventoryV1', inputs: { includeScaleSets: '1' }, names: /includeScaleSets/, allowed: BOOL },

  // ScaleSetAgents
  { name: 'unknown pool', task: 'ScaleSetAgentsV1', inputs: scale({ pool: 'no-such-pool' }), names: /pool/, allowed: /pool's name or id/ },
  { name: 'missing pool', task: 'ScaleSetAgentsV1', inputs: scale({ pool: '' }), names: /'pool'/, allowed: /required/ },
  { name: 'Microsoft-hosted pool', task: 'ScaleSetAgentsV1', inputs: scale({ pool: 'Azure Pipelines' }), names: /'pool'/, allowed: /scale set or self-hosted pool/ },
  { name: 'unknown action', task: 'ScaleSetAgentsV1', inputs: scale({ action: 'grow' }), names: /action/, allowed: /add, remove, setCount, removeOffline, configure/ },
  { name: 'missing action', task: 'ScaleSetAgentsV1', inputs: scale({ action: '' }), names: /action/, allowed: /add, remove, setCount, removeOffline, configure/ },
  { name: 'negative count', task: 'ScaleSetAgentsV1', inputs: scale({ count: '-1' }), names: /'count'/, allowed: /whole number from 0 to \d+/ },
  { name: 'huge count', task: 'ScaleSetAgentsV1', inputs: scale({ count: '1000000000' }), names: /'count'/, allowed: /whole number from 0 to \d+/ },
  { name: 'count in words', task: 'ScaleSetAgentsV1', inputs: scale({ count: 'two' }), names: /'count'/, allowed: /whole number/ },
  { name: 'setCount without targetCount', task: 'ScaleSetAgentsV1', inputs: scale({ action: 'setCount', count: '' }), names: /targetCount/, allowed: /whole number from 0 to \d+/ },
  { name: 'minAgents above maxAgents', task: 'ScaleSetAgentsV1', inputs: scale({ minAgents: '5', maxAgents: '2' }), names: /minAgents|maxAgents/, allowed: /minAgents.*maxAgents|maxAgents.*minAgents/ },
  { name: 'negative minAgents', task: 'ScaleSetAgentsV1', inputs: scale({ minAgents: '-3' }), names: /minAgents/, allowed: /whole number from 0/ },
  { name: 'negative drain timeout', task: 'ScaleSetAgentsV1', inputs: scale({ drainTimeoutMinutes: '-1' }), names: /drainTimeoutMinutes/, allowed: /whole number from 0/ },
  { name: 'zero online timeout', task: 'ScaleSetAgentsV1', inputs: scale({ action: 'add', onlineTimeoutMinutes: '0' }), names: /onlineTimeoutMinutes/, allowed: /whole number from 1/ },
  { name: 'dryRun maybe', task: 'ScaleSetAgentsV1', inputs: scale({ dryRun: 'maybe' }), names: /dryRun/, allowed: BOOL },
  { name: 'unknown recycle choice', task: 'ScaleSetAgentsV1', inputs: { pool: 'vmss-elastic', action: 'configure', recycleAfterEachUse: 'sometimes' }, names: /recycleAfterEachUse/, allowed: /unchanged, true, false/ },
  { name: 'standby above max capacity', task: 'ScaleSetAgentsV1', inputs: { pool: 'vmss-elastic', action: 'configure', standbyAgents: '20', maxCapacity: '5' }, names: /Input 'standbyAgents'/, allowed: /must not exceed maxCapacity/ },
  { name: 'configure with nothing to change', task: 'ScaleSetAgentsV1', inputs: { pool: 'vmss-elastic', action: 'configure' }, names: /Input 'action'/, allowed: /standbyAgents, maxCapacity, timeToLiveMinutes or recycleAfterEachUse/ },
  { name: 'ARM id of a virtual machine, not a scale set', task: 'ScaleSetAgentsV1', inputs: scale({ pool: 'vmss-selfmanaged', scaleSetResourceId: `/subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/rg-agents/providers/Microsoft.Compute/virtualMachines/vm1`, azureSubscription: SAMPLE_IDS.connections.wifArm }), names: /scaleSetResourceId/, allowed: /virtualMachineScaleSets/ },
  { name: 'scale set name instead of its ARM id', task: 'ScaleSetAgentsV1', inputs: scale({ pool: 'vmss-selfmanaged', scaleSetResourceId: 'vmss-selfmanaged', azureSubscription: SAMPLE_IDS.connections.wifArm }), names: /scaleSetResourceId/, allowed: /\/subscriptions\/.*virtualMachineScaleSets/ },
  { name: 'scale set id for an Azure DevOps-managed pool', task: 'ScaleSetAgentsV1', inputs: scale({ scaleSetResourceId: SELF_MANAGED_SCALE_SET_ID, azureSubscription: SAMPLE_IDS.connections.wifArm }), names: /scaleSetResourceId/, allowed: /must be empty/ },
  { name: 'self-managed scale set without an ARM connection', task: 'ScaleSetAgentsV1', inputs: scale({ pool: 'vmss-selfmanaged', scaleSetResourceId: SELF_MANAGED_SCALE_SET_ID }), names: /azureSubscription/, allowed: /Azure Resource Manager service connection/ },

  // PoolRoleAudit
  { name: 'unknown severity threshold', task: 'PoolRoleAuditV1', inputs: { failOnSeverity: 'severe' }, names: /failOnSeverity/, allowed: SEVERITIES },
  { name: 'unknown remediation rule', task: 'PoolRoleAuditV1', inputs: { remediate: 'true', remediateRules: 'POOL999' }, names: /remediateRules.*POOL999/, allowed: /POOL001, POOL006, POOL007/ },
  { name: 'rule without a safe fix', task: 'PoolRoleAuditV1', inputs: { remediate: 'true', remediateRules: 'POOL002' }, names: /remediateRules.*POOL002/, allowed: /POOL001, POOL006, POOL007/ },
  { name: 'negative maxAdministrators', task: 'PoolRoleAuditV1', inputs: { maxAdministrators: '-1' }, names: /maxAdministrators/, allowed: INT(0, 10000) },
  { name: 'broadGroupMemberThreshold in words', task: 'PoolRoleAuditV1', inputs: { broadGroupMemberThreshold: 'lots' }, names: /broadGroupMemberThreshold/, allowed: /whole number/ },
  { name: 'huge staleAgentDays', task: 'PoolRoleAuditV1', inputs: { staleAgentDays: '99999' }, names: /staleAgentDays/, allowed: INT(0, 3650) },
  { name: 'remediate yes', task: 'PoolRoleAuditV1', inputs: { remediate: 'yes' }, names: /remediate/, allowed: BOOL },
  { name: 'policy file that does not exist', task: 'PoolRoleAuditV1', inputs: { policyFile: path.join(policyDir, 'nope.yml') }, names: /policyFile/, allowed: /YAML or JSON policy file/ },
  { name: 'malformed policy YAML', task: 'PoolRoleAuditV1', inputs: { policyFile: policy('broken.yml', 'settings:\n  maxAdministrators: [1, 2\n') }, names: /broken\.yml/, allowed: /YAML|JSON/ },
  { name: 'malformed policy JSON', task: 'PoolRoleAuditV1', inputs: { policyFile: policy('broken.json', '{"settings": {"maxAdministrators": 5,}') }, names: /broken\.json/, allowed: /YAML|JSON/ },
  { name: 'policy with an unknown rule id', task: 'PoolRoleAuditV1', inputs: { policyFile: policy('unknown-rule.yml', 'rules:\n  POOL099: { enabled: false }\n') }, names: /rules\.POOL099/, allowed: /POOL001/ },
  { name: 'policy with a PAT rule in the pool audit', task: 'PoolRoleAuditV1', inputs: { policyFile: policy('pat-rule.yml', 'rules:\n  PAT001: { severity: low }\n') }, names: /rules\.PAT001/, allowed: /POOL001/ },
  { name: 'policy with an unknown severity', task: 'PoolRoleAuditV1', inputs: { policyFile: policy('severity.yml', 'rules:\n  POOL003: { severity: urgent }\n') }, names: /rules\.POOL003\.severity/, allowed: /low.*medium.*high.*critical/ },
  { name: 'policy setting of the wrong type', task: 'PoolRoleAuditV1', inputs: { policyFile: policy('type.yml', 'settings:\n  maxAdministrators: five\n') }, names: /settings\.maxAdministrators/, allowed: /integer/ },
  { name: 'policy with an unknown top-level key', task: 'PoolRoleAuditV1', inputs: { policyFile: policy('top.yml', 'version: 1\nexceptions: []\n') }, names: /exceptions/, allowed: /version, settings, rules, exemptions/ },
  { name: 'exemption with an impossible date', task: 'PoolRoleAuditV1', inputs: { policyFile: policy('date.yml', 'exemptions:\n  - { rule: POOL001, resource: "*", reason: r, expires: "2026-13-01" }\n') }, names: /exemptions\[0\]\.expires/, allowed: /YYYY-MM-DD/ },
  { name: 'exemption with a day-first date', task: 'PatAuditV1', inputs: { policyFile: policy('date2.yml', 'exemptions:\n  - { rule: PAT001, principal: "*", reason: r, expires: "31/01/2027" }\n') }, names: /exemptions\[0\]\.expires/, allowed: /YYYY-MM-DD/ },
  { name: 'exemption without a reason', task: 'PoolRoleAuditV1', inputs: { policyFile: policy('reason.yml', 'exemptions:\n  - { rule: POOL001, resource: "*", expires: "2099-01-01" }\n') }, names: /exemptions\[0\]\.reason/, allowed: /required/ },
  { name: 'exemption for an unknown rule', task: 'PatAuditV1', inputs: { policyFile: policy('exrule.yml', 'exemptions:\n  - { rule: PAT999, principal: "*", reason: r, expires: "2099-01-01" }\n') }, names: /exemptions\[0\]\.rule/, allowed: /PAT001/ },

  // PatAudit
  { name: 'unknown revoke mode', task: 'PatAuditV1', inputs: { revoke: 'all' }, names: /revoke/, allowed: /none, expired, global, fullScope, violations/ },
  { name: 'zero maxLifetimeDays', task: 'PatAuditV1', inputs: { maxLifetimeDays: '0' }, names: /maxLifetimeDays/, allowed: INT(1, 3650) },
  { name: 'huge expiringWithinDays', task: 'PatAuditV1', inputs: { expiringWithinDays: '400' }, names: /expiringWithinDays/, allowed: INT(0, 365) },
  { name: 'negative noticeWithinDays', task: 'PatAuditV1', inputs: { noticeWithinDays: '-7' }, names: /noticeWithinDays/, allowed: INT(0, 365) },
  { name: 'includeSshKeys y', task: 'PatAuditV1', inputs: { includeSshKeys: 'y' }, names: /includeSshKeys/, allowed: BOOL },
  { name: 'unknown severity threshold (PAT)', task: 'PatAuditV1', inputs: { failOnSeverity: 'HIGHEST' }, names: /failOnSeverity/, allowed: SEVERITIES },
  { name: 'policy with a pool setting in the PAT audit', task: 'PatAuditV1', inputs: { policyFile: policy('pat-setting.yml', 'settings:\n  maxAdministrators: 3\n') }, names: /settings\.maxAdministrators/, allowed: /maxLifetimeDays/ },
];

describe(`bad input: ${ROWS.length} invalid inputs fail with a message naming the input and what is allowed, and change nothing`, function () {
  this.timeout(180_000);
  let emu: Emulator;
  before(async () => {
    emu = await startE2eEmulator();
  });
  after(async () => {
    await emu.close();
    fs.rmSync(policyDir, { recursive: true, force: true });
  });

  it('has at least 40 rows covering all four tasks', () => {
    assert.ok(ROWS.length >= 40);
    assert.deepEqual(new Set(ROWS.map((row) => row.task)), new Set(['PoolInventoryV1', 'ScaleSetAgentsV1', 'PoolRoleAuditV1', 'PatAuditV1']));
  });

  for (const row of ROWS) {
    it(`${row.task}: ${row.name}`, async () => {
      const inputs: Record<string, string> = { ...wifDevOpsInputs(emu), ...row.inputs };
      for (const [name, value] of Object.entries(inputs)) if (value === '') delete inputs[name];
      const run = await runAgentTask(emu, { task: row.task, inputs, connectionIds: row.connectionIds, env: row.env });
      assert.equal(run.result, 'Failed', tail(run));
      const message = run.resultMessage ?? '';
      assert.match(message, row.names, `message does not name the input: ${message}`);
      assert.match(message, row.allowed, `message does not say what is allowed: ${message}`);
      assert.deepEqual(run.writes.map((r) => `${r.method} ${r.path}`), [], 'a rejected run sent write requests');
    });
  }
});

describe('bad input: an exemption whose date has passed', function () {
  this.timeout(60_000);
  it('is not an error: it stops applying, is warned about and listed as expired, and the run still audits', async () => {
    const emu = await startE2eEmulator();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-past-policy-'));
    try {
      const file = path.join(dir, 'past.yml');
      fs.writeFileSync(file, 'exemptions:\n  - { rule: POOL002, resource: "*", reason: "old waiver", expires: "2020-01-31" }\n');
      const run = await runAgentTask(emu, { task: 'PoolRoleAuditV1', inputs: { ...wifDevOpsInputs(emu), policyFile: file, failOnSeverity: 'none' } });
      assert.notEqual(run.result, 'Failed', `${run.resultMessage}`);
      assert.ok(run.warnings.some((w) => /POOL002.*expired on 2020-01-31/.test(w)), `warnings: ${run.warnings.join(' | ')}`);
      const report = JSON.parse(fs.readFileSync(run.variables.reportPath, 'utf8'));
      assert.equal(report.expiredExemptions.length, 1);
      assert.ok(report.findings.some((f: { ruleId: string; exemption?: unknown }) => f.ruleId === 'POOL002' && !f.exemption), 'POOL002 findings are no longer exempted');
      assert.deepEqual(run.writes, []);
    } finally {
      await emu.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
