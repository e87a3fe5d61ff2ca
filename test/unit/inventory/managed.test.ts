import { strict as assert } from 'node:assert';
import { adoPoolNameOf, organizationEntry, organizationNameOf, servingPool } from '../../../tasks/common/arm/managed-pool-join';
import type { ManagedPoolResource } from '../../../tasks/common/arm/managed-pools';
import { describeManagedPool, quotaOf, quotaWarning, readManagedPools } from '../../../tasks/common/inventory/managed';
import { managedCell, managedSection } from '../../../tasks/common/inventory/managed-summary';

const pool = (name: string, properties: Partial<ManagedPoolResource['properties']>): ManagedPoolResource => ({
  id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.DevOpsInfrastructure/Pools/${name}`,
  name,
  location: 'eastus',
  properties: { maximumConcurrency: 10, ...properties },
});

describe('inventory: Managed DevOps Pools', () => {
  it('matches the organization by dev.azure.com or visualstudio.com URL, case-insensitively', () => {
    assert.equal(organizationNameOf('https://dev.azure.com/Contoso/'), 'contoso');
    assert.equal(organizationNameOf('https://contoso.visualstudio.com'), 'contoso');
    assert.equal(organizationNameOf('https://127.0.0.1:8443/contoso/'), 'contoso');
    const p = pool('x', {
      organizationProfile: {
        kind: 'AzureDevOps',
        organizations: [{ url: 'https://CONTOSO.visualstudio.com' }, { url: 'https://dev.azure.com/other' }],
      },
    });
    assert.equal(organizationEntry(p, 'contoso')?.url, 'https://CONTOSO.visualstudio.com');
    assert.equal(organizationEntry(p, 'fabrikam'), undefined);
    assert.equal(
      organizationEntry(
        pool('gh', { organizationProfile: { kind: 'GitHub', organizations: [{ url: 'https://github.com/contoso' }] } }),
        'contoso',
      ),
      undefined,
    );
  });

  it('joins by the organization alias, else the pool alias, else the resource name', () => {
    const orgAlias = pool('a', {
      organizationProfile: {
        kind: 'AzureDevOps',
        alias: 'pool-alias',
        organizations: [{ url: 'https://dev.azure.com/c', alias: 'org-alias' }],
      },
    });
    const poolAlias = pool('b', {
      organizationProfile: { kind: 'AzureDevOps', alias: 'pool-alias', organizations: [{ url: 'https://dev.azure.com/c' }] },
    });
    const byName = pool('c', { organizationProfile: { kind: 'AzureDevOps', organizations: [{ url: 'https://dev.azure.com/c' }] } });
    assert.equal(adoPoolNameOf(orgAlias, orgAlias.properties.organizationProfile!.organizations![0]), 'org-alias');
    assert.equal(adoPoolNameOf(poolAlias, poolAlias.properties.organizationProfile!.organizations![0]), 'pool-alias');
    assert.equal(servingPool([orgAlias, byName], 'c', 'C')?.name, 'c');
  });

  it('describes standby, agents, organizations and permission profile; counts quota from SKU vCPUs', () => {
    const managed = describeManagedPool(
      pool('p', {
        maximumConcurrency: 30,
        organizationProfile: {
          kind: 'AzureDevOps',
          organizations: [{ url: 'https://dev.azure.com/c', projects: ['A'], openAccess: true }],
          permissionProfile: { kind: 'Inherit' },
        },
        agentProfile: {
          kind: 'Stateful',
          maxAgentLifetime: '2.00:00:00',
          resourcePredictionsProfile: { kind: 'Manual' },
          resourcePredictions: { daysData: [{ '00:00:00': 1 }] },
        },
        fabricProfile: { kind: 'Vmss', sku: { name: 'Standard_D4ads_v5' }, images: [{ wellKnownImageName: 'windows-2022/latest' }] },
      }),
    );
    assert.deepEqual(managed.standby, { mode: 'manual', timeZone: 'UTC', schedule: 'every day 00:00 → 1' });
    assert.deepEqual(managed.agentProfile, { kind: 'stateful', maxAgentLifetime: '2.00:00:00', gracePeriodTimeSpan: undefined });
    assert.equal(managed.permissionProfile, 'Inherit');
    assert.equal(managed.openAccess, true);
    assert.deepEqual(managed.organizations[0].projects, ['A']);
    managed.quota = quotaOf(
      30,
      'standard_d4ads_v5',
      [{ name: 'Standard_D4ads_v5', family: 'standardDADSv5Family', vCPUs: 4 }],
      [{ family: 'standardDADSv5Family', currentValue: 8, limit: 100 }],
    );
    assert.deepEqual(managed.quota, { family: 'standardDADSv5Family', vCPUsPerMachine: 4, used: 8, limit: 100, needed: 120, fits: false });
    assert.match(
      quotaWarning('p', managed) ?? '',
      /30 agents × 4 vCPUs = 120 vCPUs, but the standardDADSv5Family quota in eastus is 100 \(8 in use\)/,
    );
    managed.machines = { Ready: 2, Allocated: 1 };
    assert.equal(managedCell(managed), 'managed: max 30, standby manual; machines: 1 Allocated, 2 Ready');
    const section = managedSection({ managed, counts: { agents: 3, busy: 1 } } as never).join('\n');
    assert.match(section, /does not fit/);
    assert.match(section, /stateful \(agents live up to 2 days\)/);
  });

  it('says whether the pools could be listed: a refused list is noted and reported as not listed', async () => {
    const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };
    const client = (list: () => Promise<ManagedPoolResource[]>) => ({
      list,
      listMachines: () => Promise.resolve([]),
      usages: () => Promise.resolve([]),
      skus: () => Promise.resolve([]),
    });
    const source = (list: () => Promise<ManagedPoolResource[]>) => ({ client: client(list), subscriptionId: 'sub', resourceGroups: [] });
    const missing: { scope: string; reason: string }[] = [];
    const refused = await readManagedPools(
      source(() => Promise.reject(new Error('AuthorizationFailed'))),
      'contoso',
      [],
      missing,
      quiet,
      2,
    );
    assert.equal(refused.listed, false);
    assert.deepEqual(missing, [{ scope: 'Managed DevOps Pools of subscription sub', reason: 'AuthorizationFailed' }]);
    const empty = await readManagedPools(
      source(() => Promise.resolve([])),
      'contoso',
      [],
      missing,
      quiet,
      2,
    );
    assert.equal(empty.listed, true);
    assert.equal(missing.length, 1);
  });
});
