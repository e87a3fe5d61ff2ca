import { strict as assert } from 'node:assert';
import { sampleOrganization, SAMPLE_IDS, type Emulator, type OrgSeed } from '../../emulator';
import { organizationWithManyAgents } from './inventory-support';
import { requestsByResource } from '../bench/request-counts';
import { assertNoWrites, readJson, runAgentTask, startE2eEmulator, tail, type AgentRun } from './support';

/** Runs the inventory (WIF AzureRM connection, so scale sets are read too; hosted pool included) against a fresh emulator holding `seed`. */
async function inventoryOf(seed: OrgSeed): Promise<{ run: AgentRun; agentsInSeed: number }> {
  const emu: Emulator = await startE2eEmulator({ seed });
  try {
    const run = await runAgentTask(emu, {
      task: 'PoolInventoryV1',
      inputs: {
        connectionType: 'azureRM',
        azureSubscription: SAMPLE_IDS.connections.wifArm,
        organizationUrl: emu.orgUrl,
        includeHosted: true,
      },
    });
    assert.notEqual(run.result, 'Failed', tail(run));
    assertNoWrites(run);
    return { run, agentsInSeed: seed.pools.reduce((n, p) => n + p.agents.length, 0) };
  } finally {
    await emu.close();
  }
}

/** Requests per resource (`GET _apis/distributedtask/pools/{id}/agents`), sign-in aside. */
function requestsPerRoute(run: AgentRun): Record<string, number> {
  return requestsByResource(run.requests.filter((r) => r.service !== 'entra' && r.service !== 'oidc'));
}

describe('e2e: PoolInventory@1 request count does not grow with the number of agents', function () {
  this.timeout(60_000);

  it('sends the same requests per pool for the sample organization and for one with 250 more agents per pool', async () => {
    const small = await inventoryOf(sampleOrganization());
    const large = await inventoryOf(organizationWithManyAgents(250));
    assert.ok(large.agentsInSeed >= small.agentsInSeed + 1000, 'the large organization really is larger');

    assert.equal(small.run.variables.agentCount, String(small.agentsInSeed));
    assert.equal(large.run.variables.agentCount, String(large.agentsInSeed), 'every agent is in the report');
    const report = readJson(large.run.variables.reportPath);
    assert.equal(
      report.pools.reduce((n: number, p: { agents: unknown[] }) => n + p.agents.length, 0),
      large.agentsInSeed,
    );

    // ARM lists a Managed DevOps Pool's machines in pages (one request per page), so only those routes may grow.
    const withoutMachines = (perRoute: Record<string, number>) =>
      Object.fromEntries(Object.entries(perRoute).filter(([route]) => !route.endsWith('/resources')));
    const perRoute = requestsPerRoute(large.run);
    assert.deepEqual(withoutMachines(perRoute), withoutMachines(requestsPerRoute(small.run)));
    assert.equal(perRoute['GET _apis/distributedtask/pools/{id}/agents'], 8, 'one agents request per pool');
    assert.equal(perRoute['GET _apis/distributedtask/pools'], 1);
    assert.equal(
      Object.entries(perRoute)
        .filter(([route]) => route.includes('virtualMachineScaleSets'))
        .reduce((n, [, c]) => n + c, 0),
      1,
      'one ARM read per elastic pool',
    );
  });
});
