/**
 * The README's permissions table and its list of calls ("What each task calls"), both checked against one set of
 * runs: every task in each of its modes (read-only and write, both pool kinds), each on a fresh sample organization.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SAMPLE_IDS, type Emulator, type RecordedRequest } from '../../emulator';
import { REPO_ROOT } from '../../emulator/harness/run-task';
import { SELF_MANAGED_SCALE_SET_ID, startSampleEmulator } from './chaos-support';
import { writePolicyFile } from './audit-support';
import { assertNoWrites, runAgentTask, tail, wifDevOpsInputs } from './support';

const TASKS = ['PoolInventory', 'ScaleSetAgents', 'PoolRoleAudit', 'PatAudit'] as const;
type TaskName = (typeof TASKS)[number];

interface ModeRun {
  task: TaskName;
  mode: string;
  /** Write mode: the task is allowed (and expected) to change something. */
  writes: boolean;
  inputs(emu: Emulator): Record<string, string>;
  /** Changes the sample organization before the run. */
  prepare?(emu: Emulator): void;
}

/** A work item an earlier run filed whose findings are gone: the run reads it back, comments on it and closes it. */
function staleWorkItem(task: string) {
  return (emu: Emulator) => {
    emu.state.workItems.add(SAMPLE_IDS.projects.platform, {
      'System.Title': 'Pool Warden: resolved meanwhile',
      'System.Tags': `pool-warden; pw-${task.toLowerCase()}-contoso; pw-0123456789abcdef`,
      'System.TeamProject': 'Platform',
      'System.WorkItemType': 'Task',
      'System.State': 'New',
      'System.AreaPath': 'Platform',
      'System.Description': '<table><tr><td>pw:0123456789ab:high</td></tr></table>',
    });
  };
}
const followUp = { workItems: 'perOwner', workItemProject: 'Platform', workItemSeverity: 'low' };

const wif = wifDevOpsInputs;
const sensitivePolicy = () => writePolicyFile({ settings: { sensitivePools: ['Default', 'linux-selfhosted'] } });
const arm = { azureSubscription: SAMPLE_IDS.connections.wifArm };
const selfManaged = { ...arm, pool: 'vmss-selfmanaged', scaleSetResourceId: SELF_MANAGED_SCALE_SET_ID };
/** The self-managed scale set in Flexible orchestration: its instances are standard VMs (listed and deleted through the VM API). */
const flexible = (emu: Emulator) => {
  emu.state.scaleSetById(SELF_MANAGED_SCALE_SET_ID)!.orchestrationMode = 'Flexible';
};

const MODES: ModeRun[] = [
  {
    task: 'PoolInventory',
    mode: 'read',
    writes: false,
    inputs: (emu) => ({ ...wif(emu), includeHosted: 'true', includeCapabilities: 'true' }),
  },
  // Signed in through the Azure Resource Manager connection the inventory also reads the scale sets behind pools.
  {
    task: 'PoolInventory',
    mode: 'read through ARM connection',
    writes: false,
    inputs: (emu) => ({ connectionType: 'azureRM', ...arm, organizationUrl: emu.orgUrl }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'dry run',
    writes: false,
    inputs: (emu) => ({ ...wif(emu), pool: 'vmss-elastic', action: 'remove', count: '1', dryRun: 'true' }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'dry run (self-managed)',
    writes: false,
    inputs: (emu) => ({ ...wif(emu), ...selfManaged, action: 'remove', count: '1', dryRun: 'true' }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'remove (elastic)',
    writes: true,
    inputs: (emu) => ({ ...wif(emu), pool: 'vmss-elastic', action: 'remove', count: '1', pollIntervalSeconds: '1' }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'configure (elastic)',
    writes: true,
    inputs: (emu) => ({ ...wif(emu), pool: 'vmss-elastic', action: 'configure', standbyAgents: '2' }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'removeOffline',
    writes: true,
    inputs: (emu) => ({ ...wif(emu), pool: 'linux-selfhosted', action: 'removeOffline', offlineForHours: '24', pollIntervalSeconds: '1' }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'remove (self-managed)',
    writes: true,
    inputs: (emu) => ({ ...wif(emu), ...selfManaged, action: 'remove', count: '1', pollIntervalSeconds: '1' }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'add (self-managed)',
    writes: true,
    inputs: (emu) => ({ ...wif(emu), ...selfManaged, action: 'add', count: '1', onlineTimeoutMinutes: '1', pollIntervalSeconds: '1' }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'dry run (self-managed, Flexible)',
    writes: false,
    prepare: flexible,
    inputs: (emu) => ({ ...wif(emu), ...selfManaged, action: 'remove', count: '1', dryRun: 'true' }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'remove (self-managed, Flexible)',
    writes: true,
    prepare: flexible,
    inputs: (emu) => ({ ...wif(emu), ...selfManaged, action: 'remove', count: '1', pollIntervalSeconds: '1' }),
  },
  {
    task: 'ScaleSetAgents',
    mode: 'add (Managed DevOps Pool)',
    writes: true,
    inputs: (emu) => ({ ...wif(emu), ...arm, pool: 'mdp-linux', action: 'add', count: '1', pollIntervalSeconds: '1' }),
  },
  // With an ARM connection the audit also reads the Managed DevOps Pools' permission profile.
  {
    task: 'PoolRoleAudit',
    mode: 'read with ARM connection',
    writes: false,
    inputs: (emu) => ({ ...wif(emu), ...arm, failOnSeverity: 'none', policyFile: sensitivePolicy() }),
  },
  // Sensitive pools make the audit read pipeline definitions and branch policies (POOL018) and fix POOL014.
  {
    task: 'PoolRoleAudit',
    mode: 'read',
    writes: false,
    inputs: (emu) => ({ ...wif(emu), failOnSeverity: 'none', policyFile: sensitivePolicy() }),
  },
  {
    task: 'PoolRoleAudit',
    mode: 'remediate',
    writes: true,
    inputs: (emu) => ({ ...wif(emu), failOnSeverity: 'none', remediate: 'true', policyFile: sensitivePolicy() }),
  },
  { task: 'PatAudit', mode: 'read', writes: false, inputs: (emu) => ({ ...wif(emu), includeSshKeys: 'true', failOnSeverity: 'none' }) },
  { task: 'PatAudit', mode: 'revoke', writes: true, inputs: (emu) => ({ ...wif(emu), revoke: 'violations', failOnSeverity: 'none' }) },
  {
    task: 'PoolRoleAudit',
    mode: 'work items',
    writes: true,
    inputs: (emu) => ({ ...wif(emu), ...followUp, failOnSeverity: 'none' }),
    prepare: staleWorkItem('PoolRoleAudit'),
  },
  {
    task: 'PatAudit',
    mode: 'work items',
    writes: true,
    inputs: (emu) => ({ ...wif(emu), ...followUp, failOnSeverity: 'none' }),
    prepare: staleWorkItem('PatAudit'),
  },
];

function readmeBlock(name: string): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(readme);
  assert.ok(block, `README has the ${name} markers`);
  return block[1];
}

interface DocumentedGrants {
  read: Set<string>;
  write: Set<string>;
  arm: Set<string>;
}

/** The `read:` / `write:` / `arm:` code spans of each task's row of the permissions table. */
function documentedGrants(): Map<string, DocumentedGrants> {
  const rows = new Map<string, DocumentedGrants>();
  for (const line of readmeBlock('permissions').split('\n')) {
    const task = /^\| (\w+) \|/.exec(line)?.[1];
    if (!task || task === 'task') continue;
    const spans: DocumentedGrants = { read: new Set(), write: new Set(), arm: new Set() };
    for (const [, kind, list] of line.matchAll(/`(read|write|arm): ([^`]*)`/g)) {
      for (const grant of list
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean))
        spans[kind as keyof DocumentedGrants].add(kind === 'arm' ? `arm:${grant}` : grant);
    }
    rows.set(task, spans);
  }
  return rows;
}

/** The "What each task calls" table: task → calls as written there. */
function documentedCalls(): Map<string, Set<string>> {
  const calls = new Map<string, Set<string>>();
  for (const line of readmeBlock('endpoints').split('\n')) {
    const row = /^\| (\w+) \| `([^`]+)` \|/.exec(line);
    if (!row) continue;
    if (!calls.has(row[1])) calls.set(row[1], new Set());
    calls.get(row[1])!.add(row[2]);
  }
  return calls;
}

/**
 * What a request needed, in the vocabulary of the permissions table: the Azure DevOps grant of its route (from the
 * emulator's route table), or `arm:read` / `arm:write` for Azure Resource Manager calls. Sign-in calls need none.
 */
function grantOf(request: RecordedRequest): string | undefined {
  if (request.grant) return request.grant;
  if (request.service === 'arm' && request.status > 0 && request.status !== 404) return request.write ? 'arm:write' : 'arm:read';
  return undefined;
}

/** Writes an emulator route template the way the README does: `{org}` implied, vssps, auditservice and ARM hosts as prefixes. */
function asDocumented(request: RecordedRequest): string {
  const template = (request.route ?? request.path).replace(/:(\w+)/g, '{$1}');
  if (template.startsWith('/_vssps/{org}/')) return `vssps: ${request.method} ${template.slice('/_vssps/{org}/'.length)}`;
  if (template.startsWith('/_audit/{org}/')) return `auditservice: ${request.method} ${template.slice('/_audit/{org}/'.length)}`;
  if (template.startsWith('/_arm/')) {
    const armPath = template.slice('/_arm'.length);
    const scaleSet = armPath.indexOf('/virtualMachineScaleSets/');
    const managed = armPath.indexOf('/providers/Microsoft.DevOpsInfrastructure/');
    const shown = scaleSet >= 0 ? `…${armPath.slice(scaleSet)}` : managed >= 0 ? `…${armPath.slice(managed)}` : armPath;
    return `ARM: ${request.method} ${shown}`;
  }
  return `${request.method} ${template.replace(/^\/\{org\}\//, '')}`;
}

const sorted = (set: Iterable<string>) => [...set].sort();

describe('README: the permissions table and the list of calls match what the tasks send', function () {
  this.timeout(240_000);
  /** Per task: grants of its read-only runs, grants of all its runs, and every call it sent (sign-in aside). */
  const used = new Map<TaskName, { read: Set<string>; all: Set<string>; calls: Set<string> }>(
    TASKS.map((task) => [task, { read: new Set(), all: new Set(), calls: new Set() }]),
  );

  before(async () => {
    for (const spec of MODES) {
      // A fresh organization per run: write modes change it, and each run must see the sample as documented.
      const emu = await startSampleEmulator();
      try {
        spec.prepare?.(emu);
        const run = await runAgentTask(emu, { task: `${spec.task}V1`, inputs: spec.inputs(emu) });
        assert.notEqual(run.result, 'Failed', `${spec.task} ${spec.mode}: ${tail(run)}`);
        assert.deepEqual(
          run.requests.filter((r) => r.status === 401 || r.status === 403).map((r) => `${r.method} ${r.path} ${r.status}`),
          [],
          `${spec.task} ${spec.mode} was denied something`,
        );
        if (spec.writes) assert.ok(run.writes.length > 0, `${spec.task} ${spec.mode} was expected to change something`);
        else assertNoWrites(run);
        const entry = used.get(spec.task)!;
        for (const request of run.requests) {
          const grant = grantOf(request);
          if (grant) {
            entry.all.add(grant);
            if (!spec.writes) entry.read.add(grant);
          }
          if (request.service !== 'entra' && request.service !== 'oidc') entry.calls.add(asDocumented(request));
        }
      } finally {
        await emu.close();
      }
    }
  });

  it('the permissions table documents every task once; ReportMerge (files only) needs no grant', () => {
    const documented = documentedGrants();
    assert.deepEqual(sorted(documented.keys()), [...sorted(TASKS), 'ReportMerge'].sort());
    const merge = documented.get('ReportMerge')!;
    assert.equal(merge.read.size + merge.write.size + merge.arm.size, 0);
  });

  for (const task of TASKS) {
    it(`${task}: read-only grants, grants its write modes add, and Azure access match the permissions table`, () => {
      const documented = documentedGrants().get(task)!;
      const actual = used.get(task)!;
      const isArm = (g: string) => g.startsWith('arm:');
      const adoRead = [...actual.read].filter((g) => !isArm(g));
      const adoWriteOnly = [...actual.all].filter((g) => !isArm(g) && !actual.read.has(g));
      assert.deepEqual(sorted(documented.read), sorted(adoRead), 'Azure DevOps grants of read-only runs');
      assert.deepEqual(sorted(documented.write), sorted(adoWriteOnly), 'Azure DevOps grants only write modes need');
      assert.deepEqual(sorted(documented.arm), sorted([...actual.all].filter(isArm)), 'Azure Resource Manager access');
    });

    it(`${task}: every call it sends is in the list of calls, and every listed call is sent`, () => {
      const documented = sorted(documentedCalls().get(task) ?? []);
      const sent = sorted(used.get(task)!.calls);
      assert.deepEqual(
        sent.filter((call) => !documented.includes(call)),
        [],
        'calls missing from the README',
      );
      assert.deepEqual(
        documented.filter((call) => !sent.includes(call)),
        [],
        'README lists calls the task never sends',
      );
    });
  }
});
