import { InputError, readBoolean, readChoice, readHttpsUrl, readInteger, readString, type InputReader } from '../inputs/read';
import { parseScaleSetId } from '../arm/vmss';
import {
  MAX_AGENTS_LIMIT,
  MAX_OFFLINE_HOURS,
  MAX_TIMEOUT_MINUTES,
  MAX_TTL_MINUTES,
  SCALE_ACTIONS,
  validateScaleRequest,
  type ScaleRequest,
} from './request';
import type { ElasticSettings } from '../model/scale-set-ports';
import { hasManagedSettings, parseManagedScaleInputs, type ManagedScaleInputs } from './managed-inputs';

export interface ScaleInputs {
  organizationUrl: string;
  pool: string;
  scaleSetResourceId?: string;
  request: ScaleRequest;
  reportDirectory?: string;
  maxConcurrency: number;
  /** Seconds between checks while waiting (drains, new agents, ARM operations without Retry-After). */
  pollIntervalSeconds: number;
  /** Managed DevOps Pools: where to find the pool and the settings only they have. */
  managed: ManagedScaleInputs;
}

/**
 * The task input a request field comes from, for error messages: the request speaks the service's names
 * (`desiredIdle`), users set `standbyAgents`. `settings` (configure with nothing to change) points at the first
 * setting input; its message lists all four.
 */
export function taskInputName(field: string): string {
  return field === 'desiredIdle' || field === 'settings' ? 'standbyAgents' : field;
}

/** Bounds of the `pollIntervalSeconds` input. */
export const POLL_INTERVAL_SECONDS = { default: 15, min: 1, max: 300 } as const;

/** Parses every ScaleSetAgents input; all problems are reported before anything is read or changed. */
export function parseScaleInputs(read: InputReader, collectionUri?: string): ScaleInputs {
  const action = readChoice(read, 'action', SCALE_ACTIONS);
  const recycle = readChoice(read, 'recycleAfterEachUse', ['unchanged', 'true', 'false'] as const, 'unchanged');
  const settings: Partial<ElasticSettings> = {};
  const standby = readInteger(read, 'standbyAgents', { min: 0, max: MAX_AGENTS_LIMIT });
  const maxCapacity = readInteger(read, 'maxCapacity', { min: 1, max: MAX_AGENTS_LIMIT });
  const ttl = readInteger(read, 'timeToLiveMinutes', { min: 0, max: MAX_TTL_MINUTES });
  if (action === 'configure') {
    if (standby !== undefined) settings.desiredIdle = standby;
    if (maxCapacity !== undefined) settings.maxCapacity = maxCapacity;
    if (ttl !== undefined) settings.timeToLiveMinutes = ttl;
    if (recycle !== 'unchanged') settings.recycleAfterEachUse = recycle === 'true';
  }
  const request: ScaleRequest = {
    action,
    count:
      action === 'add' || action === 'remove' ? readInteger(read, 'count', { required: true, min: 1, max: MAX_AGENTS_LIMIT }) : undefined,
    targetCount: action === 'setCount' ? readInteger(read, 'targetCount', { required: true, min: 0, max: MAX_AGENTS_LIMIT }) : undefined,
    minAgents: readInteger(read, 'minAgents', { default: 0, min: 0, max: MAX_AGENTS_LIMIT }),
    maxAgents: readInteger(read, 'maxAgents', { min: 0, max: MAX_AGENTS_LIMIT }),
    offlineForHours: readInteger(read, 'offlineForHours', { default: 24, min: 0, max: MAX_OFFLINE_HOURS }),
    drainTimeoutMinutes: readInteger(read, 'drainTimeoutMinutes', { default: 30, min: 0, max: MAX_TIMEOUT_MINUTES }),
    onlineTimeoutMinutes: readInteger(read, 'onlineTimeoutMinutes', { default: 15, min: 1, max: MAX_TIMEOUT_MINUTES }),
    settings: action === 'configure' ? settings : undefined,
    dryRun: readBoolean(read, 'dryRun', false),
  };
  const managed = parseManagedScaleInputs(read, action);
  // A configure that sets only Managed DevOps Pool settings is complete; which kind of pool it is shows later.
  const problems = validateScaleRequest(request).filter(
    (problem) =>
      !(hasManagedSettings(managed.settings) && problem.input === 'action' && /needs at least one setting/.test(problem.message)),
  );
  if (problems.length > 0)
    throw new InputError(taskInputName(problems[0].input), `is not valid: ${problems.map((problem) => problem.message).join('; ')}.`);
  const scaleSetResourceId = readString(read, 'scaleSetResourceId');
  if (scaleSetResourceId) parseScaleSetId(scaleSetResourceId);
  return {
    organizationUrl: readHttpsUrl(read, 'organizationUrl', collectionUri),
    pool: readString(read, 'pool', { required: true, describe: 'the name or id of a self-hosted or scale set agent pool' }),
    scaleSetResourceId,
    request,
    reportDirectory: readString(read, 'reportDirectory'),
    maxConcurrency: readInteger(read, 'maxConcurrency', { default: 32, min: 1, max: 64 }),
    pollIntervalSeconds: readInteger(read, 'pollIntervalSeconds', POLL_INTERVAL_SECONDS),
    managed,
  };
}
