import { randomUUID } from 'node:crypto';
import type { RouteContext } from '../http';
import type { ArmOperation } from '../state';

/** Where an operation runs: its subscription and location, and the resource it changes when polls check RBAC on it. */
export interface OperationTarget {
  subscriptionId: string;
  location: string;
  resourceId?: string;
}

/**
 * Starts an ARM long-running operation; it completes when the scheduler fires or at the second poll, whichever is
 * first. It fails with the failure queued by `failNextArmOperation`, else with `failure` when given. `settle` applies
 * the effect (`failed` false) or leaves the resource as a failed operation does (`failed` true).
 */
export function startArmOperation(
  ctx: RouteContext,
  target: OperationTarget,
  label: string,
  settle: (failed: boolean) => void,
  failure?: { code: string; message: string },
): ArmOperation {
  const { state } = ctx;
  const error = state.pendingArmFailure ?? failure;
  state.pendingArmFailure = undefined;
  const op: ArmOperation = {
    id: randomUUID(),
    subscriptionId: target.subscriptionId,
    location: target.location,
    ...(target.resourceId ? { resourceId: target.resourceId } : {}),
    startedByObjectId: ctx.caller?.identityId ?? '',
    status: 'InProgress',
    startTime: state.now().toISOString(),
    polls: 0,
    complete: () => {
      if (op.status !== 'InProgress') return;
      op.endTime = state.now().toISOString();
      if (error) {
        op.status = 'Failed';
        op.error = error;
        settle(true);
        return;
      }
      settle(false);
      op.status = 'Succeeded';
    },
  };
  state.operations.set(op.id, op);
  state.clock.schedule(state.timings.lroDurationMs, `${label} ${op.id}`, op.complete);
  return op;
}
