/**
 * ScaleSetAgents inputs that apply to Managed DevOps Pools only. Every problem is an InputError naming the input and
 * the allowed form, raised before anything is read or changed.
 */
import { parseManagedPoolId } from '../arm/managed-pools';
import { parseStandbySchedule, SCHEDULE_FORM, ScheduleSyntaxError, type DaysData } from '../arm/standby-schedule';
import { formatTimeSpan, parseTimeSpan } from '../arm/time-span';
import { windowsTimeZone } from '../arm/windows-time-zones';
import { parseManagedPoolInputs, type ManagedPoolInputs } from '../inputs/managed-pools';
import { InputError, readChoice, readString, type InputReader } from '../inputs/read';

export const STANDBY_MODES = ['unchanged', 'off', 'manual', 'automatic'] as const;
export const PREDICTION_PREFERENCES = ['balanced', 'mostCostEffective', 'moreCostEffective', 'morePerformance', 'bestPerformance'] as const;
const WEEK_SECONDS = 7 * 86_400;

export interface ManagedSettings {
  standbyMode?: 'off' | 'manual' | 'automatic';
  /** Manual: 7 day maps, Sunday first. */
  daysData?: DaysData;
  timeZone?: string;
  /** Service spelling, e.g. `MostCostEffective`. */
  predictionPreference?: string;
  /** Canonical `d.hh:mm:ss`. */
  maxAgentLifetime?: string;
  gracePeriod?: string;
}

export interface ManagedScaleInputs {
  resourceId?: string;
  pools: ManagedPoolInputs;
  settings: ManagedSettings;
}

/** True when some Managed DevOps Pool-only setting was given. */
export function hasManagedSettings(settings: ManagedSettings): boolean {
  return Object.values(settings).some((value) => value !== undefined);
}

function timeSpan(read: InputReader, name: string): string | undefined {
  const value = readString(read, name);
  if (value === undefined) return undefined;
  const seconds = parseTimeSpan(value);
  if (seconds === undefined) throw new InputError(name, `must be a time span d.hh:mm:ss such as 1.00:00:00 or 00:30:00; got '${value}'.`);
  if (seconds > WEEK_SECONDS) throw new InputError(name, `must be at most 7 days (7.00:00:00); got '${value}'.`);
  return formatTimeSpan(seconds);
}

/**
 * Inputs read only by `action: configure`: given with another action they would be silently ignored. Their
 * task.json defaults (standbyMode `unchanged`, standbyTimeZone `UTC`) are what the agent passes when the step does
 * not set them, so those values count as not given.
 */
export const CONFIGURE_ONLY_INPUTS = [
  'standbyMode',
  'standbySchedule',
  'standbyTimeZone',
  'predictionPreference',
  'maxAgentLifetime',
  'gracePeriod',
] as const;

const DEFAULTS: Partial<Record<string, string>> = { standbyMode: 'unchanged', standbyTimeZone: 'UTC' };

function refuseConfigureOnly(read: InputReader, action: string): void {
  for (const name of CONFIGURE_ONLY_INPUTS) {
    const value = readString(read, name);
    if (value === undefined || DEFAULTS[name]?.toLowerCase() === value.toLowerCase()) continue;
    throw new InputError(
      name,
      `applies only with action: configure; got action: ${action}. Use action: configure to change it (in a step of its own), or remove ${name}.`,
    );
  }
}

export function parseManagedScaleInputs(read: InputReader, action: string): ManagedScaleInputs {
  const resourceId = readString(read, 'managedPoolResourceId');
  if (resourceId) {
    try {
      parseManagedPoolId(resourceId);
    } catch (error) {
      throw new InputError('managedPoolResourceId', (error as Error).message.replace(/^Input 'managedPoolResourceId' /, ''));
    }
  }
  const pools = parseManagedPoolInputs(read);
  const settings: ManagedSettings = {};
  if (action !== 'configure') {
    refuseConfigureOnly(read, action);
    return { resourceId, pools, settings };
  }

  const mode = readChoice(read, 'standbyMode', STANDBY_MODES, 'unchanged');
  const scheduleText = readString(read, 'standbySchedule');
  const preference = readString(read, 'predictionPreference');
  if (mode !== 'unchanged') settings.standbyMode = mode;
  if (scheduleText !== undefined && mode !== 'manual') {
    throw new InputError(
      'standbySchedule',
      mode === 'automatic'
        ? 'must be empty with standbyMode: automatic (the service owns the schedule then). Set standbyMode: manual to use a schedule.'
        : `applies only with standbyMode: manual; got standbyMode: ${mode}. Set standbyMode: manual or remove standbySchedule.`,
    );
  }
  if (mode === 'manual') {
    if (scheduleText === undefined) throw new InputError('standbySchedule', `is required with standbyMode: manual: ${SCHEDULE_FORM}.`);
    try {
      settings.daysData = parseStandbySchedule(scheduleText);
    } catch (error) {
      if (error instanceof ScheduleSyntaxError) throw new InputError('standbySchedule', `is not valid: ${error.message}.`);
      throw error;
    }
    const zone = readString(read, 'standbyTimeZone', { default: 'UTC' });
    settings.timeZone = windowsTimeZone(zone);
    if (!settings.timeZone) {
      throw new InputError(
        'standbyTimeZone',
        `must be a Windows time zone id such as UTC, W. Europe Standard Time, Eastern Standard Time or Tokyo Standard Time (not an IANA name like Europe/Berlin); got '${zone}'.`,
      );
    }
  }
  if (preference !== undefined) {
    if (mode !== 'automatic') {
      throw new InputError('predictionPreference', `applies only with standbyMode: automatic; got standbyMode: ${mode}.`);
    }
    const match = readChoice(read, 'predictionPreference', PREDICTION_PREFERENCES);
    settings.predictionPreference = match.charAt(0).toUpperCase() + match.slice(1);
  }
  settings.maxAgentLifetime = timeSpan(read, 'maxAgentLifetime');
  settings.gracePeriod = timeSpan(read, 'gracePeriod');
  for (const key of Object.keys(settings) as (keyof ManagedSettings)[]) if (settings[key] === undefined) delete settings[key];
  return { resourceId, pools, settings };
}
