/**
 * In-memory fakes for the scaling ports: a pool whose agents run jobs, a scale set whose new instances register as
 * agents after a boot time, and a managed (elastic) pool. Records every write, every bound crossing and every
 * deletion of a busy agent (a "violation") so tests can assert on them. Time comes from FakeClock only.
 */
import type { Clock } from '../../../tasks/common/model/context';
import type { Agent, ElasticPool } from '../../../tasks/common/model/pool';
import { ArmOperationError, EtagConflictError } from '../../../tasks/common/arm/errors';
import type { ScaleSetInstance, ScalingPorts } from '../../../tasks/common/model/scale-set-ports';

export { mulberry32 } from '../../../emulator/prng';

/** Time moves only when someone sleeps. */
export class FakeClock implements Clock {
  constructor(public ms = Date.UTC(2026, 0, 10, 12, 0, 0)) {}
  now(): Date {
    return new Date(this.ms);
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new Error('aborted');
    this.ms += ms;
    await Promise.resolve();
    if (signal?.aborted) throw new Error('aborted');
  }
}

export const RESOURCE_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/agents';
export const POOL_ID = 7;

interface Instance extends ScaleSetInstance {
  bootAt: number;
}

export interface Write {
  op: string;
  args: unknown[];
}

export class FakePool {
  readonly agents = new Map<number, Agent>();
  readonly jobEnds = new Map<number, number>();
  readonly instances: Instance[] = [];
  readonly writes: Write[] = [];
  readonly violations: string[] = [];
  /** Bounded count after every mutation (capacity or registered agents). */
  readonly countHistory: number[] = [];
  capacity = 0;
  etagNumber = 1;
  elastic: ElasticPool = {
    poolId: POOL_ID,
    azureId: RESOURCE_ID,
    maxCapacity: 10,
    desiredIdle: 1,
    recycleAfterEachUse: false,
    timeToLiveMinutes: 30,
    state: 'online',
  };
  bootMs = 60_000;
  /** Called on every read: scripted or random events (jobs landing). */
  onRead?: (pool: FakePool) => void;
  /** Called right after an agent is disabled (a job assignment racing the disable). */
  onDisable?: (agentId: number, pool: FakePool) => void;
  /** Called before a capacity PATCH is evaluated (a concurrent writer). */
  beforeSetCapacity?: (pool: FakePool) => void;
  /** removeOffline runs: disabling or deleting an online agent is a violation. */
  forbidTouchingOnline = false;
  /** When set, deleteInstances fails with this ARM error. */
  deleteInstancesFailure?: { code: string; message: string };
  private nextAgentId = 1;
  private nextInstanceId = 0;
  private nextRequestId = 1000;

  constructor(
    readonly kind: 'elastic' | 'scaleSet',
    readonly clock: FakeClock,
  ) {}

  /** Adds an agent (and, for a scale set, its instance). */
  addAgent(fields: Partial<Agent> & { idleMinutes?: number; withInstance?: boolean } = {}): Agent {
    const { idleMinutes, withInstance = this.kind === 'scaleSet', ...rest } = fields;
    const id = this.nextAgentId++;
    const now = this.clock.ms;
    const agent: Agent = {
      id,
      name: `vm${String(id).padStart(4, '0')}`,
      poolId: POOL_ID,
      status: 'online',
      enabled: true,
      createdOn: new Date(now - 24 * 3_600_000),
      lastCompletedRequest:
        idleMinutes !== undefined ? { requestId: this.nextRequestId++, finishTime: new Date(now - idleMinutes * 60_000) } : undefined,
      ...rest,
    };
    this.agents.set(id, agent);
    if (withInstance) {
      this.instances.push({
        instanceId: String(this.nextInstanceId++),
        computerName: agent.name.toUpperCase(),
        provisioningState: 'Succeeded',
        bootAt: 0,
      });
      this.capacity += 1;
    }
    return agent;
  }

  /** Puts a job on the agent (as the service would) that ends after `durationMs` of fake time. */
  startJob(agentId: number, durationMs: number): void {
    const agent = this.agents.get(agentId);
    if (!agent || agent.assignedRequest) return;
    agent.assignedRequest = { requestId: this.nextRequestId++, jobName: 'Build', assignTime: this.clock.now() };
    this.jobEnds.set(agentId, this.clock.ms + durationMs);
  }

  boundedCount(): number {
    return this.kind === 'scaleSet' ? this.capacity : this.agents.size;
  }

  writesOf(op: string): Write[] {
    return this.writes.filter((write) => write.op === op);
  }

  private tick(): void {
    for (const [agentId, end] of [...this.jobEnds]) {
      const agent = this.agents.get(agentId);
      if (end <= this.clock.ms && agent?.assignedRequest) {
        agent.lastCompletedRequest = { ...agent.assignedRequest, finishTime: this.clock.now(), result: 'succeeded' };
        agent.assignedRequest = undefined;
        this.jobEnds.delete(agentId);
      }
    }
    for (const instance of this.instances) {
      const registered = [...this.agents.values()].some((a) => a.name.toLowerCase() === instance.computerName.toLowerCase());
      if (!registered && instance.bootAt > 0 && instance.bootAt <= this.clock.ms) {
        this.addAgent({ name: instance.computerName.toLowerCase(), createdOn: this.clock.now(), withInstance: false });
      }
    }
  }

  private read(): void {
    this.tick();
    this.onRead?.(this);
  }

  private mutated(): void {
    this.countHistory.push(this.boundedCount());
  }

  ports(): ScalingPorts {
    return {
      agents: {
        listAgents: async () => {
          this.read();
          return [...this.agents.values()].map((agent) => structuredClone(agent));
        },
        getAgent: async (_poolId, agentId) => {
          this.read();
          const agent = this.agents.get(agentId);
          return agent ? structuredClone(agent) : null;
        },
        setAgentEnabled: async (_poolId, agentId, enabled) => {
          this.writes.push({ op: 'setAgentEnabled', args: [agentId, enabled] });
          const agent = this.agents.get(agentId);
          if (!agent) throw new Error(`agent ${agentId} not found`);
          if (!enabled && this.forbidTouchingOnline && agent.status === 'online')
            this.violations.push(`disabled online agent ${agent.name}`);
          agent.enabled = enabled;
          if (!enabled) this.onDisable?.(agentId, this);
        },
        deleteAgent: async (_poolId, agentId) => {
          this.writes.push({ op: 'deleteAgent', args: [agentId] });
          const agent = this.agents.get(agentId);
          // Like the REST port: a registration someone else deleted first answers 404, reported as alreadyGone.
          if (!agent) return 'alreadyGone';
          if (agent.assignedRequest) this.violations.push(`deleted busy agent ${agent.name}`);
          if (this.forbidTouchingOnline && agent.status === 'online') this.violations.push(`deleted online agent ${agent.name}`);
          this.agents.delete(agentId);
          this.mutated();
          return 'deleted';
        },
      },
      elastic: {
        get: async () => structuredClone(this.elastic),
        update: async (_poolId, settings) => {
          this.writes.push({ op: 'elasticUpdate', args: [settings] });
          Object.assign(this.elastic, settings);
          return structuredClone(this.elastic);
        },
        nodes: async () => [],
        logs: async () => [],
      },
      scaleSet: {
        get: async () => {
          this.tick();
          return { name: 'agents', capacity: this.capacity, etag: `"${this.etagNumber}"`, provisioningState: 'Succeeded' };
        },
        setCapacity: async (_resourceId, capacity, etag) => {
          this.beforeSetCapacity?.(this);
          this.writes.push({ op: 'setCapacity', args: [capacity, etag] });
          if (etag !== `"${this.etagNumber}"`) throw new EtagConflictError(RESOURCE_ID, etag);
          this.resize(capacity);
        },
        listInstances: async () =>
          this.instances.map(({ instanceId, computerName, provisioningState }) => ({ instanceId, computerName, provisioningState })),
        deleteInstances: async (_resourceId, instanceIds) => {
          this.writes.push({ op: 'deleteInstances', args: [instanceIds] });
          if (this.deleteInstancesFailure) {
            throw new ArmOperationError(this.deleteInstancesFailure.code, this.deleteInstancesFailure.message, 'delete instances');
          }
          for (const instanceId of instanceIds) {
            const index = this.instances.findIndex((instance) => instance.instanceId === instanceId);
            if (index < 0) throw new ArmOperationError('NotFound', `instance ${instanceId} not found`, 'delete instances');
            const [instance] = this.instances.splice(index, 1);
            const agent = [...this.agents.values()].find((a) => a.name.toLowerCase() === instance.computerName.toLowerCase());
            if (agent?.assignedRequest) this.violations.push(`deleted the VM of busy agent ${agent.name}`);
            if (agent) agent.status = 'offline';
            this.capacity -= 1;
            this.etagNumber += 1;
            this.mutated();
          }
        },
      },
    };
  }

  /** A capacity change as ARM does it (also used to simulate a concurrent writer). */
  resize(capacity: number): void {
    while (this.capacity < capacity) {
      this.instances.push({
        instanceId: String(this.nextInstanceId),
        computerName: `VMNEW${this.nextInstanceId++}`,
        provisioningState: 'Creating',
        bootAt: this.clock.ms + this.bootMs,
      });
      this.capacity += 1;
    }
    this.etagNumber += 1;
    this.mutated();
  }
}

/** A Logger that keeps lines for assertions. */
export function memoryLogger(): { lines: string[]; info(m: string): void; warn(m: string): void; debug(m: string): void } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`WARN ${m}`),
    debug: () => undefined,
  };
}
