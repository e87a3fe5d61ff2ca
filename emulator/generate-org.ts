/**
 * Generated organizations at scale (benchmarks, request-count regression tests). Deterministic: the same size,
 * seed and `now` give the same organization, byte for byte (seeded `mulberry32`, no `Math.random`).
 */
import { mulberry32 } from './prng';
import { connectionSubject } from './routes/oidc';
import {
  PIPELINE_APP_GRANTS,
  type OrgSeed,
  type SeedAgent,
  type SeedElasticPool,
  type SeedIdentity,
  type SeedJobRequest,
  type SeedPat,
  type SeedPipelinePermission,
  type SeedPool,
  type SeedProject,
  type SeedQueue,
  type SeedRoleAssignment,
  type SeedScaleSet,
} from './seed';

export interface OrgSize {
  pools: number;
  /** Of `pools`, how many are elastic (VMSS) pools. */
  elasticPools: number;
  agents: number;
  projects: number;
  users: number;
  pats: number;
}

/** The sizes of issue 6: small, one in between, and large. */
export const ORG_SIZES = {
  small: { pools: 20, elasticPools: 2, agents: 200, projects: 5, users: 500, pats: 1_500 },
  medium: { pools: 100, elasticPools: 10, agents: 2_000, projects: 15, users: 3_000, pats: 9_000 },
  large: { pools: 500, elasticPools: 50, agents: 10_000, projects: 40, users: 10_000, pats: 30_000 },
  /** The organization issue 18's speed targets name: 500 pools, 4,000 users with 3 tokens each on average. */
  target: { pools: 500, elasticPools: 50, agents: 10_000, projects: 40, users: 4_000, pats: 12_000 },
} as const satisfies Record<string, OrgSize>;

export type OrgSizeName = keyof typeof ORG_SIZES;

export interface GeneratedOrgOptions {
  size: OrgSizeName | OrgSize;
  /** PRNG seed (default 6). */
  seed?: number;
  /** Dates are relative to this (default: now). */
  now?: Date;
}

/** Ids a benchmark or test needs to sign in to a generated organization. */
export interface GeneratedOrgIds {
  orgName: string;
  /** The workload identity "Azure DevOps" connection of the audit app (member of PCA, every grant). */
  connectionId: string;
  appId: string;
  appIdentityId: string;
}

export const GENERATED_IDS: GeneratedOrgIds = {
  orgName: 'fabrikam',
  connectionId: '5e0c0000-0000-4000-8000-000000000001',
  appId: '5e0a0000-0000-4000-8000-000000000001',
  appIdentityId: '5e1d0000-0000-4000-8000-000000000001',
};

const ORG_ID = '5e000000-0000-4000-8000-0000000000f0';
const TENANT_ID = '5e7e0000-0000-4000-8000-0000000000f1';
const SUBSCRIPTION_ID = '5e5b0000-0000-4000-8000-0000000000f2';
const DAY = 24 * 3600 * 1000;

/** Deterministic GUID: `{prefix}-0000-4000-8000-{n as 12 hex digits}`. */
function guid(prefix: string, n: number): string {
  return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const b64 = (s: string) => Buffer.from(s).toString('base64').replace(/=+$/, '');

const SCOPES = [
  'vso.build',
  'vso.code',
  'vso.code_write',
  'vso.work',
  'vso.work_full',
  'vso.packaging',
  'vso.agentpools',
  'vso.release',
  'vso.project',
  'vso.variablegroups_read',
];

/**
 * An organization `fabrikam` of the given size: users in project groups (some inactive, some deleted in the
 * directory, some MSA), self-hosted, elastic, deployment and one hosted pool, agents spread unevenly (online,
 * busy, offline, stale, a few secret-looking capabilities), queues linking pools to 1–3 projects, role assignments
 * at all four scopes, pipeline permissions, and PATs of every kind spread at random over the users.
 */
export function generateOrganization(options: GeneratedOrgOptions): OrgSeed {
  const size: OrgSize = typeof options.size === 'string' ? ORG_SIZES[options.size] : options.size;
  const random = mulberry32(options.seed ?? 6);
  const now = options.now ?? new Date();
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const ids = GENERATED_IDS;

  // ---------- identities ----------
  const users: SeedIdentity[] = Array.from({ length: size.users }, (_, i) => {
    const n = i + 1;
    const id = guid('5e0f0000', n);
    const msa = n % 97 === 0;
    const mail = msa ? `user${n}@outlook.com` : `user${n}@fabrikam.com`;
    return {
      id,
      descriptor: msa ? `msa.${b64(id)}` : `aad.${b64(`user-${n}-${id}`)}`,
      kind: 'user',
      displayName: `User ${n}`,
      principalName: mail,
      mailAddress: mail,
      origin: msa ? 'msa' : 'aad',
      originId: guid('5e0a11d0', n),
      domain: msa ? 'Windows Live ID' : TENANT_ID,
      ...(n % 50 === 0 ? { active: false } : {}),
      ...(n % 120 === 0 ? { isDeletedInOrigin: true } : {}),
    };
  });
  const group = (id: string, name: string, principalName: string, members: string[], extra: Partial<SeedIdentity> = {}): SeedIdentity => ({
    id,
    descriptor: `vssgp.${b64(`S-1-9-1551374245-${id}`)}`,
    kind: 'group',
    displayName: name,
    principalName,
    origin: 'vsts',
    members,
    ...extra,
  });
  const app: SeedIdentity = {
    id: ids.appIdentityId,
    descriptor: `aadsp.${b64(`bench-app-${ids.appId}`)}`,
    kind: 'servicePrincipal',
    displayName: 'pool-warden-bench',
    origin: 'aad',
    originId: guid('5e0b0000', 1),
    appId: ids.appId,
    grants: [...PIPELINE_APP_GRANTS, 'tenantpolicy:read', 'orgpolicy:read', 'auditlog:read'],
  };
  const pcaId = guid('5e0c0a00', 1);
  const pca = group(
    pcaId,
    'Project Collection Administrators',
    `[${ids.orgName}]\\Project Collection Administrators`,
    [users[0].id, users[1].id, app.id],
    { grants: ['*'] },
  );
  const pcbsId = guid('5e0bb000', 1);
  const pcbs: SeedIdentity = {
    id: pcbsId,
    descriptor: `svc.${b64(`${ORG_ID}:Build:${pcbsId}`)}`,
    kind: 'buildService',
    displayName: `Project Collection Build Service (${ids.orgName})`,
    principalName: pcbsId,
    origin: 'vsts',
    domain: 'Build',
    grants: ['pools:read'],
  };
  // An Entra group most engineers are in: the broad group role audits warn about.
  const everyoneId = guid('5e0e0000', 1);
  const everyone: SeedIdentity = {
    id: everyoneId,
    descriptor: `aadgp.${b64(`all-engineers-${everyoneId}`)}`,
    kind: 'group',
    displayName: 'All Engineers',
    origin: 'aad',
    originId: guid('5e0e11d0', 1),
    mailAddress: 'all-engineers@fabrikam.com',
    members: users.filter((_, i) => i % 3 !== 0).map((u) => u.id),
  };

  const projects: SeedProject[] = [];
  const projectGroups: { admins: string; contributors: string; validUsers: string; buildAdmins: string }[] = [];
  const groups: SeedIdentity[] = [pca, everyone];
  const buildServices: SeedIdentity[] = [pcbs];
  for (let p = 0; p < size.projects; p++) {
    const n = p + 1;
    const id = guid('5e0d0000', n);
    const name = `Project-${String(n).padStart(2, '0')}`;
    const buildServiceId = guid('5e0bb000', 100 + n);
    projects.push({ id, name, buildServiceIdentityId: buildServiceId, lastUpdateTime: at(-n) });
    buildServices.push({
      id: buildServiceId,
      descriptor: `svc.${b64(`${ORG_ID}:Build:${buildServiceId}`)}`,
      kind: 'buildService',
      displayName: `${name} Build Service (${ids.orgName})`,
      principalName: buildServiceId,
      origin: 'vsts',
      domain: 'Build',
      grants: ['pools:read'],
    });
    // Users belong to the projects whose index matches theirs modulo the project count (≈ users / projects each).
    const members = users.filter((_, i) => i % size.projects === p).map((u) => u.id);
    const admins = guid('5e0ad000', n);
    const contributors = guid('5e0cc000', n);
    const validUsers = guid('5e0aa000', n);
    const buildAdmins = guid('5e0ba000', n);
    groups.push(
      group(admins, 'Project Administrators', `[${name}]\\Project Administrators`, members.slice(0, 3)),
      group(contributors, 'Contributors', `[${name}]\\Contributors`, [...members.slice(3), ...(n % 4 === 0 ? [everyoneId] : [])], {
        grants: ['pools:read'],
      }),
      group(validUsers, 'Project Valid Users', `[${name}]\\Project Valid Users`, [admins, contributors]),
      group(buildAdmins, 'Build Administrators', `[${name}]\\Build Administrators`, members.slice(3, 6)),
    );
    projectGroups.push({ admins, contributors, validUsers, buildAdmins });
  }

  // ---------- pools and agents ----------
  const pools: SeedPool[] = [];
  const elasticPools: SeedElasticPool[] = [];
  const scaleSets: SeedScaleSet[] = [];
  const rgScope = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-agents`;
  const selfHostedCount = size.pools - 1; // one hosted pool
  // Uneven spread: weights 1..3 so some pools are three times bigger than others; totals exactly size.agents.
  const weights = Array.from({ length: selfHostedCount }, () => 1 + Math.floor(random() * 3));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const hostedAgents = Math.min(2, size.agents);
  let remaining = size.agents - hostedAgents;
  const agentCounts = weights.map((w, i) => {
    const count = i === weights.length - 1 ? remaining : Math.min(remaining, Math.round(((size.agents - hostedAgents) * w) / totalWeight));
    remaining -= count;
    return count;
  });
  let agentId = 1;
  let requestId = 100_000;
  const job = (projectId: string, daysAgo: number, result?: SeedJobRequest['result']): SeedJobRequest => {
    const id = requestId++;
    return {
      requestId: id,
      jobName: 'Build',
      definitionId: id % 200,
      definitionName: `pipeline-${id % 200}`,
      projectId,
      planType: 'Build',
      queueTime: at(-daysAgo),
      assignTime: at(-daysAgo),
      receiveTime: at(-daysAgo),
      ...(result ? { finishTime: at(-daysAgo + 0.01), result } : {}),
    };
  };
  const makeAgent = (name: string, projectId: string): SeedAgent => {
    const roll = random();
    const status: SeedAgent['status'] = roll < 0.75 ? 'online' : 'offline';
    const changedDaysAgo = status === 'online' ? random() * 5 : roll < 0.85 ? random() * 0.9 : 2 + random() * 60;
    const secret = chance(0.005);
    const id = agentId++;
    return {
      id,
      name,
      version: chance(0.1) ? '3.236.1' : '4.264.2',
      osDescription: 'Linux 6.8.0-1021-azure #25-Ubuntu SMP',
      enabled: !chance(0.03),
      status,
      provisioningState: 'Provisioned',
      createdOn: at(-200 - random() * 300),
      statusChangedOn: at(-changedDaysAgo),
      maxParallelism: 1,
      systemCapabilities: {
        'Agent.Name': name,
        'Agent.OS': 'Linux',
        'Agent.OSArchitecture': 'X64',
        'Agent.Version': '4.264.2',
        'Agent.HomeDirectory': '/home/azdo/agent',
        node: '/usr/bin/node',
        ...(chance(0.01) ? { AGENT_ALLOW_RUNASROOT: 'true' } : {}),
      },
      userCapabilities: secret ? { DEPLOY_TOKEN: `ghp_${b64(`bench-not-a-secret-${id}`).slice(0, 36)}` } : { team: `team-${id % 17}` },
      lastCompletedRequest: job(projectId, Math.max(changedDaysAgo, 0.2), 'succeeded'),
      ...(status === 'online' && chance(0.3) ? { assignedRequest: job(projectId, 0.01) } : {}),
    };
  };

  const hostedId = 1;
  pools.push({
    id: hostedId,
    name: 'Azure Pipelines',
    poolType: 'automation',
    isHosted: true,
    options: [],
    autoProvision: true,
    autoUpdate: true,
    scope: guid('5e5c0000', hostedId),
    createdOn: at(-900),
    ownerId: pcaId,
    agents: Array.from({ length: hostedAgents }, (_, i) => ({
      ...makeAgent(`Hosted Agent ${i + 1}`, projects[0]?.id ?? ''),
      status: 'online' as const,
      assignedRequest: undefined,
    })),
  });
  for (let i = 0; i < selfHostedCount; i++) {
    const id = i + 2;
    const elastic = i < size.elasticPools;
    const deployment = !elastic && i % 25 === 24;
    const name = elastic
      ? `vmss-pool-${String(id).padStart(3, '0')}`
      : deployment
        ? `deploy-${String(id).padStart(3, '0')}`
        : `selfhosted-${String(id).padStart(3, '0')}`;
    const owner = users[Math.floor(random() * users.length)]?.id ?? pcaId;
    const projectId = projects[i % Math.max(1, projects.length)]?.id ?? '';
    const prefix = `p${id}a`;
    const agents = Array.from({ length: agentCounts[i] }, (_, k) => makeAgent(`${prefix}${String(k).padStart(5, '0')}`, projectId));
    pools.push({
      id,
      name,
      poolType: deployment ? 'deployment' : 'automation',
      isHosted: false,
      options: elastic ? ['elasticPool'] : [],
      autoProvision: !elastic && chance(0.2),
      autoUpdate: true,
      ...(elastic ? { autoSize: true, targetSize: agents.length } : {}),
      scope: guid('5e5c0000', id),
      createdOn: at(-100 - random() * 600),
      ownerId: owner,
      agents,
    });
    if (elastic) {
      const vmss = `vmss-${id}`;
      const azureId = `${rgScope}/providers/Microsoft.Compute/virtualMachineScaleSets/${vmss}`;
      elasticPools.push({
        poolId: id,
        serviceEndpointId: guid('5e0ec000', 1),
        serviceEndpointScope: projectId,
        azureId,
        maxCapacity: agents.length + 10,
        desiredIdle: 1 + (id % 3),
        recycleAfterEachUse: chance(0.3),
        maxSavedNodeCount: 0,
        osType: 'linux',
        orchestrationType: 'uniform',
        state: 'online',
        offlineSince: null,
        sizingAttempts: 0,
        agentInteractiveUI: false,
        timeToLiveMinutes: 30,
        nodes: agents.map((a, k) => ({
          id: a.id,
          name: a.name,
          agentId: a.id,
          agentState: a.status === 'online' ? ['enabled', 'online', ...(a.assignedRequest ? ['assigned'] : [])] : ['enabled'],
          computeId: String(k),
          computeState: a.status === 'online' ? 'healthy' : 'unhealthyVm',
          state: a.assignedRequest ? 'assigned' : a.status === 'online' ? 'idle' : 'offline',
          desiredState: 'none',
          requestId: a.assignedRequest?.requestId ?? null,
          stateChangedOn: a.statusChangedOn,
        })),
        logs: [
          {
            id: id * 10 + 1,
            level: 'info',
            operation: 'sizingJob',
            message: `Pool sized: ${agents.length} machines.`,
            timestamp: at(-0.6),
          },
          { id: id * 10 + 2, level: 'info', operation: 'increaseCapacity', message: 'Increasing capacity by 1', timestamp: at(-0.5) },
          {
            id: id * 10 + 3,
            level: 'warning',
            operation: 'sizingJob',
            message: 'An agent has not come online after 15 minutes.',
            timestamp: at(-0.2),
          },
        ],
      });
      scaleSets.push({
        subscriptionId: SUBSCRIPTION_ID,
        resourceGroup: 'rg-agents',
        name: vmss,
        location: 'westeurope',
        skuName: 'Standard_D4s_v5',
        capacity: agents.length,
        orchestrationMode: 'Uniform',
        computerNamePrefix: prefix,
        linkedPoolId: id,
        managedByAzureDevOps: true,
        etagVersion: 1,
        instances: agents.map((a, k) => ({ instanceId: String(k), computerName: a.name, provisioningState: 'Succeeded' as const })),
      });
    }
  }

  // ---------- queues (each pool in 1–3 projects; the hosted pool in every project) ----------
  const queues: SeedQueue[] = [];
  let queueId = 1;
  for (const project of projects) queues.push({ id: queueId++, name: 'Azure Pipelines', projectId: project.id, poolId: hostedId });
  for (const pool of pools.slice(1)) {
    const count = Math.min(projects.length, 1 + Math.floor(random() * 3));
    const first = Math.floor(random() * projects.length);
    for (let k = 0; k < count; k++)
      queues.push({ id: queueId++, name: pool.name, projectId: projects[(first + k) % projects.length].id, poolId: pool.id });
  }

  // ---------- role assignments ----------
  const roleAssignments: SeedRoleAssignment[] = [
    { scopeId: 'distributedtask.globalagentpoolrole', resourceId: '0', identityId: pcaId, role: 'Administrator' },
    { scopeId: 'distributedtask.globalagentpoolrole', resourceId: '0', identityId: users[0].id, role: 'Administrator' },
    { scopeId: 'distributedtask.globalagentpoolrole', resourceId: '0', identityId: pcbsId, role: 'Service Account' },
  ];
  for (const pool of pools.slice(1)) {
    const resourceId = String(pool.id);
    roleAssignments.push({ scopeId: 'distributedtask.agentpoolrole', resourceId, identityId: pool.ownerId, role: 'Administrator' });
    const extra = Math.floor(random() * 4);
    for (let k = 0; k < extra; k++) {
      const identityId = chance(0.2) ? pick(groups).id : pick(users).id;
      if (!roleAssignments.some((a) => a.resourceId === resourceId && a.identityId === identityId)) {
        roleAssignments.push({
          scopeId: 'distributedtask.agentpoolrole',
          resourceId,
          identityId,
          role: pick(['Administrator', 'Reader', 'Service Account']),
        });
      }
    }
  }
  projects.forEach((project, p) => {
    const g = projectGroups[p];
    roleAssignments.push(
      { scopeId: 'distributedtask.globalagentqueuerole', resourceId: project.id, identityId: g.admins, role: 'Administrator' },
      { scopeId: 'distributedtask.globalagentqueuerole', resourceId: project.id, identityId: g.buildAdmins, role: 'Administrator' },
      {
        scopeId: 'distributedtask.globalagentqueuerole',
        resourceId: project.id,
        identityId: g.validUsers,
        role: p % 3 === 0 ? 'Administrator' : 'User',
      },
    );
  });
  for (const queue of queues) {
    if (!chance(0.2)) continue;
    const p = projects.findIndex((x) => x.id === queue.projectId);
    roleAssignments.push({
      scopeId: 'distributedtask.agentqueuerole',
      resourceId: `${queue.projectId}_${queue.id}`,
      identityId: chance(0.5) ? projectGroups[p].contributors : pick(users).id,
      role: 'Administrator',
    });
  }
  const inheritanceDisabled = pools
    .filter((pool) => pool.id % 40 === 0)
    .map((pool) => ({ scopeId: 'distributedtask.agentpoolrole', resourceId: String(pool.id) }));

  const pipelinePermissions: SeedPipelinePermission[] = queues
    .filter((queue) => queue.poolId !== hostedId && queue.id % 7 === 0)
    .map((queue) => ({
      projectId: queue.projectId,
      queueId: queue.id,
      ...(queue.id % 14 === 0 ? { allPipelines: { authorized: true, authorizedById: users[0].id, authorizedOn: at(-90) } } : {}),
      pipelines:
        queue.id % 14 === 0
          ? []
          : [{ id: queue.id % 50, authorized: true, authorizedById: users[1 % users.length].id, authorizedOn: at(-30) }],
    }));

  // ---------- PATs ----------
  const pats: SeedPat[] = Array.from({ length: size.pats }, (_, i) => {
    const n = i + 1;
    const owner = users[Math.floor(random() * users.length)];
    const roll = random();
    const validFromDays = -1 - Math.floor(random() * 300);
    const lifetime = roll < 0.1 ? 400 + Math.floor(random() * 300) : 7 + Math.floor(random() * 90);
    const scopeCount = 1 + Math.floor(random() * 3);
    const scope = chance(0.08)
      ? 'app_token'
      : Array.from({ length: scopeCount }, () => pick(SCOPES))
          .filter((s, k, all) => all.indexOf(s) === k)
          .join(' ');
    const validTo = Math.max(validFromDays + lifetime, validFromDays + 1);
    return {
      authorizationId: guid('5e7a0000', n),
      userId: owner.id,
      displayName: chance(0.05) ? `agent-registration-${n}` : `token-${n}`,
      scope,
      targetAccounts: chance(0.1) ? null : [ORG_ID],
      validFrom: at(validFromDays),
      validTo: at(validTo),
      ...(validTo < 0 && chance(0.5) ? { isValid: false } : {}),
      ...(chance(0.03) ? { isPublic: true } : {}),
    };
  });

  return {
    organization: { name: ids.orgName, id: ORG_ID },
    tenantId: TENANT_ID,
    projects,
    identities: [...users, ...groups, ...buildServices, app],
    servicePrincipals: [
      {
        appId: ids.appId,
        objectId: guid('5e0b0000', 1),
        tenantId: TENANT_ID,
        displayName: 'pool-warden-bench',
        federatedSubjects: [connectionSubject(ids.orgName, projects[0]?.name ?? '', 'pool-warden-bench')],
      },
    ],
    serviceConnections: [
      {
        id: ids.connectionId,
        name: 'pool-warden-bench',
        projectId: projects[0]?.id ?? '',
        type: 'workloadidentityuser',
        scheme: 'WorkloadIdentityFederation',
        servicePrincipalAppId: ids.appId,
      },
    ],
    pools,
    queues,
    elasticPools,
    roleAssignments,
    inheritanceDisabled,
    pipelinePermissions,
    pats,
    scaleSets,
    armRoleAssignments: [],
    paging: { graphPageSize: 500, tokenAdminPageSize: 100, projectsPageSize: 100, armPageSize: 50 },
    // Entra-backed with every PAT policy on (lifespan at 90 days) and an empty audit log: PatAudit reads them cleanly.
    tenantPolicies: [
      'RestrictGlobalPersonalAccessToken',
      'RestrictFullScopePersonalAccessToken',
      'RestrictPersonalAccessTokenLifespan',
      'EnableLeakedPersonalAccessTokenAutoRevocation',
    ].map((name) => ({
      name,
      value: true,
      properties: { AllowedUsersAndGroupObjectIds: '[]', ...(name.endsWith('Lifespan') ? { MaxPatLifespanInDays: 90 } : {}) },
    })),
    organizationPolicies: [
      {
        name: 'Policy.DisablePATCreation',
        category: 'security',
        value: true,
        properties: { isAllowListEnabled: false },
        description: 'Restrict personal access token (PAT) creation',
      },
      { name: 'Policy.LogAuditEvents', category: 'security', value: true, description: 'Log Audit Events' },
    ],
    auditLog: { entries: [] },
  };
}
