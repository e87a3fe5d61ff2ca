/**
 * What a scaling run reports: counts, an action log with before → after, and one outcome per agent touched.
 */

export type RunOutcome = 'succeeded' | 'partial' | 'failed';

export type AgentOutcomeKind =
  /** Instance and registration deleted by this task. */
  | 'removed'
  /** Disabled in an Azure DevOps-managed pool; the service deletes it. */
  | 'drainedForService'
  /** Running a job at drain time, or still running one when the drain timeout ran out (then re-enabled). */
  | 'skippedBusy'
  /** Online but already disabled by someone else; left alone. */
  | 'skippedDisabled'
  /** removeOffline: the agent came back online; left alone. */
  | 'skippedOnline'
  /** No longer registered when we got to it. */
  | 'gone'
  /** The bound (minAgents / setCount target) was reached with fresh state; re-enabled if drained. */
  | 'notNeeded'
  /** Drained, then kept because the run stopped (cancelled or an error elsewhere); re-enabled. */
  | 'kept'
  /** A write failed; see reason. */
  | 'failed';

export interface AgentOutcome {
  agentId: number;
  agentName: string;
  outcome: AgentOutcomeKind;
  reason: string;
  /** True when this run disabled the agent and later enabled it again. */
  reEnabled?: boolean;
}

export interface ActionRecord {
  at: Date;
  action: string;
  target: string;
  before?: string;
  after?: string;
  ok: boolean;
  detail?: string;
}

export interface ScaleResult {
  outcome: RunOutcome;
  dryRun: boolean;
  cancelled: boolean;
  agentsAdded: number;
  agentsRemoved: number;
  agentsSkippedBusy: number;
  /** The bounded count after the run (registered agents for a managed pool, VMSS capacity for self-managed). */
  finalAgentCount: number;
  actions: ActionRecord[];
  agents: AgentOutcome[];
  /** Why the run fell short of the plan without an error (timeouts, busy agents, bounds reached). */
  shortfalls: string[];
  errors: string[];
}
