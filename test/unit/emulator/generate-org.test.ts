import { strict as assert } from 'node:assert';
import { GENERATED_IDS, generateOrganization, ORG_SIZES } from '../../../emulator/generate-org';

describe('generated organizations', () => {
  const now = new Date('2026-06-15T12:00:00Z');

  it('has the sizes of issue 6, with the elastic pools and PATs asked for', () => {
    const org = generateOrganization({ size: 'small', now });
    const size = ORG_SIZES.small;
    assert.equal(org.pools.length, size.pools);
    assert.equal(
      org.pools.reduce((n, p) => n + p.agents.length, 0),
      size.agents,
    );
    assert.equal(org.elasticPools.length, size.elasticPools);
    assert.equal(org.projects.length, size.projects);
    assert.equal(org.identities.filter((i) => i.kind === 'user').length, size.users);
    assert.equal(org.pats.length, size.pats);
    assert.equal(new Set(org.pools.flatMap((p) => p.agents.map((a) => a.id))).size, size.agents, 'agent ids are unique');
    assert.ok(
      org.queues.every((q) => org.pools.some((p) => p.id === q.poolId) && org.projects.some((p) => p.id === q.projectId)),
      'queues name real pools and projects',
    );
    assert.ok(
      org.pats.every((pat) => org.identities.some((i) => i.id === pat.userId)),
      'every PAT has an owner',
    );
  });

  it('is the same for the same seed and differs for another', () => {
    assert.deepEqual(generateOrganization({ size: 'small', now }), generateOrganization({ size: 'small', now }));
    assert.notDeepEqual(generateOrganization({ size: 'small', now, seed: 7 }).pats, generateOrganization({ size: 'small', now }).pats);
  });

  it('lets the audit app sign in through its workload identity connection and gives it every grant it needs', () => {
    const org = generateOrganization({ size: { pools: 3, elasticPools: 1, agents: 10, projects: 2, users: 20, pats: 30 }, now });
    const connection = org.serviceConnections.find((c) => c.id === GENERATED_IDS.connectionId);
    assert.equal(connection?.scheme, 'WorkloadIdentityFederation');
    const app = org.identities.find((i) => i.id === GENERATED_IDS.appIdentityId);
    assert.ok(app?.grants?.includes('tokenadmin') && app.grants.includes('security:read') && app.grants.includes('graph:read'));
    assert.equal(
      org.servicePrincipals[0].federatedSubjects[0],
      `sc://${GENERATED_IDS.orgName}/${org.projects[0].name}/${connection?.name}`,
    );
  });
});
