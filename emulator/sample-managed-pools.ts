import { automaticDaysData } from './managed-pools-state';
import type { OrgSeed, SeedAgent } from './seed';

/** Ids of the sample organization's Managed DevOps Pools (Azure DevOps pool ids, ARM names). */
export const SAMPLE_MANAGED_IDS = {
  resourceGroup: 'rg-devops-pools',
  /** Manual weekday standby schedule; joined to its Azure DevOps pool by `alias`. */
  linux: { poolId: 14, armName: 'contoso-mdp-linux', adoName: 'mdp-linux' },
  /** Automatic standby, stateful agents, permissionProfile Inherit; joined by resource name. */
  windows: { poolId: 15, armName: 'mdp-windows', adoName: 'mdp-windows' },
} as const;

interface SampleContext {
  subscriptionId: string;
  orgName: string;
  creatorLinux: string;
  creatorWindows: string;
  wifObjectId: string;
  readerObjectIds: string[];
  agent: (id: number, name: string, status: 'online' | 'offline', changedDaysAgo: number, extra?: Partial<SeedAgent>) => SeedAgent;
  busyJob: SeedAgent['assignedRequest'];
  at: (days: number) => string;
}

/**
 * Adds two Managed DevOps Pools to a sample seed: each an organization-level Azure DevOps pool (as the service
 * creates it) plus its `Microsoft.DevOpsInfrastructure/pools` resource, the vCPU quota of their SKU family and the
 * ARM roles the sample identities hold on them.
 */
export function addSampleManagedPools(seed: OrgSeed, c: SampleContext): void {
  const ids = SAMPLE_MANAGED_IDS;
  const rg = `/subscriptions/${c.subscriptionId}/resourceGroups/${ids.resourceGroup}`;
  const weekday = { '09:00:00': 2, '17:00:00': 0 };
  seed.pools.push(
    {
      id: ids.linux.poolId,
      name: ids.linux.adoName,
      poolType: 'automation',
      isHosted: false,
      options: [],
      autoProvision: false,
      autoUpdate: true,
      scope: '5c000000-0000-4000-8000-00000000000e',
      createdOn: c.at(-30),
      ownerId: c.creatorLinux,
      agents: [c.agent(51, 'mdplnx000001', 'online', 0.05, { assignedRequest: c.busyJob }), c.agent(52, 'mdplnx000002', 'online', 0.05)],
    },
    {
      id: ids.windows.poolId,
      name: ids.windows.adoName,
      poolType: 'automation',
      isHosted: false,
      options: [],
      autoProvision: false,
      autoUpdate: true,
      scope: '5c000000-0000-4000-8000-00000000000f',
      createdOn: c.at(-20),
      ownerId: c.creatorWindows,
      agents: [c.agent(61, 'mdpwin000001', 'online', 0.1, { osDescription: 'Microsoft Windows 10.0.20348' })],
    },
  );
  // Creators become pool Administrators; CreatorOnly turns inheritance off, Inherit leaves it on.
  seed.roleAssignments.push(
    { scopeId: 'distributedtask.agentpoolrole', resourceId: String(ids.linux.poolId), identityId: c.creatorLinux, role: 'Administrator' },
    {
      scopeId: 'distributedtask.agentpoolrole',
      resourceId: String(ids.windows.poolId),
      identityId: c.creatorWindows,
      role: 'Administrator',
    },
  );
  seed.inheritanceDisabled.push({ scopeId: 'distributedtask.agentpoolrole', resourceId: String(ids.linux.poolId) });
  const devCenterProject = `${rg}/providers/Microsoft.DevCenter/projects/contoso-builds`;
  seed.managedPools = [
    {
      subscriptionId: c.subscriptionId,
      resourceGroup: ids.resourceGroup,
      name: ids.linux.armName,
      location: 'westeurope',
      linkedPoolId: ids.linux.poolId,
      extraMachines: [{ name: 'mdplnx000003', status: 'Starting', image: 'ubuntu-24.04/latest' }],
      etagVersion: 3,
      properties: {
        provisioningState: 'Succeeded',
        maximumConcurrency: 4,
        devCenterProjectResourceId: devCenterProject,
        organizationProfile: {
          kind: 'AzureDevOps',
          organizations: [
            { url: `https://dev.azure.com/${c.orgName}`, projects: ['Platform'], parallelism: 3, alias: ids.linux.adoName },
            { url: `https://dev.azure.com/${c.orgName}-labs`, parallelism: 1 },
          ],
          permissionProfile: { kind: 'CreatorOnly' },
        },
        agentProfile: {
          kind: 'Stateless',
          resourcePredictionsProfile: { kind: 'Manual' },
          resourcePredictions: { timeZone: 'W. Europe Standard Time', daysData: [{}, weekday, weekday, weekday, weekday, weekday, {}] },
        },
        fabricProfile: {
          kind: 'Vmss',
          sku: { name: 'Standard_D2ads_v5' },
          images: [{ wellKnownImageName: 'ubuntu-24.04/latest', buffer: '*' }],
        },
      },
    },
    {
      subscriptionId: c.subscriptionId,
      resourceGroup: ids.resourceGroup,
      name: ids.windows.armName,
      location: 'westeurope',
      linkedPoolId: ids.windows.poolId,
      etagVersion: 5,
      properties: {
        provisioningState: 'Succeeded',
        maximumConcurrency: 2,
        devCenterProjectResourceId: devCenterProject,
        organizationProfile: {
          kind: 'AzureDevOps',
          organizations: [{ url: `https://${c.orgName}.visualstudio.com`, openAccess: true }],
          permissionProfile: { kind: 'Inherit' },
        },
        agentProfile: {
          kind: 'Stateful',
          maxAgentLifetime: '7.00:00:00',
          gracePeriodTimeSpan: '00:30:00',
          resourcePredictionsProfile: { kind: 'Automatic', predictionPreference: 'Balanced' },
          resourcePredictions: { daysData: automaticDaysData(2) },
        },
        fabricProfile: {
          kind: 'Vmss',
          sku: { name: 'Standard_D4ads_v5' },
          images: [
            {
              resourceId: `${rg}/providers/Microsoft.Compute/galleries/contoso/images/windows-2022-build/versions/latest`,
              buffer: '*',
            },
          ],
        },
      },
    },
  ];
  seed.computeQuotas = [
    { subscriptionId: c.subscriptionId, location: 'westeurope', family: 'standardDADSv5Family', currentValue: 10, limit: 24 },
  ];
  seed.armRoleAssignments.push(
    { principalObjectId: c.wifObjectId, scope: rg, role: 'Contributor' },
    ...[c.wifObjectId, ...c.readerObjectIds].map((principalObjectId) => ({
      principalObjectId,
      scope: `/subscriptions/${c.subscriptionId}`,
      role: 'Reader' as const,
    })),
  );
}
