/**
 * Shared set-up of the ScaleSetAgents@1 end-to-end tests: fast emulator timings, the sample organization's
 * self-managed scale set rebuilt to a chosen shape, and the inputs a pipeline would give.
 */
import { strict as assert } from 'node:assert';
import { SAMPLE_IDS, type Emulator, type RecordedRequest, type SeedAgent } from '../../emulator';
import { runAgentTask, startE2eEmulator, tail, wifDevOpsInputs, type AgentRun, type AgentRunOptions } from './support';

export const POOLS = SAMPLE_IDS.pools;
export const SELF_MANAGED_ID = `/subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/${SAMPLE_IDS.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${SAMPLE_IDS.scaleSets.selfManaged}`;

/**
 * Simulated service delays, short so the suite is fast but never zero, so the task's wait loops (LRO polling,
 * agents coming online, the service deleting drained agents) really wait. The task polls every second
 * (`pollIntervalSeconds: 1`), longer than each of these.
 */
export const FAST_TIMINGS = { agentOnlineDelayMs: 150, elasticDeleteDelayMs: 200, elasticProvisionDelayMs: 150, lroDurationMs: 50 };

/**
 * `realTimers: false` when the task never waits on the simulation (managed pools): the service then acts only on
 * `emu.tick()`, so what the task reads is deterministic.
 */
export function startScaleEmulator(options: { realTimers?: boolean } = {}): Promise<Emulator> {
  return startE2eEmulator({ timings: FAST_TIMINGS, realTimers: options.realTimers ?? true });
}

/** Runs ScaleSetAgents@1 signed in through the "Azure DevOps" WIF connection, polling every second. */
export function runScale(
  emu: Emulator,
  inputs: Record<string, string | number | boolean>,
  options: Partial<AgentRunOptions> = {},
): Promise<AgentRun> {
  return runAgentTask(emu, {
    task: 'ScaleSetAgentsV1',
    ...options,
    inputs: { ...wifDevOpsInputs(emu), pollIntervalSeconds: 1, ...inputs },
  });
}

/** Inputs for the self-managed scale set of pool `vmss-selfmanaged` through the AzureRM WIF connection. */
export function selfManaged(inputs: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  return { pool: 'vmss-selfmanaged', scaleSetResourceId: SELF_MANAGED_ID, azureSubscription: SAMPLE_IDS.connections.wifArm, ...inputs };
}

/** Orchestration modes of a self-managed scale set: every self-managed scaling test runs in both. */
export type OrchestrationMode = 'Uniform' | 'Flexible';
export const ORCHESTRATION_MODES: readonly OrchestrationMode[] = ['Uniform', 'Flexible'];

/**
 * Puts the sample's self-managed scale set in `mode`. Flexible: its instances are standard VMs (named
 * `{set}_{8 hex}`), listed and deleted through `Microsoft.Compute/virtualMachines`; the VMSS-VM API refuses the set.
 */
export function useOrchestrationMode(emu: Emulator, mode: OrchestrationMode): void {
  const set = emu.state.scaleSetById(SELF_MANAGED_ID);
  assert.ok(set, 'sample organization has the self-managed scale set');
  set.orchestrationMode = mode;
}

/** The instance id the task reports for instance `n`: the VMSS instance id (Uniform) or the VM name (Flexible). */
export function instanceRef(emu: Emulator, n: number): string {
  const set = emu.state.scaleSetById(SELF_MANAGED_ID)!;
  const instanceId = String(n);
  return set.orchestrationMode === 'Flexible'
    ? emu.state.flexibleVmName(set, { instanceId, computerName: vmName(n), provisioningState: 'Succeeded' })
    : instanceId;
}

export interface VmSpec {
  /** Agent status (default online). */
  status?: 'online' | 'offline';
  /** How long ago the agent finished its last job (idle time), or went offline. Default 60. */
  minutesAgo?: number;
  busy?: boolean;
  enabled?: boolean;
  /** A registration whose VM is gone (no VMSS instance). */
  noInstance?: boolean;
}

/** Computer name (= agent name) of instance `n` of the self-managed scale set. */
export function vmName(n: number): string {
  return `vmsssm${n.toString(36).padStart(6, '0')}`;
}

/** Agent id of the agent on instance `n`. */
export function vmAgentId(n: number): number {
  return 300 + n;
}

/**
 * Rebuilds the self-managed scale set and its pool: instance `n` (computer name `vmName(n)`) runs agent
 * `vmAgentId(n)`, shaped by `specs[n]`.
 */
export function shapeSelfManaged(emu: Emulator, specs: VmSpec[]): void {
  const { state } = emu;
  const set = state.scaleSetById(SELF_MANAGED_ID);
  const pool = state.pool(POOLS.selfManaged);
  assert.ok(set && pool, 'sample organization has the self-managed scale set and pool');
  const now = state.now().getTime();
  set.instances = [];
  pool.agents = [];
  specs.forEach((spec, n) => {
    const at = new Date(now - (spec.minutesAgo ?? 60) * 60_000).toISOString();
    if (!spec.noInstance) set.instances.push({ instanceId: String(n), computerName: vmName(n), provisioningState: 'Succeeded' });
    const agent = state.addAgent(POOLS.selfManaged, {
      id: vmAgentId(n),
      name: vmName(n),
      status: spec.status ?? 'online',
      enabled: spec.enabled ?? true,
      createdOn: new Date(now - 86_400_000).toISOString(),
      statusChangedOn: at,
      lastCompletedRequest: {
        requestId: 60_000 + n,
        jobName: 'Build',
        definitionId: 1,
        definitionName: 'ci',
        projectId: SAMPLE_IDS.projects.platform,
        queueTime: at,
        finishTime: at,
        result: 'succeeded',
      },
    });
    if (spec.busy) state.assignJob(POOLS.selfManaged, agent.id, { jobName: `job-on-${agent.name}` });
  });
  set.capacity = set.instances.length;
  set.etagVersion++;
}

export function agentsOf(emu: Emulator, poolId: number): SeedAgent[] {
  return emu.state.pool(poolId)?.agents ?? [];
}

export function instanceNames(emu: Emulator): string[] {
  return (emu.state.scaleSetById(SELF_MANAGED_ID)?.instances ?? []).map((i) => i.computerName).sort();
}

export function capacity(emu: Emulator): number {
  return emu.state.scaleSetById(SELF_MANAGED_ID)?.capacity ?? -1;
}

/** `METHOD path` of each write, for readable assertions. */
export function writeLines(run: AgentRun): string[] {
  return run.writes.map((r: RecordedRequest) => `${r.method} ${r.path} ${r.status}`);
}

export const isAgentWrite = (method: string, agentId: number) => (r: RecordedRequest) =>
  r.method === method && r.path.endsWith(`/_apis/distributedtask/pools/${POOLS.selfManaged}/agents/${agentId}`);

/** Uniform: `POST …/virtualMachineScaleSets/{name}/delete`; Flexible: `DELETE …/Microsoft.Compute/virtualMachines/{vm}`. */
export const isInstanceDelete = (r: RecordedRequest) =>
  (r.method === 'POST' && r.path.endsWith(`/virtualMachineScaleSets/${SAMPLE_IDS.scaleSets.selfManaged}/delete`)) ||
  (r.method === 'DELETE' && /\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/.test(r.path));

/** The ARM routes that list and delete the set's instances in `mode` (for fault rules). */
export function instanceRoutes(mode: OrchestrationMode): { path: RegExp; list: string; delete: string } {
  return mode === 'Flexible'
    ? { path: /\/providers\/Microsoft\.Compute\/virtualMachines(\/|$)/, list: 'GET', delete: 'DELETE' }
    : {
        path: new RegExp(`/virtualMachineScaleSets/${SAMPLE_IDS.scaleSets.selfManaged}/(virtualMachines|delete)$`),
        list: 'GET',
        delete: 'POST',
      };
}

export function expectResult(run: AgentRun, result: string): void {
  assert.equal(run.result, result, tail(run, 60));
}
