import * as fs from 'node:fs';
import { strict as assert } from 'node:assert';
import { sampleOrganization, type OrgSeed, type SeedAgent } from '../../emulator';
import type { AgentRun } from './support';

/**
 * The report without what legitimately differs between two runs: the run time, hours derived from it, and the
 * organization URL (each emulator listens on its own port).
 */
export function comparableReport(report: any): any {
  const copy = JSON.parse(JSON.stringify(report));
  delete copy.generatedAt;
  delete copy.organization;
  for (const pool of copy.pools ?? []) for (const agent of pool.agents ?? []) delete agent.offlineHours;
  for (const stale of copy.staleAgents ?? []) delete stale.offlineHours;
  return copy;
}

/** The markdown run summary a run uploaded (`##vso[task.uploadsummary]`), asserting there is exactly one. */
export function uploadedSummary(run: AgentRun): string {
  assert.equal(run.summaries.length, 1, `expected one uploaded summary, got ${run.summaries.length}`);
  return fs.readFileSync(run.summaries[0], 'utf8');
}

/**
 * The sample organization with `extraPerPool` more agents in every self-hosted pool (same shape as the pool's
 * first agent, fresh ids and names), to show that the request count does not grow with the number of agents.
 */
export function organizationWithManyAgents(extraPerPool: number, now = new Date()): OrgSeed {
  const seed = sampleOrganization(now);
  let nextId = 100_000;
  for (const pool of seed.pools) {
    if (pool.isHosted || pool.options.includes('elasticPool') || pool.agents.length === 0) continue;
    const template = pool.agents[0];
    const extra: SeedAgent[] = Array.from({ length: extraPerPool }, (_, n) => {
      const id = nextId++;
      const name = `${pool.name}-bulk-${String(n).padStart(4, '0')}`;
      return {
        ...structuredClone(template),
        id,
        name,
        systemCapabilities: { ...template.systemCapabilities, 'Agent.Name': name },
        assignedRequest: undefined,
      };
    });
    pool.agents.push(...extra);
  }
  return seed;
}
