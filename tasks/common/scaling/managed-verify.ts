/**
 * Checks that a Managed DevOps Pool PATCH took effect: compares what the service returned after the long-running
 * operation with what the plan sent. Whether ARM replaces or merges nested objects (`agentProfile`) is not
 * documented; with merge semantics, turning standby off by omitting `resourcePredictionsProfile` would keep the old
 * profile and succeed silently. Comparing field by field catches that whichever way the service behaves. Pure.
 */
import type { ManagedPoolProperties } from '../arm/managed-pools';
import { parseTimeSpan } from '../arm/time-span';
import type { ManagedPlan } from './managed-plan';

/** One field the service did not set as planned. */
export interface UnappliedField {
  field: string;
  wanted: string;
  actual: string;
}

type Agent = NonNullable<ManagedPoolProperties['agentProfile']>;

function standbyOf(agent: Agent | undefined): string {
  const profile = agent?.resourcePredictionsProfile;
  if (!profile?.kind) return 'off';
  if (profile.kind === 'Automatic') return `automatic (${profile.predictionPreference ?? 'Balanced'})`;
  return `${profile.kind.toLowerCase()}`;
}

/** Manual schedule as compared: time zone (UTC when absent) and day maps. */
function scheduleOf(agent: Agent | undefined): string {
  const predictions = agent?.resourcePredictions;
  return JSON.stringify({ timeZone: predictions?.timeZone ?? 'UTC', daysData: predictions?.daysData ?? [] });
}

function sameSpan(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const [x, y] = [parseTimeSpan(a), parseTimeSpan(b)];
  return x !== undefined && x === y;
}

export function unappliedFields(plan: ManagedPlan, after: ManagedPoolProperties): UnappliedField[] {
  const missing: UnappliedField[] = [];
  const sent = plan.patch;
  if (sent.maximumConcurrency !== undefined && after.maximumConcurrency !== sent.maximumConcurrency) {
    missing.push({ field: 'maximumConcurrency', wanted: String(sent.maximumConcurrency), actual: String(after.maximumConcurrency) });
  }
  for (const org of sent.organizationProfile?.organizations ?? []) {
    const now = after.organizationProfile?.organizations?.find((o) => o.url.toLowerCase() === org.url.toLowerCase());
    if ((now?.parallelism ?? undefined) !== (org.parallelism ?? undefined)) {
      missing.push({ field: `parallelism of ${org.url}`, wanted: String(org.parallelism), actual: String(now?.parallelism ?? '(none)') });
    }
  }
  const agent = sent.agentProfile;
  if (agent) {
    const now = after.agentProfile;
    const [wanted, actual] = [standbyOf(agent), standbyOf(now)];
    if (wanted !== actual) missing.push({ field: 'standby mode', wanted, actual });
    else if (agent.resourcePredictionsProfile?.kind === 'Manual' && scheduleOf(agent) !== scheduleOf(now)) {
      // Automatic mode: the service writes the schedule itself, so only a manual one is compared.
      missing.push({ field: 'standby schedule', wanted: scheduleOf(agent), actual: scheduleOf(now) });
    }
    for (const field of ['maxAgentLifetime', 'gracePeriodTimeSpan'] as const) {
      if (!sameSpan(agent[field], now?.[field])) {
        missing.push({ field, wanted: agent[field] ?? '(none)', actual: now?.[field] ?? '(none)' });
      }
    }
  }
  return missing;
}

/** The failure message: which fields did not take effect, and what to do about standby off. */
export function describeUnapplied(poolName: string, missing: UnappliedField[]): string {
  const list = missing.map((m) => `${m.field} (wanted ${m.wanted}, the service has ${m.actual})`).join('; ');
  const standbyOff = missing.some((m) => m.field === 'standby mode' && m.wanted === 'off');
  return (
    `The update of Managed DevOps Pool '${poolName}' finished, but these settings did not take effect: ${list}.` +
    (standbyOff
      ? " The service kept the standby profile that the update left out: to have no standby agents, use standbyMode: manual with standbySchedule 'Mon-Sun 00:00=0', or remove the profile in the Azure portal."
      : ' Read the pool in the Azure portal and run the step again.')
  );
}
