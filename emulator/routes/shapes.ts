import { adoError, type RouteResponse } from '../http';
import type { EmulatorState } from '../state';
import type { SeedAgent, SeedJobRequest, SeedPool, SeedProject } from '../seed';

/** IdentityRef as Azure DevOps embeds it (owner, createdBy, role assignment identity, authorizedBy). */
export function identityRef(state: EmulatorState, id: string): Record<string, unknown> {
  const identity = state.identity(id);
  if (!identity) return { displayName: id, id, uniqueName: id };
  return {
    displayName: identity.displayName,
    id: identity.id,
    uniqueName: identity.principalName ?? identity.displayName,
    ...(identity.unresolvable ? {} : { descriptor: identity.descriptor }),
    ...(identity.kind === 'group' ? { isContainer: true } : {}),
  };
}

/** Comma-joined flags enum as the REST API sends it (`"none"` when empty). */
export function flags(names: string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}

export function poolReference(pool: SeedPool): Record<string, unknown> {
  return {
    id: pool.id,
    scope: pool.scope,
    name: pool.name,
    isHosted: pool.isHosted,
    poolType: pool.poolType,
    size: pool.agents.length,
    isLegacy: pool.isLegacy ?? false,
    options: flags(pool.options),
  };
}

/** TaskAgentPool (distributedTask/7.1/taskAgent.json): no `_links`, unlike agents. */
export function poolShape(state: EmulatorState, pool: SeedPool): Record<string, unknown> {
  return {
    createdOn: pool.createdOn,
    autoProvision: pool.autoProvision,
    autoUpdate: pool.autoUpdate,
    autoSize: pool.autoSize ?? true,
    targetSize: pool.targetSize ?? null,
    agentCloudId: pool.agentCloudId ?? null,
    createdBy: identityRef(state, pool.ownerId),
    owner: identityRef(state, pool.ownerId),
    properties: {},
    ...poolReference(pool),
  };
}

export function jobRequestShape(state: EmulatorState, poolId: number, req: SeedJobRequest, agent?: SeedAgent): Record<string, unknown> {
  const project = state.project(req.projectId);
  const base = `${state.org.organization.name}/${project?.name ?? req.projectId}`;
  return {
    requestId: req.requestId,
    queueTime: req.queueTime,
    assignTime: req.assignTime,
    receiveTime: req.receiveTime,
    ...(req.finishTime ? { finishTime: req.finishTime } : {}),
    ...(req.result ? { result: req.result } : {}),
    serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7',
    hostId: state.org.organization.id,
    scopeId: req.projectId,
    planType: req.planType ?? 'Build',
    planId: `00000000-0000-0000-0000-${String(req.requestId).padStart(12, '0')}`,
    jobId: `00000000-0000-0000-0001-${String(req.requestId).padStart(12, '0')}`,
    jobName: req.jobName,
    demands: ['Agent.Version -gtVersion 3.248.0'],
    ...(agent
      ? {
          reservedAgent: agentReference(agent),
        }
      : {}),
    definition: {
      id: req.definitionId,
      name: req.definitionName,
      _links: { web: { href: `https://dev.azure.com/${base}/_build/definition?definitionId=${req.definitionId}` } },
    },
    owner: {
      id: req.requestId,
      name: `${req.definitionName} #${req.requestId}`,
      _links: { web: { href: `https://dev.azure.com/${base}/_build/results?buildId=${req.requestId}` } },
    },
    data: { ParallelismTag: 'Private', IsScheduledKey: 'False' },
    poolId,
    ...(req.queueId !== undefined ? { queueId: req.queueId } : {}),
    orchestrationId: `${req.requestId}.job.__default`,
    matchesAllAgentsInPool: false,
    priority: 0,
  };
}

/** TaskAgentReference: what a job request's reservedAgent and the start of a TaskAgent carry. */
export function agentReference(agent: SeedAgent): Record<string, unknown> {
  return {
    id: agent.id,
    name: agent.name,
    version: agent.version,
    osDescription: agent.osDescription,
    enabled: agent.enabled,
    status: agent.status,
  };
}

export interface AgentShapeOptions {
  includeCapabilities: boolean;
  includeAssignedRequest: boolean;
  includeLastCompletedRequest: boolean;
}

/** TaskAgent; capabilities and requests only when asked for, like the real service. */
export function agentShape(
  state: EmulatorState,
  poolId: number,
  agent: SeedAgent,
  baseUrl: string,
  options: AgentShapeOptions,
): Record<string, unknown> {
  const org = state.org.organization.name;
  return {
    _links: {
      self: { href: `${baseUrl}/${org}/_apis/distributedtask/pools/${poolId}/agents/${agent.id}` },
      web: { href: `${baseUrl}/${org}/_settings/agentpools?poolId=${poolId}&agentId=${agent.id}` },
    },
    maxParallelism: agent.maxParallelism ?? 1,
    createdOn: agent.createdOn,
    statusChangedOn: agent.statusChangedOn,
    authorization: {
      clientId: `00000000-0000-0000-0000-${String(agent.id).padStart(12, '0')}`,
      publicKey: { exponent: 'AQAB', modulus: 'sDUMMYmodulus' },
    },
    ...agentReference(agent),
    provisioningState: agent.provisioningState ?? 'Provisioned',
    accessPoint: 'CodexAccessMapping',
    ...(options.includeCapabilities ? { systemCapabilities: agent.systemCapabilities, userCapabilities: agent.userCapabilities } : {}),
    ...(options.includeAssignedRequest && agent.assignedRequest
      ? { assignedRequest: jobRequestShape(state, poolId, agent.assignedRequest, agent) }
      : {}),
    ...(options.includeLastCompletedRequest && agent.lastCompletedRequest
      ? { lastCompletedRequest: jobRequestShape(state, poolId, agent.lastCompletedRequest, agent) }
      : {}),
  };
}

/** `true`/`false` query flags (case-insensitive). */
export function boolParam(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/** Comma-separated query list. */
export function listParam(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** 404 for a project name or id the organization does not have, worded as the service words it. */
export function projectNotFound(name: string): RouteResponse {
  return adoError(
    404,
    'ProjectDoesNotExistWithNameException',
    `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    'Microsoft.TeamFoundation.Core.WebApi',
  );
}

/** TeamProjectReference as repositories and build definitions embed it. */
export function projectReference(project: SeedProject): Record<string, unknown> {
  return { id: project.id, name: project.name, state: 'wellFormed', revision: 1, visibility: 'private' };
}
