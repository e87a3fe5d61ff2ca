/**
 * The baseline scenario of the e2e tests: the sample organization, then the same organization with two findings
 * fixed and one added (exactly one new, two resolved for PoolRoleAudit).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SAMPLE_IDS as ids, type OrgSeed } from '../../emulator';
import { ROLE_SCOPE } from './audit-support';

/** Fixes two findings (a broad group's queue role, a direct user's queue role) and adds one (a broad group on a pool). */
export function fixTwoAddOne(seed: OrgSeed): void {
  const website = `${ids.projects.website}_${ids.queues.websiteDefault}`;
  const platform = `${ids.projects.platform}_${ids.queues.platformDefault}`;
  seed.roleAssignments = seed.roleAssignments.filter(
    (a) =>
      !(a.resourceId === website && a.identityId === ids.groups.websiteValidUsers) &&
      !(a.resourceId === platform && a.identityId === ids.users.heidi),
  );
  seed.roleAssignments.push({
    scopeId: ROLE_SCOPE.orgPool,
    resourceId: String(ids.pools.deployment),
    identityId: ids.groups.websiteValidUsers,
    role: 'User',
  });
}

/** Copies a report the way a pipeline downloads the previous run's artifact: into a folder of its own. */
export function asDownloadedArtifact(reportPath: string | undefined, name = path.basename(reportPath ?? 'report.json')): string {
  if (!reportPath) throw new Error('the run wrote no report');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-baseline-artifact-'));
  const file = path.join(dir, 'audit-reports', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(reportPath, file);
  return file;
}
