/**
 * The typed ScaleSetAgents request and its validation. The task adapter parses inputs into a `ScaleRequest`
 * (numbers may still be NaN or fractional there) and calls `validateScaleRequest` before planning.
 */
import type { ElasticSettings } from '../model/scale-set-ports';

export const SCALE_ACTIONS = ['add', 'remove', 'setCount', 'removeOffline', 'configure'] as const;
export type ScaleAction = (typeof SCALE_ACTIONS)[number];

/** Largest agent count / bound accepted (a uniform VMSS holds at most 1000 VMs). */
export const MAX_AGENTS_LIMIT = 1000;
export const MAX_TIMEOUT_MINUTES = 1440;
export const MAX_OFFLINE_HOURS = 24 * 365;
export const MAX_TTL_MINUTES = 7 * 24 * 60;

export interface ScaleRequest {
  action: ScaleAction;
  /** Agents to add or remove (`add`, `remove`). */
  count?: number;
  /** Wanted agent count (`setCount`). */
  targetCount?: number;
  /** Never go below this many agents. */
  minAgents: number;
  /** Never go above this many agents (unset = only the pool's own limits). */
  maxAgents?: number;
  /** `removeOffline`: only agents offline at least this long. */
  offlineForHours: number;
  /** How long to wait for drained agents to finish their job before giving up on them (they are re-enabled). */
  drainTimeoutMinutes: number;
  /** Self-managed `add`: how long to wait for the new agents to come online. */
  onlineTimeoutMinutes: number;
  /** `configure` (Azure DevOps-managed pools only). */
  settings?: Partial<ElasticSettings>;
  /** Print the plan, send no write. */
  dryRun: boolean;
}

export interface RequestError {
  /** The task input the error is about, e.g. `count`. */
  input: string;
  message: string;
}

/** Returns every problem with the request (empty = valid). Messages name the input and the allowed values. */
export function validateScaleRequest(request: ScaleRequest): RequestError[] {
  const errors: RequestError[] = [];
  const wholeNumber = (input: string, value: unknown, min: number, max: number, required: boolean): void => {
    if (value === undefined || value === null) {
      if (required) errors.push({ input, message: `${input} is required: a whole number from ${min} to ${max}` });
      return;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      errors.push({ input, message: `${input} must be a whole number from ${min} to ${max} (got ${String(value)})` });
    }
  };
  const number = (input: string, value: unknown, min: number, max: number): void => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      errors.push({ input, message: `${input} must be a number from ${min} to ${max} (got ${String(value)})` });
    }
  };

  if (!(SCALE_ACTIONS as readonly string[]).includes(request.action)) {
    errors.push({
      input: 'action',
      message: `action must be one of ${SCALE_ACTIONS.join(', ')} (got ${String(request.action)})`,
    });
  }
  const action = request.action;
  wholeNumber('count', request.count, 1, MAX_AGENTS_LIMIT, action === 'add' || action === 'remove');
  wholeNumber('targetCount', request.targetCount, 0, MAX_AGENTS_LIMIT, action === 'setCount');
  wholeNumber('minAgents', request.minAgents, 0, MAX_AGENTS_LIMIT, true);
  wholeNumber('maxAgents', request.maxAgents, 0, MAX_AGENTS_LIMIT, false);
  if (Number.isInteger(request.minAgents) && Number.isInteger(request.maxAgents) && (request.maxAgents as number) < request.minAgents) {
    errors.push({
      input: 'maxAgents',
      message: `maxAgents (${request.maxAgents}) must be at least minAgents (${request.minAgents})`,
    });
  }
  number('offlineForHours', request.offlineForHours, 0, MAX_OFFLINE_HOURS);
  wholeNumber('drainTimeoutMinutes', request.drainTimeoutMinutes, 0, MAX_TIMEOUT_MINUTES, true);
  wholeNumber('onlineTimeoutMinutes', request.onlineTimeoutMinutes, 1, MAX_TIMEOUT_MINUTES, true);
  if (typeof request.dryRun !== 'boolean') {
    errors.push({ input: 'dryRun', message: `dryRun must be true or false (got ${String(request.dryRun)})` });
  }
  if (action === 'configure') errors.push(...validateSettings(request.settings));
  return errors;
}

/** Task input that sets each elastic pool setting: errors must name what the user typed, not the REST field. */
const SETTING_INPUTS: Record<keyof ElasticSettings, string> = {
  desiredIdle: 'standbyAgents',
  maxCapacity: 'maxCapacity',
  timeToLiveMinutes: 'timeToLiveMinutes',
  recycleAfterEachUse: 'recycleAfterEachUse',
};

function validateSettings(settings: Partial<ElasticSettings> | undefined): RequestError[] {
  const errors: RequestError[] = [];
  const given = Object.entries(settings ?? {}).filter(([, value]) => value !== undefined);
  if (given.length === 0) {
    return [
      {
        input: 'action',
        message:
          'configure needs at least one setting to change: standbyAgents, maxCapacity, timeToLiveMinutes or recycleAfterEachUse (scale set pools); standbyMode, maxAgentLifetime or gracePeriod (Managed DevOps Pools)',
      },
    ];
  }
  const check = (field: keyof ElasticSettings, min: number, max: number): void => {
    const value = settings?.[field];
    const input = SETTING_INPUTS[field];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      errors.push({ input, message: `${input} must be a whole number from ${min} to ${max} (got ${String(value)})` });
    }
  };
  check('desiredIdle', 0, MAX_AGENTS_LIMIT);
  check('maxCapacity', 1, MAX_AGENTS_LIMIT);
  check('timeToLiveMinutes', 0, MAX_TTL_MINUTES);
  if (settings?.recycleAfterEachUse !== undefined && typeof settings.recycleAfterEachUse !== 'boolean') {
    errors.push({
      input: 'recycleAfterEachUse',
      message: `recycleAfterEachUse must be true or false (got ${String(settings.recycleAfterEachUse)})`,
    });
  }
  if (
    typeof settings?.desiredIdle === 'number' &&
    typeof settings.maxCapacity === 'number' &&
    settings.desiredIdle > settings.maxCapacity
  ) {
    errors.push({
      input: 'standbyAgents',
      message: `standbyAgents (${settings.desiredIdle}) must not exceed maxCapacity (${settings.maxCapacity})`,
    });
  }
  return errors;
}
