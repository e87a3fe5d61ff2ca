import { randomUUID } from 'node:crypto';
import type { Scheduler } from './scheduler';
import { WorkItemStore } from './work-items';
import type {
  Grant,
  OrgSeed,
  SeedAgent,
  SeedElasticPool,
  SeedIdentity,
  SeedJobRequest,
  SeedPat,
  SeedPool,
  SeedProject,
  SeedQueue,
  SeedScaleSet,
  SeedVmssInstance,
} from './seed';

/** A pipeline job known to the emulator; its opaque `token` is the job's System.AccessToken. */
export interface JobToken {
  token: string;
  projectId: string;
  hostType: 'build' | 'release';
  planId: string;
  jobId: string;
  /** Identity the token stands for (the project build service). */
  identityId: string;
}

/** Where each identity sits in `org.identities` (positions let a hit be checked against in-place edits). */
interface IdentityIndex {
  byId: Map<string, { identity: SeedIdentity; at: number }>;
  byDescriptor: Map<string, { identity: SeedIdentity; at: number }>;
}

/** An ARM long-running operation. */
export interface ArmOperation {
  id: string;
  subscriptionId: string;
  location: string;
  startedByObjectId: string;
  /** The resource the operation changes (Managed DevOps Pools), for RBAC on its status and 409 while it runs. */
  resourceId?: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  startTime: string;
  endTime?: string;
  polls: number;
  error?: { code: string; message: string };
  /** Applies the operation's effect; called once when it completes. */
  complete: () => void;
}

/** Delays of the simulated service, in simulated milliseconds (see README "Simulation timings"). */
export interface SimulationTimings {
  /** New VMSS instance → its agent registers (offline) → online after this. Default 500. */
  agentOnlineDelayMs: number;
  /** Elastic pool: a disabled idle agent is deleted by the service after this. Default 1000. */
  elasticDeleteDelayMs: number;
  /** Elastic pool: a new node (after desiredIdle goes up) gets its agent online after this. Default 600. */
  elasticProvisionDelayMs: number;
  /** ARM long-running operations finish after this (or on the second poll, whichever comes first). Default 300. */
  lroDurationMs: number;
}

export const DEFAULT_TIMINGS: SimulationTimings = {
  agentOnlineDelayMs: 500,
  elasticDeleteDelayMs: 1000,
  elasticProvisionDelayMs: 600,
  lroDurationMs: 300,
};

/** ISO string of the simulated clock. */
function iso(d: Date): string {
  return d.toISOString();
}

/**
 * The live organization: a deep copy of the seed plus runtime bits (jobs, ARM operations, counters).
 * Tests may read and modify it directly; REST writes change it; the simulation reacts to both through the helpers.
 */
export class EmulatorState {
  readonly org: OrgSeed;
  readonly jobs = new Map<string, JobToken>();
  readonly operations = new Map<string, ArmOperation>();
  /** Work items created through the work item tracking routes (emulator/work-items.ts). */
  readonly workItems = new WorkItemStore();
  /** Token admin continuation tokens → offsets (opaque uuids, like the real service). */
  readonly continuations = new Map<string, number>();
  /** An ARM failure to report on the next long-running operation (see `failNextArmOperation`). */
  pendingArmFailure?: { code: string; message: string };
  private identityIndexCache?: IdentityIndex & { source: SeedIdentity[]; length: number };
  private patIndex?: { source: SeedPat[]; length: number; byUser: Map<string, SeedPat[]> };
  private nextRequestId = 90000;
  private nextAgentId: number;
  private nextNodeId: number;
  private nextLogId: number;

  constructor(
    seed: OrgSeed,
    readonly clock: Scheduler,
    readonly timings: SimulationTimings,
  ) {
    this.org = structuredClone(seed);
    const agentIds = this.org.pools.flatMap((p) => p.agents.map((a) => a.id));
    this.nextAgentId = Math.max(0, ...agentIds) + 1;
    this.nextNodeId = Math.max(0, ...this.org.elasticPools.flatMap((e) => e.nodes.map((n) => n.id))) + 1;
    this.nextLogId = Math.max(0, ...this.org.elasticPools.flatMap((e) => e.logs.map((l) => l.id))) + 1;
  }

  now(): Date {
    return this.clock.now();
  }

  // ---------- lookups ----------

  identity(id: string): SeedIdentity | undefined {
    const lower = id.toLowerCase();
    const hit = this.identityIndex().byId.get(lower);
    if (hit && this.org.identities[hit.at] === hit.identity && hit.identity.id.toLowerCase() === lower) return hit.identity;
    return this.org.identities.find((i) => i.id.toLowerCase() === lower);
  }

  identityByDescriptor(descriptor: string): SeedIdentity | undefined {
    const hit = this.identityIndex().byDescriptor.get(descriptor);
    if (hit && this.org.identities[hit.at] === hit.identity && hit.identity.descriptor === descriptor) return hit.identity;
    return this.org.identities.find((i) => i.descriptor === descriptor);
  }

  /** A user's PATs and SSH keys (indexed: token admin lists are read once per user of large organizations). */
  patsOf(userId: string): SeedPat[] {
    const lower = userId.toLowerCase();
    const pats = this.org.pats;
    if (this.patIndex?.source !== pats || this.patIndex.length !== pats.length) {
      const byUser = new Map<string, SeedPat[]>();
      for (const pat of pats) {
        const key = pat.userId.toLowerCase();
        const list = byUser.get(key);
        if (list) list.push(pat);
        else byUser.set(key, [pat]);
      }
      this.patIndex = { source: pats, length: pats.length, byUser };
    }
    // Re-check the owner: a test may have edited a PAT in place.
    return (this.patIndex.byUser.get(lower) ?? []).filter((pat) => pat.userId.toLowerCase() === lower);
  }

  /**
   * Lookup maps over `org.identities`, rebuilt when the array is replaced or changes length. Hits are re-checked and
   * misses fall back to a scan, so in-place edits by tests still answer right; large organizations stay O(1).
   */
  private identityIndex(): IdentityIndex {
    const identities = this.org.identities;
    if (this.identityIndexCache?.source !== identities || this.identityIndexCache.length !== identities.length) {
      const byId: IdentityIndex['byId'] = new Map();
      const byDescriptor: IdentityIndex['byDescriptor'] = new Map();
      identities.forEach((identity, at) => {
        if (!byId.has(identity.id.toLowerCase())) byId.set(identity.id.toLowerCase(), { identity, at });
        if (!byDescriptor.has(identity.descriptor)) byDescriptor.set(identity.descriptor, { identity, at });
      });
      this.identityIndexCache = { source: identities, length: identities.length, byId, byDescriptor };
    }
    return this.identityIndexCache;
  }

  /** The org identity of a service principal (undefined = the SP is not a member of the org). */
  identityOfApp(appId: string): SeedIdentity | undefined {
    const lower = appId.toLowerCase();
    return this.org.identities.find((i) => i.kind === 'servicePrincipal' && i.appId?.toLowerCase() === lower);
  }

  /** Groups the identity belongs to, transitively (cycle-safe). */
  groupsOf(identityId: string): SeedIdentity[] {
    const found = new Map<string, SeedIdentity>();
    const walk = (memberId: string) => {
      for (const group of this.org.identities) {
        if (group.kind !== 'group' || found.has(group.id)) continue;
        if (group.members?.some((m) => m.toLowerCase() === memberId.toLowerCase())) {
          found.set(group.id, group);
          walk(group.id);
        }
      }
    };
    walk(identityId);
    return [...found.values()];
  }

  /** Own grants plus the grants of every group the identity is in. */
  effectiveGrants(identityId: string): Set<Grant> {
    const own = this.identity(identityId)?.grants ?? [];
    const inherited = this.groupsOf(identityId).flatMap((g) => g.grants ?? []);
    return new Set<Grant>([...own, ...inherited]);
  }

  hasGrant(identityId: string, grant: Grant): boolean {
    // Own grants first: walking every group of a large organization on each request would make the emulator the bottleneck.
    const own = this.identity(identityId)?.grants ?? [];
    if (own.includes('*') || own.includes(grant)) return true;
    const grants = this.effectiveGrants(identityId);
    return grants.has('*') || grants.has(grant);
  }

  project(idOrName: string): SeedProject | undefined {
    const lower = decodeURIComponent(idOrName).toLowerCase();
    return this.org.projects.find((p) => p.id.toLowerCase() === lower || p.name.toLowerCase() === lower);
  }

  pool(id: number): SeedPool | undefined {
    return this.org.pools.find((p) => p.id === id);
  }

  agent(poolId: number, agentId: number): SeedAgent | undefined {
    return this.pool(poolId)?.agents.find((a) => a.id === agentId);
  }

  queue(projectId: string, queueId: number): SeedQueue | undefined {
    return this.org.queues.find((q) => q.projectId === projectId && q.id === queueId);
  }

  elasticPool(poolId: number): SeedElasticPool | undefined {
    return this.org.elasticPools.find((e) => e.poolId === poolId);
  }

  scaleSet(subscriptionId: string, resourceGroup: string, name: string): SeedScaleSet | undefined {
    const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    return this.org.scaleSets.find((s) => eq(s.subscriptionId, subscriptionId) && eq(s.resourceGroup, resourceGroup) && eq(s.name, name));
  }

  /** ARM resource id of a scale set. */
  scaleSetId(s: SeedScaleSet): string {
    return `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${s.name}`;
  }

  // ---------- jobs and tokens ----------

  /** Starts a pipeline job in a project and returns its System.AccessToken and plan/job ids. */
  /** Every job token issued so far. */
  jobTokens(): string[] {
    return [...this.jobs.keys()];
  }

  issueJobToken(projectIdOrName: string, hostType: 'build' | 'release' = 'build'): JobToken {
    const project = this.project(projectIdOrName);
    if (!project) throw new Error(`issueJobToken: no project '${projectIdOrName}' in the seed`);
    const job: JobToken = {
      token: `jobtoken-${randomUUID().replace(/-/g, '')}${randomUUID().replace(/-/g, '')}`,
      projectId: project.id,
      hostType,
      planId: randomUUID(),
      jobId: randomUUID(),
      identityId: project.buildServiceIdentityId,
    };
    this.jobs.set(job.token, job);
    return job;
  }

  /** Puts a running job on an agent (sets `assignedRequest`; elastic nodes become `assigned`). */
  assignJob(poolId: number, agentId: number, job: Partial<SeedJobRequest> = {}): SeedJobRequest {
    const agent = this.requireAgent(poolId, agentId);
    const now = iso(this.now());
    const projectId = job.projectId ?? this.org.projects[0]?.id ?? '';
    const request: SeedJobRequest = {
      requestId: job.requestId ?? this.nextRequestId++,
      jobName: job.jobName ?? 'Job',
      definitionId: job.definitionId ?? 1,
      definitionName: job.definitionName ?? 'ci',
      projectId,
      queueId: job.queueId ?? this.org.queues.find((q) => q.poolId === poolId && q.projectId === projectId)?.id,
      planType: job.planType ?? 'Build',
      queueTime: job.queueTime ?? now,
      assignTime: job.assignTime ?? now,
      receiveTime: job.receiveTime ?? now,
    };
    agent.assignedRequest = request;
    const node = this.elasticNodeOfAgent(poolId, agentId);
    if (node) {
      node.state = 'assigned';
      node.agentState = [...new Set([...node.agentState.filter((s) => s !== 'none'), 'assigned'])];
      node.requestId = request.requestId;
      node.stateChangedOn = now;
    }
    return request;
  }

  /** Finishes the agent's running job; a disabled agent in an elastic pool is then deleted by the service. */
  finishJob(poolId: number, agentId: number, result: SeedJobRequest['result'] = 'succeeded'): SeedJobRequest {
    const agent = this.requireAgent(poolId, agentId);
    const request = agent.assignedRequest;
    if (!request) throw new Error(`finishJob: agent ${agentId} in pool ${poolId} has no running job`);
    const finished: SeedJobRequest = { ...request, finishTime: iso(this.now()), result };
    agent.lastCompletedRequest = finished;
    delete agent.assignedRequest;
    const node = this.elasticNodeOfAgent(poolId, agentId);
    if (node) {
      node.state = 'idle';
      node.agentState = node.agentState.filter((s) => s !== 'assigned');
      node.stateChangedOn = iso(this.now());
    }
    this.afterAgentChanged(poolId, agentId);
    return finished;
  }

  // ---------- agents ----------

  /** Registers an agent in a pool (as an agent configuration script would). */
  addAgent(poolId: number, agent: Partial<SeedAgent> & { name: string }): SeedAgent {
    const pool = this.pool(poolId);
    if (!pool) throw new Error(`addAgent: no pool ${poolId}`);
    const now = iso(this.now());
    const created: SeedAgent = {
      id: agent.id ?? this.nextAgentId++,
      version: '4.264.2',
      osDescription: 'Linux 6.8.0-1021-azure #25-Ubuntu SMP',
      enabled: true,
      status: 'offline',
      provisioningState: 'Provisioned',
      createdOn: now,
      statusChangedOn: now,
      maxParallelism: 1,
      systemCapabilities: { 'Agent.Name': agent.name, 'Agent.OS': 'Linux', 'Agent.Version': '4.264.2' },
      userCapabilities: {},
      ...agent,
    };
    pool.agents.push(created);
    return created;
  }

  setAgentStatus(poolId: number, agentId: number, status: 'online' | 'offline'): void {
    const agent = this.requireAgent(poolId, agentId);
    if (agent.status !== status) {
      agent.status = status;
      agent.statusChangedOn = iso(this.now());
    }
    const node = this.elasticNodeOfAgent(poolId, agentId);
    if (node) {
      const flags = new Set(node.agentState.filter((s) => s !== 'none'));
      if (status === 'online') flags.add('online');
      else flags.delete('online');
      node.agentState = flags.size ? [...flags] : ['none'];
    }
  }

  removeAgent(poolId: number, agentId: number): void {
    const pool = this.pool(poolId);
    if (!pool) return;
    pool.agents = pool.agents.filter((a) => a.id !== agentId);
  }

  /** Reacts to an agent write (enabled flag, finished job): elastic pools delete disabled idle agents later. */
  afterAgentChanged(poolId: number, agentId: number): void {
    const elastic = this.elasticPool(poolId);
    const agent = this.agent(poolId, agentId);
    const node = this.elasticNodeOfAgent(poolId, agentId);
    if (node && agent) {
      const flags = new Set(node.agentState.filter((s) => s !== 'none'));
      if (agent.enabled) flags.add('enabled');
      else flags.delete('enabled');
      node.agentState = flags.size ? [...flags] : ['none'];
    }
    if (!elastic || !agent || agent.enabled || agent.assignedRequest) return;
    if (node) {
      node.state = 'pendingDelete';
      node.stateChangedOn = iso(this.now());
    }
    this.clock.schedule(this.timings.elasticDeleteDelayMs, `elastic delete agent ${agentId}`, () => {
      const still = this.agent(poolId, agentId);
      if (!still || still.enabled || still.assignedRequest) return;
      this.removeAgent(poolId, agentId);
      if (node) {
        node.state = 'deleted';
        node.computeState = 'deleting';
        node.agentId = null;
        node.agentState = ['none'];
        node.stateChangedOn = iso(this.now());
        elastic.nodes = elastic.nodes.filter((n) => n !== node);
        this.removeScaleSetInstanceByName(elastic.azureId, node.name);
      }
      this.addElasticLog(elastic, 'info', 'deleteVMs', `Deleted 1 machine(s): ${still.name}`);
    });
  }

  // ---------- elastic pools ----------

  elasticNodeOfAgent(poolId: number, agentId: number) {
    return this.elasticPool(poolId)?.nodes.find((n) => n.agentId === agentId);
  }

  addElasticLog(elastic: SeedElasticPool, level: 'error' | 'warning' | 'info', operation: string, message: string): void {
    elastic.logs.push({ id: this.nextLogId++, level, operation, message, timestamp: iso(this.now()) });
  }

  /** Adds nodes (and agents that come online later) until idle nodes reach `desiredIdle`, bounded by `maxCapacity`. */
  growElasticPool(poolId: number): void {
    const elastic = this.elasticPool(poolId);
    const pool = this.pool(poolId);
    if (!elastic || !pool) return;
    const idle = elastic.nodes.filter((n) => n.state === 'idle' || n.state === 'startingAgent' || n.state === 'creatingCompute').length;
    const toAdd = Math.max(0, Math.min(elastic.desiredIdle - idle, elastic.maxCapacity - elastic.nodes.length));
    if (toAdd === 0) return;
    this.addElasticLog(elastic, 'info', 'increaseCapacity', `Increasing capacity by ${toAdd} to ${elastic.nodes.length + toAdd}`);
    const prefix = elastic.azureId.split('/').pop()?.slice(0, 9) ?? 'vmss';
    for (let i = 0; i < toAdd; i++) {
      const nodeId = this.nextNodeId++;
      const name = `${prefix}${nodeId.toString(36).padStart(6, '0')}`;
      const node = {
        id: nodeId,
        name,
        agentId: null as number | null,
        agentState: ['none'],
        computeId: String(nodeId),
        computeState: 'creating',
        state: 'creatingCompute',
        desiredState: 'none',
        requestId: null,
        stateChangedOn: iso(this.now()),
      };
      elastic.nodes.push(node);
      this.addScaleSetInstance(elastic.azureId, String(nodeId), name, 'Creating');
      this.clock.schedule(this.timings.elasticProvisionDelayMs, `elastic node ${name} online`, () => {
        const agent = this.addAgent(poolId, { name, status: 'online' });
        node.agentId = agent.id;
        node.agentState = ['enabled', 'online'];
        node.computeState = 'healthy';
        node.state = 'idle';
        node.stateChangedOn = iso(this.now());
        this.setScaleSetInstanceState(elastic.azureId, String(nodeId), 'Succeeded');
      });
    }
  }

  // ---------- scale sets ----------

  scaleSetById(resourceId: string): SeedScaleSet | undefined {
    return this.org.scaleSets.find((s) => this.scaleSetId(s).toLowerCase() === resourceId.toLowerCase());
  }

  /** Name of the standard VM behind an instance of a Flexible scale set. */
  flexibleVmName(set: SeedScaleSet, inst: SeedVmssInstance): string {
    return inst.vmName ?? `${set.name}_${Number(inst.instanceId).toString(16).padStart(8, '0')}`;
  }

  /** The VMs of Flexible scale sets in a resource group (what `Microsoft.Compute/virtualMachines` lists there). */
  flexibleVms(subscriptionId: string, resourceGroup: string): { set: SeedScaleSet; inst: SeedVmssInstance; name: string }[] {
    const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    return this.org.scaleSets
      .filter((s) => s.orchestrationMode === 'Flexible' && eq(s.subscriptionId, subscriptionId) && eq(s.resourceGroup, resourceGroup))
      .flatMap((set) => set.instances.map((inst) => ({ set, inst, name: this.flexibleVmName(set, inst) })));
  }

  private addScaleSetInstance(resourceId: string, instanceId: string, computerName: string, state: 'Creating' | 'Succeeded'): void {
    const set = this.scaleSetById(resourceId);
    if (!set) return;
    set.instances.push({ instanceId, computerName, provisioningState: state });
    set.capacity = set.instances.length;
    set.etagVersion++;
  }

  private setScaleSetInstanceState(resourceId: string, instanceId: string, state: 'Succeeded'): void {
    const inst = this.scaleSetById(resourceId)?.instances.find((i) => i.instanceId === instanceId);
    if (inst) inst.provisioningState = state;
  }

  private removeScaleSetInstanceByName(resourceId: string, computerName: string): void {
    const set = this.scaleSetById(resourceId);
    if (!set) return;
    set.instances = set.instances.filter((i) => i.computerName !== computerName);
    set.capacity = set.instances.length;
    set.etagVersion++;
  }

  /** Makes the next ARM long-running operation end in `Failed` with this error. */
  failNextArmOperation(code = 'InternalExecutionError', message = 'An internal execution error occurred. Please retry later.'): void {
    this.pendingArmFailure = { code, message };
  }

  private requireAgent(poolId: number, agentId: number): SeedAgent {
    const agent = this.agent(poolId, agentId);
    if (!agent) throw new Error(`no agent ${agentId} in pool ${poolId}`);
    return agent;
  }
}
