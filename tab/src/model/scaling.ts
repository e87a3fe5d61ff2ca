/**
 * What the Scaling view shows of a ScaleSetAgents report. Two plan shapes exist: a scale set plan (`before`,
 * `after`, `steps` with agent candidates) and a Managed DevOps Pool plan (`maximumBefore`/`maximumAfter`,
 * `changes` as before → after per field, the organizations' `parallelism` split). Pure data, read defensively.
 */
import { isObject, list, num, text, type Json } from './reports';

export interface ManagedScalingModel {
  resourceId: string;
  poolName: string;
  requested: string;
  dryRun: boolean;
  written: boolean;
  outcome: string;
  maximum: { before: number; after: number; final?: number };
  changes: { field: string; before: string; after: string }[];
  parallelism: { organization: string; before: number; after: number }[];
  notes: string[];
  machines: { status: string; count: number }[];
}

/** True when the report's plan is a Managed DevOps Pool plan. */
export function isManagedScaling(report: Json): boolean {
  const plan = isObject(report.plan) ? report.plan : {};
  return isObject(report.managedPool) || (typeof plan.maximumBefore === 'number' && Array.isArray(plan.changes));
}

export function managedScalingModel(report: Json): ManagedScalingModel {
  const plan = isObject(report.plan) ? report.plan : {};
  const result = isObject(report.result) ? report.result : {};
  const managed = isObject(report.managedPool) ? report.managedPool : {};
  return {
    resourceId: text(plan.resourceId ?? managed.resourceId),
    poolName: text(plan.poolName ?? managed.poolName),
    requested: text(plan.requested),
    dryRun: plan.dryRun === true,
    written: result.written === true,
    outcome: text(result.outcome),
    maximum: {
      before: num(plan.maximumBefore),
      after: num(plan.maximumAfter),
      final: typeof result.maximumConcurrency === 'number' ? result.maximumConcurrency : undefined,
    },
    changes: list(plan.changes)
      .filter(isObject)
      .map((c) => ({ field: text(c.field), before: text(c.before), after: text(c.after) })),
    parallelism: list(plan.parallelism)
      .filter(isObject)
      .map((p) => ({ organization: text(p.url), before: num(p.before), after: num(p.after) })),
    notes: [
      ...list(plan.clipping),
      ...list(plan.notes),
      ...list(plan.errors).map((e) => (isObject(e) ? `${text(e.input)}: ${text(e.message)}` : e)),
    ].map(text),
    machines: isObject(result.machines) ? Object.entries(result.machines).map(([status, count]) => ({ status, count: num(count) })) : [],
  };
}
