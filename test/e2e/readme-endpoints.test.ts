import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SAMPLE_IDS, type Emulator, type RecordedRequest } from '../emulator';
import { REPO_ROOT } from '../harness/run-task';
import { runAgentTask, startE2eEmulator, tail, wifDevOpsInputs } from './support';

/** The README's "What each task calls" table: task → calls as written there. */
function documentedCalls(): Map<string, Set<string>> {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /<!-- endpoints:start -->([\s\S]*?)<!-- endpoints:end -->/.exec(readme);
  assert.ok(block, 'README has an endpoints block');
  const calls = new Map<string, Set<string>>();
  for (const line of block[1].split('\n')) {
    const row = /^\| (\w+) \| `([^`]+)` \|/.exec(line);
    if (!row) continue;
    if (!calls.has(row[1])) calls.set(row[1], new Set());
    calls.get(row[1])!.add(row[2]);
  }
  return calls;
}

/** Writes an emulator route template the way the README does: `{org}` implied, vssps and ARM hosts as prefixes. */
function asDocumented(request: RecordedRequest): string {
  const template = (request.route ?? request.path).replace(/:(\w+)/g, '{$1}');
  if (template.startsWith('/_vssps/{org}/')) return `vssps: ${request.method} ${template.slice('/_vssps/{org}/'.length)}`;
  if (template.startsWith('/_arm/')) {
    const armPath = template.slice('/_arm'.length);
    const scaleSet = armPath.indexOf('/virtualMachineScaleSets/');
    return `ARM: ${request.method} ${scaleSet >= 0 ? `…${armPath.slice(scaleSet)}` : armPath}`;
  }
  return `${request.method} ${template.replace(/^\/\{org\}\//, '')}`;
}

function scaleSetId(emu: Emulator): string {
  const set = emu.state.org.scaleSets.find((s) => s.name === SAMPLE_IDS.scaleSets.selfManaged);
  assert.ok(set);
  return `/subscriptions/${set.subscriptionId}/resourceGroups/${set.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${set.name}`;
}

/** Every mode of every task that calls a service: read-only runs, writes, both pool kinds. */
const MODES: { task: string; inputs: (emu: Emulator) => Record<string, string> }[] = [
  { task: 'PoolInventory', inputs: () => ({ azureSubscription: SAMPLE_IDS.connections.wifArm }) },
  { task: 'ScaleSetAgents', inputs: () => ({ pool: 'vmss-elastic', action: 'remove', count: '1', pollIntervalSeconds: '1' }) },
  { task: 'ScaleSetAgents', inputs: () => ({ pool: 'vmss-elastic', action: 'configure', standbyAgents: '2' }) },
  { task: 'ScaleSetAgents', inputs: () => ({ pool: 'Default', action: 'removeOffline', pollIntervalSeconds: '1' }) },
  {
    task: 'ScaleSetAgents',
    inputs: (emu) => ({ pool: 'vmss-selfmanaged', action: 'remove', count: '1', pollIntervalSeconds: '1', azureSubscription: SAMPLE_IDS.connections.wifArm, scaleSetResourceId: scaleSetId(emu) }),
  },
  {
    task: 'ScaleSetAgents',
    inputs: (emu) => ({ pool: 'vmss-selfmanaged', action: 'add', count: '1', pollIntervalSeconds: '1', azureSubscription: SAMPLE_IDS.connections.wifArm, scaleSetResourceId: scaleSetId(emu) }),
  },
  { task: 'PoolRoleAudit', inputs: () => ({ failOnSeverity: 'none', remediate: 'true' }) },
  { task: 'PatAudit', inputs: () => ({ failOnSeverity: 'none', revoke: 'global' }) },
];

describe("e2e: the README's list of calls is what the tasks send", function () {
  this.timeout(120_000);
  const used = new Map<string, Set<string>>();

  before(async () => {
    for (const mode of MODES) {
      const emu = await startE2eEmulator();
      try {
        const run = await runAgentTask(emu, { task: `${mode.task}V1`, inputs: { ...wifDevOpsInputs(emu), ...mode.inputs(emu) } });
        assert.notEqual(run.result, 'Failed', tail(run));
        if (!used.has(mode.task)) used.set(mode.task, new Set());
        for (const request of run.requests) {
          if (request.service !== 'entra' && request.service !== 'oidc') used.get(mode.task)!.add(asDocumented(request));
        }
      } finally {
        await emu.close();
      }
    }
  });

  for (const task of ['PoolInventory', 'ScaleSetAgents', 'PoolRoleAudit', 'PatAudit']) {
    it(`${task}: every call it sends is documented, and every documented call is sent`, () => {
      const documented = [...(documentedCalls().get(task) ?? [])].sort();
      const sent = [...(used.get(task) ?? [])].sort();
      assert.deepEqual(sent.filter((call) => !documented.includes(call)), [], 'calls missing from the README');
      assert.deepEqual(documented.filter((call) => !sent.includes(call)), [], 'README lists calls the task never sends');
    });
  }
});
