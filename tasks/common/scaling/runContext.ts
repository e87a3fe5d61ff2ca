/**
 * State shared by the executor's phases during one run. Internal to `scaling/`.
 */
import type { Clock, Logger } from '../model/context';
import type { RemovalCandidate, ScalePlan } from './plan';
import type { ScalingPorts } from '../model/scale-set-ports';
import type { ActionRecord, AgentOutcome, AgentOutcomeKind, ScaleResult } from './result';

export interface ExecuteOptions {
  clock: Clock;
  logger: Logger;
  /** Abort (e.g. on SIGTERM): stop, re-enable drained agents that were not removed. */
  signal?: AbortSignal;
  /** Poll interval while waiting for drains and new agents. Default 15 s. */
  pollIntervalMs?: number;
  /** How many times a 412 (ETag conflict) on the capacity update is retried. Default 5. */
  maxEtagRetries?: number;
}

export class RunContext {
  readonly result: ScaleResult;
  /** Agents this run disabled that are neither deleted nor handed to the service yet. */
  readonly drained = new Map<number, RemovalCandidate>();
  readonly pollIntervalMs: number;
  readonly maxEtagRetries: number;

  constructor(
    readonly plan: ScalePlan,
    readonly ports: ScalingPorts,
    readonly options: ExecuteOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 15_000;
    this.maxEtagRetries = options.maxEtagRetries ?? 5;
    this.result = {
      outcome: 'succeeded',
      dryRun: plan.dryRun,
      cancelled: false,
      agentsAdded: 0,
      agentsRemoved: 0,
      agentsSkippedBusy: plan.shortfallBusy,
      finalAgentCount: plan.before.boundedCount,
      actions: [],
      agents: [],
      shortfalls: plan.shortfallBusy > 0 ? [`${plan.shortfallBusy} agent(s) could not be removed: they are busy`] : [],
      errors: [],
    };
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get aborted(): boolean {
    return this.options.signal?.aborted === true;
  }

  throwIfAborted(): void {
    if (this.aborted) throw new Error('scaling run cancelled');
  }

  sleep(): Promise<void> {
    return this.clock.sleep(this.pollIntervalMs, this.options.signal);
  }

  record(action: Omit<ActionRecord, 'at'>): void {
    this.result.actions.push({ at: this.clock.now(), ...action });
  }

  setOutcome(candidate: { agentId: number; agentName: string }, outcome: AgentOutcomeKind, reason: string): void {
    const existing = this.result.agents.find((entry) => entry.agentId === candidate.agentId);
    const entry: AgentOutcome = { agentId: candidate.agentId, agentName: candidate.agentName, outcome, reason };
    if (existing) Object.assign(existing, entry);
    else this.result.agents.push(entry);
    if (outcome === 'skippedBusy') this.result.agentsSkippedBusy += 1;
  }

  /** Enables an agent this run disabled. Never throws: a failure becomes an error telling the user what to do. */
  async reEnable(candidate: RemovalCandidate, why: string): Promise<void> {
    if (!this.drained.has(candidate.agentId)) return;
    this.drained.delete(candidate.agentId);
    const target = `agent ${candidate.agentName} (id ${candidate.agentId})`;
    try {
      await this.ports.agents.setAgentEnabled(this.plan.poolId, candidate.agentId, true);
      this.record({ action: 'enableAgent', target, before: 'enabled=false', after: 'enabled=true', ok: true, detail: why });
      this.logger.info(`Re-enabled ${target}: ${why}`);
      const entry = this.result.agents.find((a) => a.agentId === candidate.agentId);
      if (entry) entry.reEnabled = true;
      else this.result.agents.push({ ...pick(candidate), outcome: 'kept', reason: why, reEnabled: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if ((await this.ports.agents.getAgent(this.plan.poolId, candidate.agentId).catch(() => undefined)) === null) {
        this.logger.info(`Not re-enabling ${target}: it no longer exists`);
        return;
      }
      this.record({ action: 'enableAgent', target, ok: false, detail: message });
      this.result.errors.push(`could not re-enable ${target} (${message}); enable it by hand in the pool's Agents tab`);
    }
  }

  /** Re-enables every agent still drained by this run (cancellation, errors, timeouts). */
  async reEnableAll(why: string): Promise<void> {
    for (const candidate of [...this.drained.values()]) await this.reEnable(candidate, why);
  }
}

function pick(candidate: RemovalCandidate): { agentId: number; agentName: string } {
  return { agentId: candidate.agentId, agentName: candidate.agentName };
}
