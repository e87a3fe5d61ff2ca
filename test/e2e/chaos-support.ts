/**
 * Shared pieces of the chaos suite: one frozen sample organization (so every emulator serves the same dates),
 * the fault mix, the scenarios run under it, and the normalisation that makes two reports comparable.
 */
import { SAMPLE_IDS, sampleOrganization, mulberry32, type Emulator, type EmulatorOptions, type OrgSeed } from '../../emulator';
import type { ServiceName } from '../../emulator/http';
import { startE2eEmulator, wifDevOpsInputs } from './support';

let sample: OrgSeed | undefined;

/**
 * Starts an emulator of the sample organization made once per test run (on first use), so every emulator serves the
 * same dates and two runs' reports can be compared; each emulator gets its own deep copy to change.
 */
export function startSampleEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  sample ??= sampleOrganization();
  return startE2eEmulator({ ...options, seed: structuredClone(sample) });
}

/** Services that carry the tasks' REST traffic (sign-in is left alone: @azure/identity has its own retry policy). */
export const FAULTED_SERVICES: ServiceName[] = ['ado', 'vssps', 'arm'];

/**
 * The fault mix of issue 7 for one emulator: ~10 % 5xx (500/503, no Retry-After), ~5 % 429 with a Retry-After of
 * 0 or 1 s, ~2 % connection resets, plus latency jitter. Probabilities are per request (rules are tried in order,
 * each with its own draw from the seeded PRNG, so the totals are approximately these).
 */
export function addFaultMix(emu: Emulator): void {
  for (const service of FAULTED_SERVICES) {
    emu.faults.add({ service, kind: 'status', status: 500, probability: 0.05 });
    emu.faults.add({ service, kind: 'status', status: 503, probability: 0.05 });
    emu.faults.add({ service, kind: 'status', status: 429, retryAfterSeconds: 0, probability: 0.03 });
    emu.faults.add({ service, kind: 'status', status: 429, retryAfterSeconds: 1, probability: 0.02 });
    emu.faults.add({ service, kind: 'reset', probability: 0.02 });
    emu.faults.add({ service, kind: 'latency', delayMs: 40, probability: 0.1 });
  }
}

/** Emulator options for one chaos seed: seeded PRNG for faults and jitter, and 0–15 ms latency on every request. */
export function chaosOptions(seed: number): Partial<EmulatorOptions> {
  return { random: mulberry32(seed), latency: { fixedMs: 0, jitterMs: 15 } };
}

export interface Scenario {
  name: string;
  task: 'PoolInventoryV1' | 'ScaleSetAgentsV1' | 'PoolRoleAuditV1' | 'PatAuditV1';
  inputs(emu: Emulator): Record<string, string>;
  /** True when the scenario changes the organization (needs a fresh emulator, and writes are expected). */
  writes?: boolean;
  /** Report keys that depend on timing of the emulator's own simulation rather than on what the task read. */
  volatileKeys?: string[];
  /** Changes the sample organization before the run (e.g. the self-managed scale set's orchestration mode). */
  prepare?(emu: Emulator): void;
}

export const SELF_MANAGED_SCALE_SET_ID = `/subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/${SAMPLE_IDS.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${SAMPLE_IDS.scaleSets.selfManaged}`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'PoolInventory',
    task: 'PoolInventoryV1',
    inputs: (emu) => ({ ...wifDevOpsInputs(emu), includeCapabilities: 'true', includeHosted: 'true' }),
  },
  {
    name: 'ScaleSetAgents dry run',
    task: 'ScaleSetAgentsV1',
    inputs: (emu) => ({ ...wifDevOpsInputs(emu), pool: 'vmss-elastic', action: 'remove', count: '2', dryRun: 'true' }),
  },
  // The elastic pool shrinks on the emulator's own schedule after the task asks it to, so the count read at the end
  // depends on how long the run took; which agents were drained and removed does not.
  {
    name: 'ScaleSetAgents scale-in (elastic pool)',
    task: 'ScaleSetAgentsV1',
    writes: true,
    volatileKeys: ['finalAgentCount', 'elastic'],
    inputs: (emu) => ({ ...wifDevOpsInputs(emu), pool: 'vmss-elastic', action: 'remove', count: '2' }),
  },
  { name: 'PoolRoleAudit', task: 'PoolRoleAuditV1', inputs: (emu) => wifDevOpsInputs(emu) },
  {
    name: 'PatAudit',
    task: 'PatAuditV1',
    inputs: (emu) => ({ ...wifDevOpsInputs(emu), includeSshKeys: 'true' }),
    // The audit log window ends at the run's own "now".
    volatileKeys: ['window'],
  },
];

/** A self-managed scale set scale-in: drains, deletes the VM through ARM (long-running operation), unregisters. */
export const ARM_SCALE_IN: Scenario = {
  name: 'ScaleSetAgents scale-in (self-managed scale set through ARM)',
  task: 'ScaleSetAgentsV1',
  writes: true,
  inputs: (emu) => ({
    ...wifDevOpsInputs(emu),
    pool: 'vmss-selfmanaged',
    action: 'remove',
    count: '1',
    scaleSetResourceId: SELF_MANAGED_SCALE_SET_ID,
    azureSubscription: SAMPLE_IDS.connections.wifArm,
  }),
};

/** Keys whose values depend on when the run happened, not on what it read. */
const VOLATILE_KEYS = new Set(['generatedAt', 'plannedAt', 'at', 'durationMs', 'elapsedMs', 'http', 'stats']);

/**
 * A report as plain data without timestamps, durations or request statistics, and with the emulator's origin
 * (a random port) replaced, so reports of two emulators compare equal when they describe the same organization.
 */
export function normaliseReport(report: unknown, emu: Emulator, extraVolatileKeys: readonly string[] = []): unknown {
  const volatile = new Set([...VOLATILE_KEYS, ...extraVolatileKeys]);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return value.split(emu.url).join('https://emulator');
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) if (!volatile.has(key)) out[key] = walk(child);
      return out;
    }
    return value;
  };
  return walk(report);
}

/** The same scale-in on the self-managed scale set in Flexible orchestration (standard VMs, deleted one by one). */
export const ARM_SCALE_IN_FLEXIBLE: Scenario = {
  ...ARM_SCALE_IN,
  name: 'ScaleSetAgents scale-in (self-managed scale set in Flexible orchestration through ARM)',
  prepare: (emu) => {
    emu.state.scaleSetById(SELF_MANAGED_SCALE_SET_ID)!.orchestrationMode = 'Flexible';
  },
};
