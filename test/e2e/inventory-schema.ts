import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The PoolInventory report exactly as docs/reports.md documents it: every documented field, nothing else
 * (`additionalProperties: false`), so an undocumented field or a missing one fails the e2e tests.
 */
const dateTime = { type: 'string', format: 'date-time' };
const closed = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const counts = {
  agents: { type: 'integer' },
  online: { type: 'integer' },
  offline: { type: 'integer' },
  busy: { type: 'integer' },
  idle: { type: 'integer' },
  disabled: { type: 'integer' },
  stale: { type: 'integer' },
};
const job = closed(
  {
    requestId: { type: 'integer' },
    jobName: { type: 'string' },
    definitionName: { type: 'string' },
    projectId: { type: 'string' },
    assignTime: dateTime,
    finishTime: dateTime,
    result: { type: 'string' },
  },
  ['requestId'],
);
const capabilities = { type: 'object', additionalProperties: { type: 'string' } };

const agent = closed(
  {
    id: { type: 'integer' },
    name: { type: 'string' },
    status: { enum: ['online', 'offline'] },
    enabled: { type: 'boolean' },
    version: { type: 'string' },
    osDescription: { type: 'string' },
    busy: { type: 'boolean' },
    currentJob: job,
    lastJob: job,
    createdOn: dateTime,
    statusChangedOn: dateTime,
    stale: { type: 'boolean' },
    offlineHours: { type: 'number', minimum: 0 },
    systemCapabilities: capabilities,
    userCapabilities: capabilities,
  },
  ['id', 'name', 'status', 'enabled', 'busy', 'stale'],
);

const elastic = closed(
  {
    desiredIdle: { type: 'integer' },
    maxCapacity: { type: 'integer' },
    timeToLiveMinutes: { type: 'integer' },
    recycleAfterEachUse: { type: 'boolean' },
    state: { type: 'string' },
    desiredSize: { type: 'integer' },
    azureId: { type: 'string' },
    nodeStates: { type: 'object', additionalProperties: { type: 'integer' } },
    nodes: {
      type: 'array',
      items: closed(
        {
          name: { type: 'string' },
          state: { type: 'string' },
          agentState: { type: 'array', items: { type: 'string' } },
          computeState: { type: 'string' },
          agentId: { type: ['integer', 'null'] },
        },
        ['name', 'state', 'agentState'],
      ),
    },
    recentLogs: {
      type: 'array',
      items: closed({ timestamp: dateTime, level: { type: 'string' }, operation: { type: 'string' }, message: { type: 'string' } }),
    },
  },
  ['desiredIdle', 'maxCapacity', 'timeToLiveMinutes', 'recycleAfterEachUse', 'azureId', 'nodeStates', 'nodes', 'recentLogs'],
);

const scaleSet = {
  oneOf: [
    closed(
      {
        resourceId: { type: 'string' },
        capacity: { type: 'integer' },
        provisioningState: { type: 'string' },
        orchestrationMode: { type: 'string' },
      },
      ['resourceId', 'capacity', 'provisioningState'],
    ),
    closed({ resourceId: { type: 'string' }, unreadable: { type: 'string', minLength: 1 } }),
  ],
};

const managed = closed(
  {
    resourceId: { type: 'string' },
    location: { type: 'string' },
    provisioningState: { type: 'string' },
    maximumConcurrency: { type: 'integer', minimum: 1 },
    agentProfile: {
      oneOf: [
        closed({ kind: { const: 'stateless' } }),
        closed({ kind: { const: 'stateful' }, maxAgentLifetime: { type: 'string' }, gracePeriodTimeSpan: { type: 'string' } }, [
          'kind',
          'maxAgentLifetime',
        ]),
      ],
    },
    standby: {
      oneOf: [
        closed({ mode: { const: 'off' } }),
        closed({ mode: { const: 'manual' }, timeZone: { type: 'string' }, schedule: { type: 'string' } }),
        closed({ mode: { const: 'automatic' }, predictionPreference: { type: 'string' } }),
      ],
    },
    sku: { type: 'string' },
    images: { type: 'array', items: closed({ name: { type: 'string' }, wellKnown: { type: 'boolean' }, buffer: { type: 'string' } }) },
    organizations: {
      type: 'array',
      items: closed(
        {
          url: { type: 'string' },
          parallelism: { type: 'integer' },
          projects: { oneOf: [{ const: 'all' }, { type: 'array', items: { type: 'string' } }] },
          openAccess: { type: 'boolean' },
        },
        ['url', 'projects', 'openAccess'],
      ),
    },
    openAccess: { type: 'boolean' },
    permissionProfile: { type: 'string' },
    machines: { type: 'object', additionalProperties: { type: 'integer' } },
    machinesUnreadable: { type: 'string' },
    quota: closed({
      family: { type: 'string' },
      vCPUsPerMachine: { type: 'integer' },
      used: { type: 'integer' },
      limit: { type: 'integer' },
      needed: { type: 'integer' },
      fits: { type: 'boolean' },
    }),
  },
  [
    'resourceId',
    'location',
    'provisioningState',
    'maximumConcurrency',
    'agentProfile',
    'standby',
    'images',
    'organizations',
    'openAccess',
    'permissionProfile',
    'machines',
  ],
);

const pool = closed(
  {
    id: { type: 'integer' },
    name: { type: 'string' },
    kind: { enum: ['hosted', 'selfHosted', 'elastic', 'agentCloud', 'managed'] },
    poolType: { enum: ['automation', 'deployment'] },
    options: { type: 'array', items: { type: 'string' } },
    size: { type: 'integer' },
    autoProvision: { type: 'boolean' },
    autoUpdate: { type: 'boolean' },
    queues: {
      type: 'array',
      items: closed(
        {
          projectId: { type: 'string' },
          projectName: { type: 'string' },
          queueId: { type: 'integer' },
          queueName: { type: 'string' },
          pipelineAccess: closed(
            {
              openToAllPipelines: { type: ['boolean', 'null'] },
              authorizedPipelineIds: { type: ['array', 'null'], items: { type: 'integer' } },
              checks: {
                type: ['array', 'null'],
                items: closed(
                  {
                    id: { type: 'integer' },
                    kind: {
                      enum: [
                        'approval',
                        'branchControl',
                        'businessHours',
                        'requiredTemplate',
                        'invokeRestApi',
                        'azureFunction',
                        'exclusiveLock',
                        'other',
                      ],
                    },
                    displayName: { type: 'string' },
                    disabled: { type: 'boolean' },
                    allowedBranches: { type: 'array', items: { type: 'string' } },
                  },
                  ['id', 'kind', 'displayName', 'disabled'],
                ),
              },
            },
            ['openToAllPipelines', 'authorizedPipelineIds', 'checks'],
          ),
        },
        ['projectId', 'queueId', 'queueName'],
      ),
    },
    counts: closed(counts),
    agents: { type: 'array', items: agent },
    elastic,
    scaleSet,
    managed,
  },
  ['id', 'name', 'kind', 'poolType', 'options', 'size', 'autoProvision', 'autoUpdate', 'queues', 'counts', 'agents'],
);

export const INVENTORY_REPORT_SCHEMA = closed({
  schemaVersion: { const: 1 },
  tool: closed({ name: { const: 'Pool Warden' }, version: { type: 'string' } }),
  task: { const: 'PoolInventory' },
  organization: closed({ url: { type: 'string', format: 'uri' } }),
  generatedAt: dateTime,
  signedInAs: { type: 'string', minLength: 1 },
  complete: { type: 'boolean' },
  missing: { type: 'array', items: closed({ scope: { type: 'string' }, reason: { type: 'string' } }) },
  filters: closed({
    poolNameFilter: { type: 'string' },
    poolType: { enum: ['all', 'selfHosted', 'elastic', 'hosted', 'deployment'] },
    includeHosted: { type: 'boolean' },
    includeCapabilities: { type: 'boolean' },
    staleAfterHours: { type: 'integer' },
  }),
  totals: closed({ pools: { type: 'integer' }, ...counts }),
  pools: { type: 'array', items: pool },
  managedPools: closed(
    {
      read: { type: 'boolean' },
      count: { type: 'integer' },
      note: { type: 'string' },
      unmatched: { type: 'array', items: { type: 'string' } },
    },
    ['read', 'count'],
  ),
  staleAgents: {
    type: 'array',
    items: closed(
      {
        poolId: { type: 'integer' },
        poolName: { type: 'string' },
        agentId: { type: 'integer' },
        agentName: { type: 'string' },
        offlineSince: dateTime,
        offlineHours: { type: 'number' },
      },
      ['poolId', 'poolName', 'agentId', 'agentName'],
    ),
  },
});

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(INVENTORY_REPORT_SCHEMA);

/** Schema errors of a report (empty when it matches docs/reports.md). */
export function inventorySchemaErrors(report: unknown): string[] {
  return validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
