import { addSampleManagedPools } from './sample-managed-pools';
import { samplePipelineAccess } from './sample-checks';
import {
  PIPELINE_APP_GRANTS,
  type OrgSeed,
  type SeedAgent,
  type SeedAuditEntry,
  type SeedIdentity,
  type SeedJobRequest,
  type SeedPat,
} from './seed';

/** Deterministic GUID: `{prefix}-0000-4000-8000-{n as 12 hex digits}`. */
function guid(prefix: string, n: number): string {
  return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const b64 = (s: string) => Buffer.from(s).toString('base64').replace(/=+$/, '');

/** Fixed ids of the sample organization, for tests to name. */
export const SAMPLE_IDS = {
  orgName: 'contoso',
  orgId: '0c0a7f1d-2b3c-4d5e-8f90-a1b2c3d4e5f6',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  subscriptionId: '8d2c5a1e-4b7f-4c9a-9e3d-1f6a2b7c8d90',
  resourceGroup: 'rg-agents',
  projects: { platform: guid('a1000000', 1), payments: guid('a1000000', 2), website: guid('a1000000', 3) },
  pools: { hosted: 9, default: 1, linux: 10, elastic: 11, selfManaged: 12, deployment: 13 },
  queues: {
    platformDefault: 21,
    platformHosted: 22,
    platformLinux: 23,
    platformElastic: 24,
    platformSelfManaged: 25,
    paymentsDefault: 31,
    paymentsHosted: 32,
    paymentsLinuxOpen: 33,
    websiteDefault: 41,
    websiteHosted: 42,
  },
  scaleSets: { selfManaged: 'vmss-selfmanaged', elastic: 'vmss-elastic-agents' },
  /** The WIF app used by the tasks: member of the org with every right the tasks need. */
  wifApp: {
    appId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    objectId: 'c4e2d3f5-6a7b-4b8c-9d0e-1f2a3b4c5d6e',
    identityId: guid('e5000000', 1),
  },
  /** A second app: reads pools, roles and graph; no token admin, no manage rights. */
  readerApp: {
    appId: 'd5a3e4b6-7c8d-4e9f-a0b1-2c3d4e5f6a7b',
    objectId: 'e6b4f5c7-8d9e-4fa0-b1c2-3d4e5f6a7b8c',
    identityId: guid('e5000000', 2),
  },
  /** A managed identity (not an org member; ARM reader). */
  managedIdentity: { appId: 'f7c5a6d8-9e0f-4a1b-8c2d-4e5f6a7b8c9d', objectId: 'a8d6b7e9-0f1a-4b2c-9d3e-5f6a7b8c9d0e' },
  /** An app that exists in the tenant but was never added to the org (→ 401 TF400813 on Azure DevOps). */
  outsiderApp: { appId: '19e7c8fa-1a2b-4c3d-8e4f-6a7b8c9d0e1f', objectId: '2af8d90b-2b3c-4d4e-9f5a-7b8c9d0e1f2a' },
  connections: {
    wifArm: '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    wifDevOps: '7a2f3e4d-5c6b-4a79-9887-b6c5d4e3f2a1',
    readerArm: '8b3a4f5e-6d7c-4b8a-a998-c7d6e5f4a3b2',
    secretArm: '9c4b5a6f-7e8d-4c9b-baa9-d8e7f6a5b4c3',
    msiArm: 'ad5c6b7a-8f9e-4dac-8bba-e9f8a7b6c5d4',
  },
  wifSecret: 'emulator-client-secret-not-real',
  managedIdentityHeader: 'emulator-identity-header',
  users: {
    alice: guid('f0000000', 1),
    bob: guid('f0000000', 2),
    carol: guid('f0000000', 3),
    dave: guid('f0000000', 4),
    erin: guid('f0000000', 5),
    frank: guid('f0000000', 6),
    grace: guid('f0000000', 7),
    heidi: guid('f0000000', 8),
    ivan: guid('f0000000', 9),
    judy: guid('f0000000', 10),
    mallory: guid('f0000000', 11),
    oscar: guid('f0000000', 12),
  },
  groups: {
    pca: guid('e0000000', 1),
    pcbs: guid('b0000000', 1),
    opsTeam: guid('e0000000', 2),
    onCall: guid('e0000000', 3),
    platformEngineers: guid('e0000000', 4),
    platformContributors: guid('e0000000', 11),
    platformValidUsers: guid('e0000000', 12),
    platformAdmins: guid('e0000000', 13),
    platformBuildAdmins: guid('e0000000', 14),
    paymentsContributors: guid('e0000000', 21),
    paymentsValidUsers: guid('e0000000', 22),
    paymentsAdmins: guid('e0000000', 23),
    websiteContributors: guid('e0000000', 31),
    websiteValidUsers: guid('e0000000', 32),
    websiteAdmins: guid('e0000000', 33),
  },
  buildServices: { platform: guid('b0000000', 11), payments: guid('b0000000', 12), website: guid('b0000000', 13) },
  /** Named in a role assignment, unknown to graph and identities. */
  unresolvableIdentity: guid('dead0000', 1),
} as const;

/**
 * A rich sample organization `contoso` (dates relative to `now`): every pool kind, busy/idle/offline and lingering
 * agents, risky capabilities, good and bad role assignments, PATs of every kind, WIF service principals, scale sets.
 */
export function sampleOrganization(now: Date = new Date()): OrgSeed {
  const ids = SAMPLE_IDS;
  const day = 24 * 3600 * 1000;
  const at = (days: number) => new Date(now.getTime() + days * day).toISOString();
  const U: Record<keyof typeof ids.users, string> = ids.users;
  const G: Record<keyof typeof ids.groups, string> = ids.groups;
  const P = ids.projects;
  const pipelineAccess = samplePipelineAccess(ids, (days) => new Date(now.getTime() + days * 24 * 3600 * 1000).toISOString());

  const user = (key: keyof typeof U, name: string, extra: Partial<SeedIdentity> = {}): SeedIdentity => {
    const mail = `${key}@contoso.com`;
    const originId = U[key].replace(/^f/, '9');
    return {
      id: U[key],
      descriptor: `aad.${b64(originId.replace(/-4000-/, '-7b74-'))}`,
      kind: 'user',
      displayName: name,
      principalName: mail,
      mailAddress: mail,
      origin: 'aad',
      originId,
      domain: ids.tenantId,
      ...extra,
    };
  };
  const vsGroup = (key: keyof typeof G, name: string, members: string[], extra: Partial<SeedIdentity> = {}): SeedIdentity => ({
    id: G[key],
    descriptor: `vssgp.${b64(`S-1-9-1551374245-${G[key]}`)}`,
    kind: 'group',
    displayName: name,
    origin: 'vsts',
    members,
    ...extra,
  });
  const buildService = (id: string, name: string, grants: SeedIdentity['grants']): SeedIdentity => ({
    id,
    descriptor: `svc.${b64(`${ids.orgId}:Build:${id}`)}`,
    kind: 'buildService',
    displayName: name,
    principalName: id,
    origin: 'vsts',
    domain: 'Build',
    grants,
  });

  const identities: SeedIdentity[] = [
    user('alice', 'Alice Admin'),
    user('bob', 'Bob Builder'),
    user('carol', 'Carol Ops'),
    user('dave', 'Dave Dev'),
    user('erin', 'Erin Engineer'),
    user('frank', 'Frank Facilities'),
    user('grace', 'Grace Security'),
    user('heidi', 'Heidi Release'),
    user('ivan', 'Ivan Intern'),
    user('judy', 'Judy Former', { active: false, isDeletedInOrigin: true }),
    {
      ...user('mallory', 'Mallory Personal'),
      descriptor: `msa.${b64(U.mallory)}`,
      origin: 'msa',
      principalName: 'mallory@outlook.com',
      mailAddress: 'mallory@outlook.com',
      domain: 'Windows Live ID',
    },
    user('oscar', 'Oscar Owner'),
    vsGroup('pca', 'Project Collection Administrators', [U.alice, ids.wifApp.identityId], {
      grants: ['*'],
      principalName: '[contoso]\\Project Collection Administrators',
    }),
    vsGroup('opsTeam', 'Ops Team', [U.carol, G.onCall]),
    vsGroup('onCall', 'On-Call', [U.dave, G.opsTeam]),
    {
      id: G.platformEngineers,
      descriptor: `aadgp.${b64(`platform-engineers-${G.platformEngineers}`)}`,
      kind: 'group',
      displayName: 'Platform Engineers',
      origin: 'aad',
      originId: G.platformEngineers.replace(/^e/, '5'),
      members: [U.erin, U.frank],
      mailAddress: 'platform-engineers@contoso.com',
    },
    vsGroup('platformContributors', 'Contributors', [U.dave, U.erin, G.platformEngineers], {
      principalName: '[Platform]\\Contributors',
      grants: ['pools:read'],
    }),
    vsGroup('platformValidUsers', 'Project Valid Users', [G.platformContributors, G.platformAdmins], {
      principalName: '[Platform]\\Project Valid Users',
    }),
    vsGroup('platformAdmins', 'Project Administrators', [U.carol], { principalName: '[Platform]\\Project Administrators' }),
    vsGroup('platformBuildAdmins', 'Build Administrators', [U.heidi], { principalName: '[Platform]\\Build Administrators' }),
    vsGroup('paymentsContributors', 'Contributors', [U.grace, U.ivan], { principalName: '[Payments]\\Contributors' }),
    vsGroup('paymentsValidUsers', 'Project Valid Users', [G.paymentsContributors, G.paymentsAdmins], {
      principalName: '[Payments]\\Project Valid Users',
    }),
    vsGroup('paymentsAdmins', 'Project Administrators', [U.oscar], { principalName: '[Payments]\\Project Administrators' }),
    vsGroup('websiteContributors', 'Contributors', [U.mallory, U.judy], { principalName: '[Website]\\Contributors' }),
    vsGroup('websiteValidUsers', 'Project Valid Users', [G.websiteContributors, G.websiteAdmins], {
      principalName: '[Website]\\Project Valid Users',
    }),
    vsGroup('websiteAdmins', 'Project Administrators', [U.bob], { principalName: '[Website]\\Project Administrators' }),
    buildService(ids.groups.pcbs, 'Project Collection Build Service (contoso)', ['pools:read']),
    buildService(ids.buildServices.platform, 'Platform Build Service (contoso)', ['pools:read', 'pipelinepermissions:read']),
    buildService(ids.buildServices.payments, 'Payments Build Service (contoso)', ['pools:read', 'pipelinepermissions:read']),
    buildService(ids.buildServices.website, 'Website Build Service (contoso)', ['pools:read']),
    {
      id: ids.wifApp.identityId,
      descriptor: `aadsp.${b64(ids.wifApp.objectId.replace(/^c4/, 'd4'))}`,
      kind: 'servicePrincipal',
      displayName: 'pool-warden-wif',
      origin: 'aad',
      originId: ids.wifApp.objectId,
      appId: ids.wifApp.appId,
      grants: [...PIPELINE_APP_GRANTS],
    },
    {
      id: ids.readerApp.identityId,
      descriptor: `aadsp.${b64(ids.readerApp.objectId.replace(/^e6/, 'f6'))}`,
      kind: 'servicePrincipal',
      displayName: 'pool-warden-reader',
      origin: 'aad',
      originId: ids.readerApp.objectId,
      appId: ids.readerApp.appId,
      grants: [
        'pools:read',
        'security:read',
        'graph:read',
        'pipelinepermissions:read',
        'projects:read',
        'checks:read',
        'build:read',
        'code:read',
      ],
    },
    {
      id: ids.unresolvableIdentity,
      descriptor: `aad.${b64('unresolvable-identity')}`,
      kind: 'user',
      displayName: ids.unresolvableIdentity,
      origin: 'aad',
      unresolvable: true,
    },
  ];

  const job = (
    requestId: number,
    projectId: string,
    name: string,
    assignedDaysAgo: number,
    finished?: SeedJobRequest['result'],
  ): SeedJobRequest => ({
    requestId,
    jobName: 'Build',
    definitionId: requestId % 50,
    definitionName: name,
    projectId,
    planType: 'Build',
    queueTime: at(-assignedDaysAgo),
    assignTime: at(-assignedDaysAgo),
    receiveTime: at(-assignedDaysAgo),
    ...(finished ? { finishTime: at(-assignedDaysAgo + 0.01), result: finished } : {}),
  });
  const agent = (
    id: number,
    name: string,
    status: 'online' | 'offline',
    changedDaysAgo: number,
    extra: Partial<SeedAgent> = {},
  ): SeedAgent => ({
    id,
    name,
    version: '4.264.2',
    osDescription: 'Linux 6.8.0-1021-azure #25-Ubuntu SMP',
    enabled: true,
    status,
    provisioningState: 'Provisioned',
    createdOn: at(-200),
    statusChangedOn: at(-changedDaysAgo),
    maxParallelism: 1,
    systemCapabilities: {
      'Agent.Name': name,
      'Agent.OS': 'Linux',
      'Agent.OSArchitecture': 'X64',
      'Agent.Version': '4.264.2',
      'Agent.HomeDirectory': '/home/azdo/agent',
      node: '/usr/bin/node',
    },
    userCapabilities: {},
    lastCompletedRequest: job(70000 + id, P.platform, 'platform-ci', Math.max(changedDaysAgo, 0.2), 'succeeded'),
    ...extra,
  });

  // One token of the org, valid from/to the given days from now; `extra` overrides or adds fields.
  const pat = (
    n: number,
    userId: string,
    displayName: string,
    scope: string,
    fromDays: number,
    toDays: number,
    extra: Partial<SeedPat> = {},
  ): SeedPat => ({
    authorizationId: guid('7a700000', n),
    userId,
    displayName,
    scope,
    targetAccounts: [ids.orgId],
    validFrom: at(fromDays),
    validTo: at(toDays),
    ...extra,
  });

  const pats: SeedPat[] = [
    pat(1, U.alice, 'ci-read', 'vso.build vso.code', -5, 25),
    pat(2, U.alice, 'everywhere', 'vso.work', -10, 20, { targetAccounts: null }),
    pat(3, U.bob, 'full access', 'app_token', -30, 60),
    pat(4, U.bob, 'expiring soon', 'vso.agentpools', -27, 3),
    pat(5, U.carol, 'expired', 'vso.code', -40, -10, { isValid: false }),
    pat(6, U.dave, 'long-lived', 'vso.packaging', -20, 380),
    pat(7, U.erin, 'agent registration', 'vso.agentpools_manage vso.build vso.code_write vso.project', -3, 27),
    pat(8, U.judy, 'old laptop', 'vso.work_full', -100, 60),
    pat(9, U.heidi, 'ssh key', 'vso.code_write', -50, 300, { isPublic: true }),
    ...[1, 2, 3, 4, 5].map((n): SeedPat => ({
      authorizationId: guid('7a701000', n),
      userId: U.oscar,
      displayName: `oscar-token-${n}`,
      scope: 'vso.build',
      targetAccounts: [ids.orgId],
      validFrom: at(-n),
      validTo: at(30 - n),
    })),
  ];

  // Audit log: a leaked-and-auto-revoked token of Bob (who still holds a full-access token), Oscar creating tokens in
  // bulk, one regenerated and one revoked token, an older leak outside a 30-day window, and events of other areas.
  let auditSeq = 0;
  const audit = (
    daysAgo: number,
    actionId: string,
    details: string,
    data: Record<string, unknown>,
    actor?: keyof typeof U,
  ): SeedAuditEntry => ({
    id: guid('a0d10000', ++auditSeq),
    actionId,
    timestamp: at(-daysAgo),
    area: actionId.split('.')[0],
    category: /Revoke/.test(actionId)
      ? 'remove'
      : /Create|Added/.test(actionId)
        ? 'create'
        : /Discovery|Access/.test(actionId)
          ? 'access'
          : 'modify',
    actorDisplayName: actor ? (identities.find((i) => i.id === U[actor])?.displayName ?? actor) : 'Azure DevOps Service',
    ...(actor ? { actorUPN: `${actor}@contoso.com` } : {}),
    details,
    data,
  });
  const auditEntries: SeedAuditEntry[] = [
    audit(
      4,
      'Token.PatPublicDiscoveryEvent',
      'Personal access token deploy-old associated with user Bob Builder was discovered in a public repository.',
      {
        OwnerName: 'Bob Builder',
        DisplayName: 'deploy-old',
        Scopes: 'vso.code_write vso.packaging',
      },
    ),
    audit(
      3.99,
      'Token.PatSystemRevokeEvent',
      'Personal access token deploy-old associated with user Bob Builder was revoked by the system.',
      {
        OwnerName: 'Bob Builder',
        DisplayName: 'deploy-old',
        Scopes: 'vso.code_write vso.packaging',
      },
    ),
    ...[1, 2, 3, 4, 5].map((n) =>
      audit(
        n,
        'Token.PatCreateEvent',
        `Personal access token oscar-token-${n} was created.`,
        { DisplayName: `oscar-token-${n}`, Scopes: 'vso.build' },
        'oscar',
      ),
    ),
    audit(
      2,
      'Token.PatUpdateEvent',
      'Personal access token ci-read was regenerated.',
      { DisplayName: 'ci-read', Scopes: 'vso.build vso.code' },
      'alice',
    ),
    audit(
      10,
      'Token.PatRevokeEvent',
      'Personal access token old-cli associated with user Carol Ops was revoked.',
      { OwnerName: 'Carol Ops', DisplayName: 'old-cli' },
      'alice',
    ),
    audit(
      45,
      'Token.PatPublicDiscoveryEvent',
      'Personal access token scratch associated with user Dave Dev was discovered in a public repository.',
      {
        OwnerName: 'Dave Dev',
        DisplayName: 'scratch',
        Scopes: 'vso.code',
      },
    ),
    audit(6, 'Library.AgentPoolCreated', 'Created agent pool linux-selfhosted.', { AgentPoolName: 'linux-selfhosted' }, 'carol'),
    audit(
      1,
      'Security.ModifyPermission',
      'Permission "AgentPools\\Manage" was set to Allow for Dave Dev.',
      { NamespaceName: 'AgentPools' },
      'alice',
    ),
    audit(0.5, 'AuditLog.AccessLog', 'Accessed the audit log.', {}, 'grace'),
  ];

  const sub = ids.subscriptionId;
  const rgScope = `/subscriptions/${sub}/resourceGroups/${ids.resourceGroup}`;
  const elasticAzureId = `${rgScope}/providers/Microsoft.Compute/virtualMachineScaleSets/${ids.scaleSets.elastic}`;

  const seed: OrgSeed = {
    organization: { name: ids.orgName, id: ids.orgId },
    tenantId: ids.tenantId,
    managedIdentityHeader: ids.managedIdentityHeader,
    projects: [
      { id: P.platform, name: 'Platform', description: 'Shared build infrastructure', buildServiceIdentityId: ids.buildServices.platform },
      { id: P.payments, name: 'Payments', buildServiceIdentityId: ids.buildServices.payments },
      { id: P.website, name: 'Website', buildServiceIdentityId: ids.buildServices.website },
    ],
    identities,
    servicePrincipals: [
      {
        appId: ids.wifApp.appId,
        objectId: ids.wifApp.objectId,
        tenantId: ids.tenantId,
        displayName: 'pool-warden-wif',
        secret: ids.wifSecret,
        federatedSubjects: [`sc://contoso/Platform/pool-warden-arm`, `sc://contoso/Platform/pool-warden-devops`],
      },
      {
        appId: ids.readerApp.appId,
        objectId: ids.readerApp.objectId,
        tenantId: ids.tenantId,
        displayName: 'pool-warden-reader',
        federatedSubjects: [`sc://contoso/Platform/pool-warden-reader`],
      },
      {
        appId: ids.managedIdentity.appId,
        objectId: ids.managedIdentity.objectId,
        tenantId: ids.tenantId,
        displayName: 'agents-mi',
        federatedSubjects: [],
        managedIdentity: true,
      },
      {
        appId: ids.outsiderApp.appId,
        objectId: ids.outsiderApp.objectId,
        tenantId: ids.tenantId,
        displayName: 'not-in-org',
        federatedSubjects: [],
        secret: 'outsider-secret',
      },
    ],
    serviceConnections: [
      {
        id: ids.connections.wifArm,
        name: 'pool-warden-arm',
        projectId: P.platform,
        type: 'azurerm',
        scheme: 'WorkloadIdentityFederation',
        servicePrincipalAppId: ids.wifApp.appId,
        subscriptionId: sub,
        subscriptionName: 'Contoso Build',
      },
      {
        id: ids.connections.wifDevOps,
        name: 'pool-warden-devops',
        projectId: P.platform,
        type: 'workloadidentityuser',
        scheme: 'WorkloadIdentityFederation',
        servicePrincipalAppId: ids.wifApp.appId,
      },
      {
        id: ids.connections.readerArm,
        name: 'pool-warden-reader',
        projectId: P.platform,
        type: 'azurerm',
        scheme: 'WorkloadIdentityFederation',
        servicePrincipalAppId: ids.readerApp.appId,
        subscriptionId: sub,
        subscriptionName: 'Contoso Build',
      },
      {
        id: ids.connections.secretArm,
        name: 'pool-warden-secret',
        projectId: P.platform,
        type: 'azurerm',
        scheme: 'ServicePrincipal',
        servicePrincipalAppId: ids.wifApp.appId,
        subscriptionId: sub,
        subscriptionName: 'Contoso Build',
      },
      {
        id: ids.connections.msiArm,
        name: 'pool-warden-msi',
        projectId: P.platform,
        type: 'azurerm',
        scheme: 'ManagedServiceIdentity',
        servicePrincipalAppId: ids.managedIdentity.appId,
        subscriptionId: sub,
        subscriptionName: 'Contoso Build',
      },
    ],
    pools: [
      {
        id: ids.pools.hosted,
        name: 'Azure Pipelines',
        poolType: 'automation',
        isHosted: true,
        options: [],
        autoProvision: true,
        autoUpdate: true,
        scope: guid('5c000000', 9),
        createdOn: at(-900),
        ownerId: G.pca,
        agents: [
          agent(1001, 'Hosted Agent', 'online', 0.1, { osDescription: 'Hosted Ubuntu 24.04' }),
          agent(1002, 'Hosted Agent 2', 'online', 0.1, { osDescription: 'Hosted Ubuntu 24.04' }),
        ],
      },
      {
        id: ids.pools.default,
        name: 'Default',
        poolType: 'automation',
        isHosted: false,
        options: [],
        autoProvision: true,
        autoUpdate: true,
        scope: guid('5c000000', 1),
        createdOn: at(-900),
        ownerId: G.pca,
        agents: [
          agent(1, 'build01', 'online', 2, {
            userCapabilities: { DEPLOY_TOKEN: 'ghp_R4nd0mL00k1ngT0k3nV4lu3xxxxxxxxxxxxx', team: 'platform' },
          }),
          agent(2, 'build02', 'online', 1, {
            systemCapabilities: {
              'Agent.Name': 'build02',
              'Agent.OS': 'Linux',
              'Agent.Version': '4.264.2',
              AGENT_ALLOW_RUNASROOT: 'true',
              USER: 'root',
            },
            assignedRequest: job(80002, P.platform, 'platform-ci', 0.01),
          }),
          agent(3, 'build03', 'offline', 3),
          agent(4, 'build-old', 'offline', 40, { version: '3.236.1' }),
        ],
      },
      {
        id: ids.pools.linux,
        name: 'linux-selfhosted',
        poolType: 'automation',
        isHosted: false,
        options: [],
        autoProvision: false,
        autoUpdate: true,
        scope: guid('5c000000', 10),
        createdOn: at(-400),
        ownerId: U.bob,
        agents: [
          agent(11, 'lnx-01', 'online', 5),
          agent(12, 'lnx-02', 'online', 5, { assignedRequest: job(80012, P.payments, 'payments-release', 0.02) }),
          agent(13, 'lnx-03', 'online', 5, { enabled: false }),
          agent(14, 'lnx-04', 'offline', 35),
        ],
      },
      {
        id: ids.pools.elastic,
        name: 'vmss-elastic',
        poolType: 'automation',
        isHosted: false,
        options: ['elasticPool'],
        autoProvision: false,
        autoUpdate: true,
        autoSize: true,
        targetSize: 3,
        scope: guid('5c000000', 11),
        createdOn: at(-120),
        ownerId: U.alice,
        agents: [
          agent(21, 'vmsselas000000', 'online', 0.5),
          agent(22, 'vmsselas000001', 'online', 0.5, { assignedRequest: job(80022, P.platform, 'platform-nightly', 0.03) }),
          agent(23, 'vmsselas000002', 'offline', 0.2),
        ],
      },
      {
        id: ids.pools.selfManaged,
        name: 'vmss-selfmanaged',
        poolType: 'automation',
        isHosted: false,
        options: [],
        autoProvision: false,
        autoUpdate: true,
        scope: guid('5c000000', 12),
        createdOn: at(-60),
        ownerId: U.alice,
        agents: [
          agent(31, 'vmsssm000000', 'online', 1),
          agent(32, 'vmsssm000001', 'online', 1, { assignedRequest: job(80032, P.platform, 'platform-ci', 0.01) }),
          agent(33, 'vmsssm000002', 'online', 1),
        ],
      },
      {
        id: ids.pools.deployment,
        name: 'deploy-prod',
        poolType: 'deployment',
        isHosted: false,
        options: [],
        autoProvision: false,
        autoUpdate: false,
        scope: guid('5c000000', 13),
        createdOn: at(-300),
        ownerId: U.oscar,
        agents: [agent(41, 'web-prod-01', 'online', 10), agent(42, 'web-prod-02', 'offline', 31)],
      },
    ],
    queues: [
      { id: ids.queues.platformDefault, name: 'Default', projectId: P.platform, poolId: ids.pools.default },
      { id: ids.queues.platformHosted, name: 'Azure Pipelines', projectId: P.platform, poolId: ids.pools.hosted },
      { id: ids.queues.platformLinux, name: 'linux-selfhosted', projectId: P.platform, poolId: ids.pools.linux },
      { id: ids.queues.platformElastic, name: 'vmss-elastic', projectId: P.platform, poolId: ids.pools.elastic },
      { id: ids.queues.platformSelfManaged, name: 'vmss-selfmanaged', projectId: P.platform, poolId: ids.pools.selfManaged },
      { id: ids.queues.paymentsDefault, name: 'Default', projectId: P.payments, poolId: ids.pools.default },
      { id: ids.queues.paymentsHosted, name: 'Azure Pipelines', projectId: P.payments, poolId: ids.pools.hosted },
      { id: ids.queues.paymentsLinuxOpen, name: 'linux-selfhosted', projectId: P.payments, poolId: ids.pools.linux },
      { id: ids.queues.websiteDefault, name: 'Default', projectId: P.website, poolId: ids.pools.default },
      { id: ids.queues.websiteHosted, name: 'Azure Pipelines', projectId: P.website, poolId: ids.pools.hosted },
    ],
    elasticPools: [
      {
        poolId: ids.pools.elastic,
        serviceEndpointId: ids.connections.wifArm,
        serviceEndpointScope: P.platform,
        azureId: elasticAzureId,
        maxCapacity: 10,
        desiredIdle: 1,
        recycleAfterEachUse: false,
        maxSavedNodeCount: 0,
        osType: 'linux',
        orchestrationType: 'uniform',
        state: 'online',
        offlineSince: null,
        sizingAttempts: 0,
        agentInteractiveUI: false,
        timeToLiveMinutes: 30,
        nodes: [
          {
            id: 1,
            name: 'vmsselas000000',
            agentId: 21,
            agentState: ['enabled', 'online'],
            computeId: '0',
            computeState: 'healthy',
            state: 'idle',
            desiredState: 'none',
            requestId: 70021,
            stateChangedOn: at(-0.5),
          },
          {
            id: 2,
            name: 'vmsselas000001',
            agentId: 22,
            agentState: ['enabled', 'online', 'assigned'],
            computeId: '1',
            computeState: 'healthy',
            state: 'assigned',
            desiredState: 'none',
            requestId: 80022,
            stateChangedOn: at(-0.03),
          },
          {
            id: 3,
            name: 'vmsselas000002',
            agentId: 23,
            agentState: ['enabled'],
            computeId: '2',
            computeState: 'unhealthyVm',
            state: 'offline',
            desiredState: 'none',
            requestId: null,
            stateChangedOn: at(-0.2),
          },
        ],
        logs: [
          { id: 1, level: 'info', operation: 'sizingJob', message: 'Pool sized: 3 machines, 1 idle.', timestamp: at(-0.6) },
          { id: 2, level: 'info', operation: 'increaseCapacity', message: 'Increasing capacity by 1 to 3', timestamp: at(-0.5) },
          {
            id: 3,
            level: 'warning',
            operation: 'sizingJob',
            message: 'Agent on vmsselas000002 has not come online after 15 minutes.',
            timestamp: at(-0.2),
          },
        ],
      },
    ],
    roleAssignments: [
      { scopeId: 'distributedtask.globalagentpoolrole', resourceId: '0', identityId: G.pca, role: 'Administrator' },
      { scopeId: 'distributedtask.globalagentpoolrole', resourceId: '0', identityId: U.alice, role: 'Administrator' },
      { scopeId: 'distributedtask.globalagentpoolrole', resourceId: '0', identityId: U.frank, role: 'Service Account' },
      { scopeId: 'distributedtask.agentpoolrole', resourceId: String(ids.pools.default), identityId: U.bob, role: 'Administrator' },
      { scopeId: 'distributedtask.agentpoolrole', resourceId: String(ids.pools.default), identityId: U.judy, role: 'Administrator' },
      {
        scopeId: 'distributedtask.agentpoolrole',
        resourceId: String(ids.pools.default),
        identityId: ids.unresolvableIdentity,
        role: 'Reader',
      },
      { scopeId: 'distributedtask.agentpoolrole', resourceId: String(ids.pools.linux), identityId: ids.groups.pcbs, role: 'Administrator' },
      ...[U.bob, U.carol, U.dave, U.erin, U.grace, U.heidi, G.opsTeam].map((identityId) => ({
        scopeId: 'distributedtask.agentpoolrole',
        resourceId: String(ids.pools.linux),
        identityId,
        role: 'Administrator',
      })),
      {
        scopeId: 'distributedtask.agentpoolrole',
        resourceId: String(ids.pools.selfManaged),
        identityId: ids.wifApp.identityId,
        role: 'Administrator',
      },
      { scopeId: 'distributedtask.globalagentqueuerole', resourceId: P.platform, identityId: G.platformAdmins, role: 'Administrator' },
      { scopeId: 'distributedtask.globalagentqueuerole', resourceId: P.platform, identityId: G.platformBuildAdmins, role: 'Administrator' },
      { scopeId: 'distributedtask.globalagentqueuerole', resourceId: P.platform, identityId: G.platformContributors, role: 'User' },
      {
        scopeId: 'distributedtask.agentqueuerole',
        resourceId: `${P.platform}_${ids.queues.platformDefault}`,
        identityId: G.platformContributors,
        role: 'Administrator',
      },
      {
        scopeId: 'distributedtask.agentqueuerole',
        resourceId: `${P.platform}_${ids.queues.platformDefault}`,
        identityId: U.heidi,
        role: 'Administrator',
      },
      { scopeId: 'distributedtask.globalagentqueuerole', resourceId: P.payments, identityId: G.paymentsAdmins, role: 'Administrator' },
      { scopeId: 'distributedtask.globalagentqueuerole', resourceId: P.payments, identityId: G.paymentsValidUsers, role: 'User' },
      {
        scopeId: 'distributedtask.agentqueuerole',
        resourceId: `${P.payments}_${ids.queues.paymentsLinuxOpen}`,
        identityId: ids.buildServices.payments,
        role: 'Administrator',
      },
      { scopeId: 'distributedtask.globalagentqueuerole', resourceId: P.website, identityId: G.websiteAdmins, role: 'Administrator' },
      {
        scopeId: 'distributedtask.agentqueuerole',
        resourceId: `${P.website}_${ids.queues.websiteDefault}`,
        identityId: G.websiteValidUsers,
        role: 'Administrator',
      },
    ],
    inheritanceDisabled: [{ scopeId: 'distributedtask.agentpoolrole', resourceId: String(ids.pools.selfManaged) }],
    pipelinePermissions: [
      {
        projectId: P.payments,
        queueId: ids.queues.paymentsLinuxOpen,
        allPipelines: { authorized: true, authorizedById: U.oscar, authorizedOn: at(-90) },
        pipelines: [],
      },
      {
        projectId: P.platform,
        queueId: ids.queues.platformDefault,
        pipelines: [
          { id: 5, authorized: true, authorizedById: U.carol, authorizedOn: at(-30) },
          { id: 7, authorized: true, authorizedById: U.carol, authorizedOn: at(-20) },
          { id: 9, authorized: true, authorizedById: U.carol, authorizedOn: at(-10) },
        ],
      },
      ...pipelineAccess.pipelinePermissions,
    ],
    checkConfigurations: pipelineAccess.checkConfigurations,
    buildDefinitions: pipelineAccess.buildDefinitions,
    repositories: pipelineAccess.repositories,
    branchPolicies: pipelineAccess.branchPolicies,
    pats,
    scaleSets: [
      {
        subscriptionId: sub,
        resourceGroup: ids.resourceGroup,
        name: ids.scaleSets.selfManaged,
        location: 'westeurope',
        skuName: 'Standard_D2s_v5',
        capacity: 3,
        orchestrationMode: 'Uniform',
        computerNamePrefix: 'vmsssm',
        linkedPoolId: ids.pools.selfManaged,
        etagVersion: 7,
        instances: [0, 1, 2].map((n) => ({
          instanceId: String(n),
          computerName: `vmsssm${String(n).padStart(6, '0')}`,
          provisioningState: 'Succeeded' as const,
        })),
      },
      {
        subscriptionId: sub,
        resourceGroup: ids.resourceGroup,
        name: ids.scaleSets.elastic,
        location: 'westeurope',
        skuName: 'Standard_D4s_v5',
        capacity: 3,
        orchestrationMode: 'Uniform',
        computerNamePrefix: 'vmsselas',
        linkedPoolId: ids.pools.elastic,
        managedByAzureDevOps: true,
        etagVersion: 12,
        instances: [0, 1, 2].map((n) => ({
          instanceId: String(n),
          computerName: `vmsselas${String(n).padStart(6, '0')}`,
          provisioningState: 'Succeeded' as const,
        })),
      },
    ],
    armRoleAssignments: [
      { principalObjectId: ids.wifApp.objectId, scope: rgScope, role: 'Virtual Machine Contributor' },
      { principalObjectId: ids.readerApp.objectId, scope: rgScope, role: 'Reader' },
      { principalObjectId: ids.managedIdentity.objectId, scope: rgScope, role: 'Reader' },
    ],
    paging: { graphPageSize: 500, tokenAdminPageSize: 100, projectsPageSize: 100, armPageSize: 50 },
    // PAT policies: full-scope tokens not restricted (PAT009), a 180-day lifespan limit (PAT010 at 90), leak
    // auto-revocation on, PAT creation restricted but allowed to a broad group (PAT012), audit log on.
    tenantPolicies: [
      { name: 'RestrictGlobalPersonalAccessToken', value: true, properties: { AllowedUsersAndGroupObjectIds: '[]' } },
      { name: 'RestrictFullScopePersonalAccessToken', value: false, properties: { AllowedUsersAndGroupObjectIds: '[]' } },
      {
        name: 'RestrictPersonalAccessTokenLifespan',
        value: true,
        properties: { MaxPatLifespanInDays: 180, AllowedUsersAndGroupObjectIds: '[]' },
      },
      { name: 'EnableLeakedPersonalAccessTokenAutoRevocation', value: true, properties: {} },
    ],
    organizationPolicies: [
      {
        name: 'Policy.DisablePATCreation',
        category: 'security',
        value: true,
        properties: {
          isAllowListEnabled: true,
          isPackagingScopeEnabled: false,
          allowedUsersAndGroupObjectIds: [
            { displayName: 'Platform Engineers', objectId: G.platformEngineers.replace(/^e/, '5') },
            { displayName: '[contoso]\\Project Collection Valid Users', objectId: guid('5c000000', 1) },
          ],
        },
        description: 'Restrict personal access token (PAT) creation',
      },
      { name: 'Policy.LogAuditEvents', category: 'security', value: true, description: 'Log Audit Events' },
      { name: 'Policy.AllowAnonymousAccess', category: 'security', value: false, description: 'Allow public projects' },
      { name: 'Policy.DisallowSecureShell', category: 'applicationConnection', value: false, description: 'SSH authentication' },
      {
        name: 'Policy.DisallowOAuthAuthentication',
        category: 'applicationConnection',
        value: false,
        effectiveValue: true,
        description: 'Third-party application access via OAuth',
      },
    ],
    auditLog: { entries: auditEntries, maxBatchSize: 4 },
  };
  addSampleManagedPools(seed, {
    subscriptionId: sub,
    orgName: ids.orgName,
    creatorLinux: U.alice,
    creatorWindows: U.bob,
    wifObjectId: ids.wifApp.objectId,
    readerObjectIds: [ids.readerApp.objectId, ids.managedIdentity.objectId],
    agent,
    busyJob: job(80051, P.platform, 'platform-ci', 0.01),
    at,
  });
  return seed;
}
