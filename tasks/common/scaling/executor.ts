/**
 * `executePlan` runs a `ScalePlan` against the ports. A dry-run plan is only printed: no port is called at all.
 * Whatever happens (error, cancellation, timeout), agents this run drained and did not remove are re-enabled.
 */
import type { ScalePlan } from './plan';
import type { ScalingPorts } from '../model/scale-set-ports';
import { renderPlan } from './render';
import { lowerStandby, raiseCapacity, raiseStandby, updateElasticSettings, waitForAgentsOnline } from './growth';
import { removeAgents } from './removal';
import type { ScaleResult } from './result';
import { type ExecuteOptions, RunContext } from './runContext';

export type { ExecuteOptions } from './runContext';

/** Executes the plan's steps in order and reports what happened. Never throws for port failures. */
export async function executePlan(plan: ScalePlan, ports: ScalingPorts, options: ExecuteOptions): Promise<ScaleResult> {
  const ctx = new RunContext(plan, ports, options);
  const { logger } = options;
  logger.group?.(`Scaling plan (${plan.requested})`);
  for (const line of renderPlan(plan)) logger.info(line);
  logger.endGroup?.();

  if (plan.errors.length > 0) {
    ctx.result.errors.push(...plan.errors);
    ctx.result.outcome = 'failed';
    return ctx.result;
  }
  if (plan.dryRun) {
    logger.info('Dry run: nothing was changed.');
    ctx.result.finalAgentCount = plan.before.boundedCount;
    return ctx.result;
  }

  let lastAdded: { added: number; knownAgentIds: Set<number> } | undefined;
  try {
    for (const step of plan.steps) {
      ctx.throwIfAborted();
      switch (step.kind) {
        case 'raiseStandby':
          await raiseStandby(ctx, step);
          break;
        case 'lowerStandby':
          await lowerStandby(ctx, step);
          break;
        case 'updateElasticSettings':
          await updateElasticSettings(ctx, step);
          break;
        case 'raiseCapacity':
          lastAdded = await raiseCapacity(ctx, step);
          break;
        case 'waitForAgentsOnline':
          await waitForAgentsOnline(ctx, step, lastAdded?.added ?? 0, lastAdded?.knownAgentIds ?? new Set());
          break;
        case 'removeAgents':
          await removeAgents(ctx, step);
          break;
      }
    }
  } catch (error) {
    if (ctx.aborted) {
      ctx.result.cancelled = true;
      logger.warn('Scaling run cancelled: stopping and re-enabling drained agents that were not removed');
    } else {
      const message = error instanceof Error ? error.message : String(error);
      if (!ctx.result.errors.includes(message)) ctx.result.errors.push(message);
      logger.warn(`Scaling stopped: ${message}`);
    }
  } finally {
    await ctx.reEnableAll(ctx.result.cancelled ? 'run cancelled before it was removed' : 'run stopped before it was removed');
  }

  ctx.result.finalAgentCount = await readFinalCount(ctx, plan);
  ctx.result.outcome = decideOutcome(ctx.result);
  logger.info(
    `Result: ${ctx.result.outcome}; added ${ctx.result.agentsAdded}, removed ${ctx.result.agentsRemoved}, skipped busy ${ctx.result.agentsSkippedBusy}, count now ${ctx.result.finalAgentCount}`,
  );
  for (const shortfall of ctx.result.shortfalls) logger.warn(`Fell short: ${shortfall}`);
  return ctx.result;
}

/** Actions that change the pool by themselves (a drain that was undone is not a change). */
const SETTING_ACTIONS = new Set(['raiseStandby', 'lowerStandby', 'updateElasticSettings', 'raiseCapacity']);

function decideOutcome(result: ScaleResult): ScaleResult['outcome'] {
  const settingsChanged = result.actions.some((action) => action.ok && SETTING_ACTIONS.has(action.action));
  const changed = result.agentsAdded + result.agentsRemoved > 0 || settingsChanged;
  if (result.errors.length > 0 || result.cancelled) return changed ? 'partial' : 'failed';
  if (result.shortfalls.length > 0) return 'partial';
  return 'succeeded';
}

async function readFinalCount(ctx: RunContext, plan: ScalePlan): Promise<number> {
  try {
    if (plan.poolKind === 'scaleSet' && ctx.ports.scaleSet && plan.resourceId) {
      return (await ctx.ports.scaleSet.get(plan.resourceId)).capacity;
    }
    // Agents handed to Azure DevOps for deletion are on their way out: do not count them as staying.
    const leaving = new Set(ctx.result.agents.filter((agent) => agent.outcome === 'drainedForService').map((agent) => agent.agentId));
    return (await ctx.ports.agents.listAgents(plan.poolId)).filter((agent) => !leaving.has(agent.id)).length;
  } catch {
    return plan.after.boundedCount;
  }
}
