import { strict as assert } from 'node:assert';
import { SAMPLE_IDS, type Emulator } from '../../emulator';
import { runScale, selfManaged, SELF_MANAGED_ID, startScaleEmulator, useOrchestrationMode } from './scale-fixtures';
import { assertNoWrites, tail } from './support';

const RG = `/subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/${SAMPLE_IDS.resourceGroup}`;

interface BadInput {
  what: string;
  inputs: Record<string, string | number | boolean>;
  /** The input the message must name. */
  input: string;
  /** What the message must say about the allowed values. */
  allowed: RegExp;
}

const CASES: BadInput[] = [
  {
    what: 'an unknown pool',
    inputs: { pool: 'no-such-pool', action: 'removeOffline' },
    input: 'pool',
    allowed: /Give the pool's name or id/,
  },
  {
    what: 'the Microsoft-hosted pool',
    inputs: { pool: 'Azure Pipelines', action: 'remove', count: 1 },
    input: 'pool',
    allowed: /Choose a scale set or self-hosted pool/,
  },
  {
    what: 'add on a plain self-hosted pool',
    inputs: { pool: 'Default', action: 'add', count: 1 },
    input: 'action',
    allowed: /Give scaleSetResourceId .* or use removeOffline/,
  },
  {
    what: 'setCount on a plain self-hosted pool',
    inputs: { pool: 'linux-selfhosted', action: 'setCount', targetCount: 2 },
    input: 'action',
    allowed: /Give scaleSetResourceId .* or use removeOffline/,
  },
  {
    what: 'a negative count',
    inputs: selfManaged({ action: 'remove', count: -1 }),
    input: 'count',
    allowed: /whole number from 1 to 1000/,
  },
  {
    what: 'a negative targetCount',
    inputs: selfManaged({ action: 'setCount', targetCount: -3 }),
    input: 'targetCount',
    allowed: /whole number from 0 to 1000/,
  },
  {
    what: 'minAgents above maxAgents',
    inputs: selfManaged({ action: 'setCount', targetCount: 3, minAgents: 5, maxAgents: 2 }),
    input: 'maxAgents',
    allowed: /must be at least minAgents \(5\)/,
  },
  {
    what: 'an unknown action',
    inputs: { pool: 'Default', action: 'shrink' },
    input: 'action',
    allowed: /one of add, remove, setCount, removeOffline, configure/,
  },
  {
    what: 'a resource id that is not a scale set',
    inputs: selfManaged({ action: 'add', count: 1, scaleSetResourceId: `${RG}/providers/Microsoft.Compute/virtualMachines/build-vm` }),
    input: 'scaleSetResourceId',
    allowed: /\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/\{name\}/,
  },
  {
    what: 'a scale set that does not exist',
    inputs: selfManaged({
      action: 'add',
      count: 1,
      scaleSetResourceId: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-gone`,
    }),
    input: 'scaleSetResourceId',
    allowed: /ResourceNotFound/,
  },
  {
    what: 'the scale set behind an Azure DevOps-managed pool',
    inputs: selfManaged({
      action: 'add',
      count: 1,
      pool: 'linux-selfhosted',
      scaleSetResourceId: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/${SAMPLE_IDS.scaleSets.elastic}`,
    }),
    input: 'scaleSetResourceId',
    allowed: /managed by Azure DevOps/,
  },
  {
    what: 'a self-managed scale set without an ARM connection',
    inputs: { pool: 'vmss-selfmanaged', action: 'add', count: 1, scaleSetResourceId: SELF_MANAGED_ID },
    input: 'azureSubscription',
    allowed: /Azure Resource Manager service connection/,
  },
  {
    what: 'scaleSetResourceId on a managed pool',
    inputs: selfManaged({ pool: 'vmss-elastic', action: 'add', count: 1 }),
    input: 'scaleSetResourceId',
    allowed: /must be empty/,
  },
  {
    what: 'configure without a setting',
    inputs: { pool: 'vmss-elastic', action: 'configure' },
    input: 'action',
    allowed: /standbyAgents, maxCapacity, timeToLiveMinutes or recycleAfterEachUse/,
  },
  {
    what: 'standby above the maximum capacity',
    inputs: { pool: 'vmss-elastic', action: 'configure', standbyAgents: 12 },
    input: 'standbyAgents',
    allowed: /would exceed maxCapacity 10/,
  },
  {
    what: 'configure on a self-managed scale set',
    inputs: selfManaged({ action: 'configure', standbyAgents: 1 }),
    input: 'action',
    allowed: /use add, remove or setCount/,
  },
];

async function expectRefused(emu: Emulator, bad: BadInput): Promise<void> {
  const run = await runScale(emu, bad.inputs, { inProcess: true });
  assert.equal(run.result, 'Failed', tail(run));
  assert.ok(run.resultMessage?.includes(`Input '${bad.input}'`), `names the input: ${run.resultMessage}`);
  assert.match(run.resultMessage ?? '', bad.allowed);
  assertNoWrites(run);
}

describe('e2e: ScaleSetAgents@1 refuses bad input before changing anything', function () {
  this.timeout(60_000);
  let emu: Emulator;
  before(async () => {
    emu = await startScaleEmulator();
  });
  after(() => emu.close());

  for (const bad of CASES) {
    it(`${bad.what}: Failed, naming '${bad.input}' and what is allowed; nothing written`, () => expectRefused(emu, bad));
  }
});

describe('e2e: ScaleSetAgents@1 refuses bad input for a self-managed scale set in Flexible orchestration alike', function () {
  this.timeout(60_000);
  let emu: Emulator;
  before(async () => {
    emu = await startScaleEmulator();
    useOrchestrationMode(emu, 'Flexible');
  });
  after(() => emu.close());

  for (const bad of CASES.filter((c) => c.inputs.scaleSetResourceId !== undefined)) {
    it(`${bad.what}: Failed, naming '${bad.input}'; nothing written`, () => expectRefused(emu, bad));
  }
});
