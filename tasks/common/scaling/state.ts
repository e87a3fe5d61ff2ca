/**
 * The pool state a plan is computed from, and how to read it fresh through the ports.
 */
import type { Agent, ElasticPool } from '../model/pool';
import type { ScaleSetInfo, ScaleSetInstance, ScalingPorts } from '../model/scale-set-ports';

/** Which pool to scale: Azure DevOps-managed (elastic) or a self-managed VMSS given by ARM resource id. */
export type ScaleTarget =
  | { kind: 'elastic'; poolId: number; poolName?: string }
  | { kind: 'scaleSet'; poolId: number; poolName?: string; resourceId: string }
  /** A plain self-hosted pool (agents registered by hand or by containers): only removeOffline applies. */
  | { kind: 'selfHosted'; poolId: number; poolName?: string };

export interface ElasticPoolState {
  kind: 'elastic';
  poolId: number;
  poolName?: string;
  agents: Agent[];
  elasticPool: ElasticPool;
}

export interface ScaleSetPoolState {
  kind: 'scaleSet';
  poolId: number;
  poolName?: string;
  agents: Agent[];
  resourceId: string;
  scaleSet: ScaleSetInfo;
  instances: ScaleSetInstance[];
}

export interface SelfHostedPoolState {
  kind: 'selfHosted';
  poolId: number;
  poolName?: string;
  agents: Agent[];
}

export type PoolState = ElasticPoolState | ScaleSetPoolState | SelfHostedPoolState;

/** Reads everything `planScaling` needs, fresh. Throws an Error naming what was missing. */
export async function readPoolState(ports: ScalingPorts, target: ScaleTarget): Promise<PoolState> {
  const agents = await ports.agents.listAgents(target.poolId);
  if (target.kind === 'selfHosted') return { kind: 'selfHosted', poolId: target.poolId, poolName: target.poolName, agents };
  if (target.kind === 'elastic') {
    if (!ports.elastic) throw new Error(`Pool ${target.poolId} is Azure DevOps-managed but no elastic pool client was given`);
    const elasticPool = await ports.elastic.get(target.poolId);
    return { kind: 'elastic', poolId: target.poolId, poolName: target.poolName, agents, elasticPool };
  }
  if (!ports.scaleSet) throw new Error(`Pool ${target.poolId} is a self-managed scale set but no ARM client was given`);
  const [scaleSet, instances] = await Promise.all([ports.scaleSet.get(target.resourceId), ports.scaleSet.listInstances(target.resourceId)]);
  return {
    kind: 'scaleSet',
    poolId: target.poolId,
    poolName: target.poolName,
    agents,
    resourceId: target.resourceId,
    scaleSet,
    instances,
  };
}

/**
 * The count that bounds (`minAgents`/`maxAgents`) apply to: registered agents for Azure DevOps-managed pools,
 * VM instances (the capacity we control) for self-managed scale sets.
 */
export function boundedCount(state: PoolState): number {
  return state.kind === 'scaleSet' ? state.scaleSet.capacity : state.agents.length;
}

/** True when the agent is running a job right now. */
export function isBusy(agent: Agent): boolean {
  return agent.assignedRequest !== undefined && agent.assignedRequest !== null;
}

/** Matches agents to VMSS instances by agent name = computer name (case-insensitive). */
export function instanceByAgentName(instances: ScaleSetInstance[]): Map<string, ScaleSetInstance> {
  return new Map(instances.map((instance) => [instance.computerName.toLowerCase(), instance]));
}
