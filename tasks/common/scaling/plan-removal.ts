/**
 * The removal half of the planner: which agents a scale-in (`remove`, a lower `setCount`) or `removeOffline` takes,
 * in order, with the alternates used when a chosen one drops out, and what each removal does.
 */
import type { Agent } from '../model/pool';
import type { RemovalCandidate, ScalePlan } from './plan';
import type { ScaleRequest } from './request';
import type { ScaleSetInstance } from '../model/scale-set-ports';
import { type PoolState, boundedCount, instanceByAgentName } from './state';
import { type Exclusion, type RankedAgent, offlineLongerThan, rankRemovalCandidates } from './victims';

/** VMSS instances by agent name (self-managed scale sets only): built once per plan, not once per agent. */
type InstanceLookup = Map<string, ScaleSetInstance> | undefined;

function instanceLookup(state: PoolState): InstanceLookup {
  return state.kind === 'scaleSet' ? instanceByAgentName(state.instances) : undefined;
}

function toCandidate(byName: InstanceLookup, ranked: RankedAgent, alternate: boolean, deletedBy: 'task' | 'service'): RemovalCandidate {
  const { agent, reason } = ranked;
  const base = { agentId: agent.id, agentName: agent.name, reason, status: agent.status, alternate };
  if (deletedBy === 'service') return { ...base, actions: ['drainAgent'], reducesCount: true };
  if (!byName) return { ...base, actions: ['drainAgent', 'deleteAgent'], reducesCount: true };
  const instance = byName.get(agent.name.toLowerCase());
  return instance
    ? { ...base, instanceId: instance.instanceId, actions: ['drainAgent', 'deleteInstance', 'deleteAgent'], reducesCount: true }
    : { ...base, actions: ['drainAgent', 'deleteAgent'], reducesCount: false };
}

function recordExclusions(plan: ScalePlan, excluded: Exclusion[]): void {
  for (const { agent, reason } of excluded) plan.skipped.push({ agentId: agent.id, agentName: agent.name, reason });
}

export function planShrink(state: PoolState, request: ScaleRequest, plan: ScalePlan, asked: number, floor: number, now: Date): void {
  const current = boundedCount(state);
  const withinBounds = Math.min(asked, Math.max(0, current - floor));
  let allowed = withinBounds;
  if (allowed < asked && floor === request.minAgents) {
    plan.clipping.push(`requested ${asked}, clipped to ${allowed} by minAgents=${request.minAgents}`);
  }
  const byName = instanceLookup(state);
  const noInstance = (agent: Agent): Exclusion | undefined =>
    byName && !byName.has(agent.name.toLowerCase())
      ? { agent, kind: 'noInstance', reason: 'no scale set instance with this computer name (use removeOffline for stale registrations)' }
      : undefined;
  const { candidates, excluded } = rankRemovalCandidates(state.agents, now, noInstance);
  recordExclusions(plan, excluded);
  if (candidates.length < allowed) {
    const busy = excluded.filter((exclusion) => exclusion.kind === 'busy').length;
    plan.shortfallBusy = Math.min(busy, allowed - candidates.length);
    plan.clipping.push(
      `requested ${allowed} removable, only ${candidates.length} agent(s) can be removed now (${busy} busy agent(s) are never removed)`,
    );
    allowed = candidates.length;
  }
  const deletedBy = state.kind === 'elastic' ? 'service' : 'task';
  if (state.kind === 'elastic') {
    const pool = state.elasticPool;
    // Lower standby first, or the service would just provision replacements for the drained agents.
    const lower = Math.min(withinBounds, pool.desiredIdle);
    if (lower > 0) {
      plan.steps.push({ kind: 'lowerStandby', from: pool.desiredIdle, to: pool.desiredIdle - lower, delta: lower });
      plan.after.desiredIdle = pool.desiredIdle - lower;
    }
  }
  if (allowed === 0) return;
  plan.steps.push({
    kind: 'removeAgents',
    wanted: allowed,
    floor,
    deletedBy,
    requireOffline: false,
    drainTimeoutMinutes: request.drainTimeoutMinutes,
    candidates: candidates.map((ranked, index) => toCandidate(byName, ranked, index >= allowed, deletedBy)),
  });
  plan.after.boundedCount = current - allowed;
  plan.after.agents = state.agents.length - allowed;
  if (state.kind === 'scaleSet') plan.after.capacity = current - allowed;
  if (deletedBy === 'service') plan.warnings.push('Azure DevOps deletes drained agents of a managed pool within minutes');
}

export function planRemoveOffline(state: PoolState, request: ScaleRequest, plan: ScalePlan, now: Date): void {
  const { candidates, excluded } = offlineLongerThan(state.agents, request.offlineForHours, now);
  recordExclusions(plan, excluded);
  const current = boundedCount(state);
  const byName = instanceLookup(state);
  let room = Math.max(0, current - request.minAgents);
  const chosen: RemovalCandidate[] = [];
  let reducing = 0;
  for (const ranked of candidates) {
    const candidate = toCandidate(byName, ranked, false, 'task');
    if (candidate.reducesCount) {
      if (room === 0) {
        plan.skipped.push({ agentId: candidate.agentId, agentName: candidate.agentName, reason: `kept: minAgents=${request.minAgents}` });
        continue;
      }
      room -= 1;
      reducing += 1;
    }
    chosen.push(candidate);
  }
  if (chosen.length < candidates.length) {
    plan.clipping.push(
      `requested removal of ${candidates.length} offline agent(s), clipped to ${chosen.length} by minAgents=${request.minAgents}`,
    );
  }
  if (chosen.length === 0) return;
  plan.steps.push({
    kind: 'removeAgents',
    wanted: chosen.length,
    floor: request.minAgents,
    deletedBy: 'task',
    requireOffline: true,
    drainTimeoutMinutes: request.drainTimeoutMinutes,
    candidates: chosen,
  });
  plan.after.boundedCount = current - reducing;
  plan.after.agents = state.agents.length - chosen.length;
  if (state.kind === 'scaleSet') plan.after.capacity = current - reducing;
}
