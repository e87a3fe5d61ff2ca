/**
 * Pure victim selection: which agents may be removed and in what order.
 * Offline agents first (longest offline first), then idle agents that have been idle longest. Busy agents are
 * never candidates.
 */
import type { Agent } from '../model/pool';
import { isBusy } from './state';

export interface RankedAgent {
  agent: Agent;
  reason: string;
}

export interface Exclusion {
  agent: Agent;
  reason: string;
  /** `busy` exclusions are the ones that can make a removal fall short. */
  kind: 'busy' | 'disabled' | 'noInstance' | 'notOfflineLongEnough' | 'online';
}

const EPOCH = new Date(0);

function idleSince(agent: Agent): Date {
  return agent.lastCompletedRequest?.finishTime ?? agent.createdOn ?? EPOCH;
}

function offlineSince(agent: Agent): Date {
  return agent.statusChangedOn ?? agent.lastCompletedRequest?.finishTime ?? agent.createdOn ?? EPOCH;
}

function byDateThenCreatedThenId(key: (agent: Agent) => Date) {
  return (a: Agent, b: Agent): number =>
    key(a).getTime() - key(b).getTime() || (a.createdOn ?? EPOCH).getTime() - (b.createdOn ?? EPOCH).getTime() || a.id - b.id;
}

/**
 * Orders removal candidates. `eligible` lets the caller exclude more (e.g. no matching VMSS instance).
 * Online agents that are disabled are left alone: someone else (another run, an admin) is draining them.
 */
export function rankRemovalCandidates(
  agents: Agent[],
  now: Date,
  extraExclusion: (agent: Agent) => Exclusion | undefined = () => undefined,
): { candidates: RankedAgent[]; excluded: Exclusion[] } {
  const excluded: Exclusion[] = [];
  const offline: Agent[] = [];
  const idle: Agent[] = [];
  for (const agent of agents) {
    const extra = extraExclusion(agent);
    if (isBusy(agent)) {
      excluded.push({ agent, kind: 'busy', reason: `busy: running ${describeJob(agent)}` });
    } else if (extra) {
      excluded.push(extra);
    } else if (agent.status === 'offline') {
      offline.push(agent);
    } else if (!agent.enabled) {
      excluded.push({
        agent,
        kind: 'disabled',
        reason: 'online but disabled: another run or an administrator is draining it',
      });
    } else {
      idle.push(agent);
    }
  }
  offline.sort(byDateThenCreatedThenId(offlineSince));
  idle.sort(byDateThenCreatedThenId(idleSince));
  const candidates = [
    ...offline.map((agent) => ({ agent, reason: `offline since ${formatAge(offlineSince(agent), now)}` })),
    ...idle.map((agent) => ({ agent, reason: `idle since ${formatAge(idleSince(agent), now)}` })),
  ];
  return { candidates, excluded };
}

/** Offline agents whose offline time is at least `hours`; online agents are never returned. */
export function offlineLongerThan(agents: Agent[], hours: number, now: Date): { candidates: RankedAgent[]; excluded: Exclusion[] } {
  const limit = now.getTime() - hours * 3_600_000;
  const excluded: Exclusion[] = [];
  const candidates: RankedAgent[] = [];
  const sorted = [...agents].sort(byDateThenCreatedThenId(offlineSince));
  for (const agent of sorted) {
    if (agent.status !== 'offline') continue;
    if (isBusy(agent)) {
      excluded.push({ agent, kind: 'busy', reason: `offline but still holds ${describeJob(agent)}` });
    } else if (offlineSince(agent).getTime() > limit) {
      excluded.push({
        agent,
        kind: 'notOfflineLongEnough',
        reason: `offline only since ${formatAge(offlineSince(agent), now)} (< ${hours} h)`,
      });
    } else {
      candidates.push({ agent, reason: `offline since ${formatAge(offlineSince(agent), now)}` });
    }
  }
  return { candidates, excluded };
}

export function describeJob(agent: Agent): string {
  const job = agent.assignedRequest;
  if (!job) return 'no job';
  const name = job.jobName ?? job.definitionName ?? 'a job';
  return `${name} (request ${job.requestId})`;
}

function formatAge(since: Date, now: Date): string {
  if (since.getTime() === 0) return 'an unknown time';
  const minutes = Math.max(0, Math.round((now.getTime() - since.getTime()) / 60_000));
  const age = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  return `${since.toISOString()} (${age})`;
}
