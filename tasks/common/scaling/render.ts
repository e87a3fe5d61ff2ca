/**
 * Human-readable lines for a plan: the dry-run output and the log header of a real run.
 */
import { toSingleLine } from '../report/escape';
import type { CountSnapshot, RemovalCandidate, ScalePlan, ScaleStep } from './plan';

/**
 * Renders every step, agent, instance and setting with before → after. Each entry is one line: a line break in a
 * pool or agent name becomes a space, so a name cannot forge plan lines in the log.
 */
export function renderPlan(plan: ScalePlan): string[] {
  return planLines(plan).map(toSingleLine);
}

function planLines(plan: ScalePlan): string[] {
  const lines: string[] = [];
  const pool = plan.poolName ? `'${plan.poolName}' (id ${plan.poolId})` : `id ${plan.poolId}`;
  const kind =
    plan.poolKind === 'elastic'
      ? 'Azure DevOps-managed scale-set pool'
      : plan.poolKind === 'selfHosted'
        ? 'self-hosted pool'
        : `self-managed scale set ${plan.resourceId}`;
  lines.push(`${plan.dryRun ? 'DRY RUN (no changes will be made): ' : ''}scaling plan for pool ${pool}, ${kind}`);
  lines.push(`Request: ${plan.requested}; bounds minAgents=${plan.bounds.minAgents}, maxAgents=${plan.bounds.maxAgents ?? 'none'}`);
  lines.push(`Before → after: ${renderCounts(plan.before, plan.after)}`);
  for (const error of plan.errors) lines.push(`ERROR: ${error}`);
  for (const note of plan.clipping) lines.push(`Clipped: ${note}`);
  for (const warning of plan.warnings) lines.push(`Warning: ${warning}`);
  plan.steps.forEach((step, index) => lines.push(...renderStep(step, index + 1)));
  if (plan.skipped.length > 0) {
    lines.push(`Not touched (${plan.skipped.length}):`);
    for (const skipped of plan.skipped) lines.push(`  - ${skipped.agentName} (id ${skipped.agentId}): ${skipped.reason}`);
  }
  return lines;
}

function renderCounts(before: CountSnapshot, after: CountSnapshot): string {
  const parts: string[] = [`agents ${before.agents} → ${after.agents}`];
  if (before.capacity !== undefined) parts.push(`capacity ${before.capacity} → ${after.capacity}`);
  if (before.desiredIdle !== undefined) parts.push(`standby (desiredIdle) ${before.desiredIdle} → ${after.desiredIdle}`);
  if (before.maxCapacity !== undefined) parts.push(`maxCapacity ${before.maxCapacity} → ${after.maxCapacity}`);
  if (before.timeToLiveMinutes !== undefined) parts.push(`timeToLiveMinutes ${before.timeToLiveMinutes} → ${after.timeToLiveMinutes}`);
  if (before.recycleAfterEachUse !== undefined)
    parts.push(`recycleAfterEachUse ${before.recycleAfterEachUse} → ${after.recycleAfterEachUse}`);
  parts.push(`(now ${before.online ?? 0} online: ${before.busy ?? 0} busy, ${before.idle ?? 0} idle; ${before.offline ?? 0} offline)`);
  return parts.join(', ');
}

function renderStep(step: ScaleStep, number: number): string[] {
  const prefix = `Step ${number}: `;
  switch (step.kind) {
    case 'raiseStandby':
      return [`${prefix}raiseStandby desiredIdle ${step.from} → ${step.to} (+${step.delta})`];
    case 'lowerStandby':
      return [`${prefix}lowerStandby desiredIdle ${step.from} → ${step.to} (-${step.delta})`];
    case 'updateElasticSettings':
      return [`${prefix}updateElasticSettings ${step.changes.map((c) => `${c.name} ${c.from} → ${c.to}`).join(', ')}`];
    case 'raiseCapacity':
      return [
        `${prefix}raiseCapacity sku.capacity ${step.from} → ${step.to} (If-Match ${step.etag}; on conflict ${
          step.recompute.mode === 'add' ? `re-read and add ${step.recompute.delta}` : `re-read and aim for ${step.recompute.capacity}`
        }${step.ceiling !== undefined ? `, never above ${step.ceiling}` : ''})`,
      ];
    case 'waitForAgentsOnline':
      return [`${prefix}waitForAgentsOnline ${step.count} new agent(s), up to ${step.timeoutMinutes} min`];
    case 'removeAgents': {
      const chosen = step.candidates.filter((c) => !c.alternate);
      const alternates = step.candidates.filter((c) => c.alternate);
      const lines = [
        `${prefix}remove ${step.wanted} agent(s) (${
          step.deletedBy === 'service'
            ? 'drain; Azure DevOps deletes them'
            : `drain, wait up to ${step.drainTimeoutMinutes} min for running jobs, delete`
        }; the count never goes below ${step.floor})`,
      ];
      for (const candidate of chosen) lines.push(`  - ${renderCandidate(candidate)}`);
      if (alternates.length > 0) {
        lines.push(`  alternates, used in this order only if a chosen agent picks up a job or disappears:`);
        for (const candidate of alternates) lines.push(`    - ${renderCandidate(candidate)}`);
      }
      return lines;
    }
  }
}

function renderCandidate(candidate: RemovalCandidate): string {
  const actions = candidate.actions
    .map((action) => (action === 'deleteInstance' ? `deleteInstance ${candidate.instanceId}` : action))
    .join(' → ');
  return `${candidate.agentName} (id ${candidate.agentId}, ${candidate.status}): ${candidate.reason}; ${actions}`;
}
