import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Emulator } from './index';
import { sampleOrganization, SAMPLE_IDS } from './sample-org';
import type { OrgSeed } from './seed';

/**
 * The sample organization under another name (a second organization for multi-organization runs): the same
 * content, with the federated credential subjects of its service connections renamed to match.
 */
export function sampleOrganizationNamed(name: string): OrgSeed {
  const seed = sampleOrganization();
  const from = `sc://${seed.organization.name}/`;
  seed.organization = { ...seed.organization, name };
  for (const sp of seed.servicePrincipals)
    sp.federatedSubjects = sp.federatedSubjects.map((subject) => subject.replace(from, `sc://${name}/`));
  return seed;
}

/** Inputs that sign in through the "Azure DevOps" workload identity connection of the sample organization. */
export function wifDevOpsInputs(emu: Emulator): Record<string, string> {
  return { connectionType: 'azureDevOps', azureDevOpsServiceConnection: SAMPLE_IDS.connections.wifDevOps, organizationUrl: emu.orgUrl };
}

/**
 * Writes a policy file into `dir` that marks the sample's Default pool sensitive, so PoolRoleAudit also judges the
 * pipelines that may run on it and their branches (POOL014–POOL018), as the demo and the screenshots show.
 */
export function writeSensitiveDefaultPolicy(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'pool-policy.yml');
  fs.writeFileSync(file, 'settings:\n  sensitivePools: [Default]\n');
  return file;
}
