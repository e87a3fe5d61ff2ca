import * as assert from 'node:assert/strict';
import { loadTasks, parseVisibleRule, type TaskInput } from './manifests';

const tasks = loadTasks();
const byName = new Map(tasks.map((entry) => [entry.task.name, entry]));

/** Public contract: task names, and the inputs and outputs users write in YAML. */
const CONTRACT: Record<string, { inputs: string[]; outputs: string[]; signsIn?: false }> = {
  PoolInventory: {
    inputs: [
      'poolNameFilter',
      'poolType',
      'includeHosted',
      'includeCapabilities',
      'includeScaleSets',
      'includePipelineAccess',
      'staleAfterHours',
      'reportDirectory',
      'managedPoolResourceGroups',
      'managedPoolsApiVersion',
    ],
    outputs: [
      'poolCount',
      'agentCount',
      'onlineAgentCount',
      'offlineAgentCount',
      'busyAgentCount',
      'staleAgentCount',
      'managedPoolCount',
      'reportPath',
    ],
  },
  ScaleSetAgents: {
    inputs: [
      'pool',
      'action',
      'count',
      'targetCount',
      'minAgents',
      'maxAgents',
      'scaleSetResourceId',
      'drainTimeoutMinutes',
      'onlineTimeoutMinutes',
      'offlineForHours',
      'standbyAgents',
      'maxCapacity',
      'timeToLiveMinutes',
      'recycleAfterEachUse',
      'dryRun',
      'reportDirectory',
      'managedPoolResourceId',
      'managedPoolResourceGroups',
      'managedPoolsApiVersion',
      'standbyMode',
      'standbySchedule',
      'standbyTimeZone',
      'predictionPreference',
      'maxAgentLifetime',
      'gracePeriod',
    ],
    outputs: ['agentsAdded', 'agentsRemoved', 'agentsSkippedBusy', 'agentCount', 'maximumConcurrency', 'reportPath'],
  },
  PoolRoleAudit: {
    inputs: [
      'policyFile',
      'failOnSeverity',
      'broadGroupMemberThreshold',
      'maxAdministrators',
      'staleAgentDays',
      'inactivePoolDays',
      'poolNameFilter',
      'remediate',
      'remediateRules',
      'remediateBranches',
      'dryRun',
      'baselineFile',
      'failOn',
      'workItems',
      'workItemProject',
      'workItemType',
      'workItemAreaPath',
      'workItemTag',
      'workItemSeverity',
      'assignToOwner',
      'reportDirectory',
      'managedPoolResourceGroups',
      'managedPoolsApiVersion',
    ],
    outputs: [
      'findingCount',
      'criticalCount',
      'highCount',
      'mediumCount',
      'lowCount',
      'newFindingCount',
      'resolvedFindingCount',
      'workItemsCreated',
      'workItemsUpdated',
      'workItemsClosed',
      'reportPath',
      'sarifPath',
      'junitPath',
    ],
  },
  PatAudit: {
    inputs: [
      'policyFile',
      'failOnSeverity',
      'maxLifetimeDays',
      'expiringWithinDays',
      'noticeWithinDays',
      'includeSshKeys',
      'maxSshKeyLifetimeDays',
      'checkPolicies',
      'auditLookbackDays',
      'revoke',
      'dryRun',
      'baselineFile',
      'failOn',
      'workItems',
      'workItemProject',
      'workItemType',
      'workItemAreaPath',
      'workItemTag',
      'workItemSeverity',
      'assignToOwner',
      'reportDirectory',
    ],
    outputs: [
      'findingCount',
      'criticalCount',
      'highCount',
      'mediumCount',
      'lowCount',
      'globalTokenCount',
      'fullScopeTokenCount',
      'expiringTokenCount',
      'policyFindingCount',
      'leakedTokenCount',
      'newFindingCount',
      'resolvedFindingCount',
      'workItemsCreated',
      'workItemsUpdated',
      'workItemsClosed',
      'reportPath',
      'sarifPath',
      'junitPath',
    ],
  },
  // Reads report files only: no connection, no organization.
  ReportMerge: {
    inputs: ['reportFiles', 'searchFolder', 'failOnSeverity', 'baselineFile', 'failOn', 'reportDirectory'],
    outputs: [
      'organizationCount',
      'findingCount',
      'criticalCount',
      'highCount',
      'mediumCount',
      'lowCount',
      'newFindingCount',
      'resolvedFindingCount',
      'reportPath',
      'sarifPath',
      'junitPath',
    ],
    signsIn: false,
  },
};

/** Inputs every task declares with the same definition. */
const SHARED_INPUTS = ['connectionType', 'azureDevOpsServiceConnection', 'azureSubscription', 'organizationUrl', 'maxConcurrency'];
/**
 * ScaleSetAgents (self-managed scale sets) and PoolInventory (reading the scale set behind a pool) also use
 * azureSubscription besides signing in, so their copies are always visible and optional.
 */
const SHARED_EXCEPTIONS: Record<string, string[]> = { ScaleSetAgents: ['azureSubscription'], PoolInventory: ['azureSubscription'] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

function input(taskName: string, name: string): TaskInput {
  const found = byName.get(taskName)?.task.inputs.find((candidate) => candidate.name === name);
  assert.ok(found, `${taskName} has no input ${name}`);
  return found;
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((left[i] ?? 0) !== (right[i] ?? 0)) return (left[i] ?? 0) - (right[i] ?? 0);
  return 0;
}

describe('task.json files', () => {
  it('exist for exactly the contract tasks, each in <Name>V1', () => {
    assert.deepEqual(
      tasks.map((entry) => entry.folder).sort(),
      Object.keys(CONTRACT)
        .map((name) => `${name}V1`)
        .sort(),
    );
    for (const entry of tasks) assert.equal(entry.folder, `${entry.task.name}V1`);
  });

  it('have unique, fixed GUID ids', () => {
    const ids = tasks.map((entry) => entry.task.id.toLowerCase());
    for (const id of ids) assert.match(id, GUID);
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const { folder, task } of tasks) {
    describe(folder, () => {
      it('passes the tfx rules: name, friendlyName <= 40 chars, instanceNameFormat', () => {
        assert.match(task.name, /^[A-Za-z0-9-]+$/);
        assert.ok(task.friendlyName.length > 0 && task.friendlyName.length <= 40, `friendlyName is ${task.friendlyName.length} chars`);
        assert.ok(task.instanceNameFormat.trim().length > 0);
      });

      it('has the catalogue metadata', () => {
        assert.equal(task.author, 'Pool Warden');
        assert.ok(['Utility', 'Azure Pipelines'].includes(task.category));
        assert.deepEqual(
          task.version,
          { Major: 1, Minor: 1, Patch: 0 },
          'wave 2 added inputs and changed the maxConcurrency default: minor version 1',
        );
        assert.deepEqual(task.visibility, ['Build', 'Release']);
        assert.deepEqual(task.runsOn, ['Agent', 'DeploymentGroup']);
        assert.ok(task.description.trim().length > 0 && task.helpMarkDown.trim().length > 0);
        assert.equal(task.restrictions, undefined, 'restricted command mode would block the summary upload');
      });

      it('runs index.js on Node20_1 and Node24 only', () => {
        assert.deepEqual(Object.keys(task.execution).sort(), ['Node20_1', 'Node24']);
        for (const handler of Object.values(task.execution)) assert.equal(handler.target, 'index.js');
        // Node20_1 needs agent 4.248.0; a lower minimum would let older agents pick the task and fail.
        assert.ok(compareVersions(task.minimumAgentVersion, '4.248.0') >= 0, `minimumAgentVersion ${task.minimumAgentVersion}`);
      });

      it('declares the contract inputs and outputs', () => {
        const names = task.inputs.map((candidate) => candidate.name);
        const shared = CONTRACT[task.name].signsIn === false ? [] : SHARED_INPUTS;
        for (const name of [...shared, ...CONTRACT[task.name].inputs]) assert.ok(names.includes(name), `missing input ${name}`);
        assert.deepEqual(task.outputVariables.map((variable) => variable.name).sort(), [...CONTRACT[task.name].outputs].sort());
      });

      it('has valid, unique input names, a label and help on every input', () => {
        const names = task.inputs.map((candidate) => candidate.name);
        assert.equal(new Set(names).size, names.length, 'duplicate input names');
        for (const candidate of task.inputs) {
          assert.match(candidate.name, VARIABLE_NAME);
          assert.ok(candidate.label?.trim(), `${candidate.name} has no label`);
          assert.ok(candidate.helpMarkDown?.trim(), `${candidate.name} has no helpMarkDown`);
        }
      });

      it('puts every input in a declared group', () => {
        const groups = new Set(task.groups.map((group) => group.name));
        assert.equal(groups.size, task.groups.length, 'duplicate group names');
        for (const candidate of task.inputs)
          assert.ok(candidate.groupName && groups.has(candidate.groupName), `${candidate.name} is in group ${candidate.groupName}`);
      });

      it('has defaults that fit the input types', () => {
        for (const candidate of task.inputs) {
          const value = candidate.defaultValue;
          if (value === undefined) continue;
          assert.equal(typeof value, 'string', `${candidate.name}: defaultValue must be a string`);
          if (candidate.type === 'pickList')
            assert.ok(candidate.options && String(value) in candidate.options, `${candidate.name}: default ${value} is not an option`);
          if (candidate.type === 'boolean') assert.ok(value === 'true' || value === 'false', `${candidate.name}: default ${value}`);
          if (candidate.type === 'int') assert.match(String(value), /^(\d+)?$/, `${candidate.name}: default ${value}`);
        }
      });

      it('has visibleRules that name existing inputs and possible values', () => {
        const inputs = new Map(task.inputs.map((candidate) => [candidate.name, candidate]));
        const rules = [
          ...task.inputs
            .filter((candidate) => candidate.visibleRule)
            .map((candidate) => ({ owner: candidate.name, rule: candidate.visibleRule! })),
          ...task.groups.filter((group) => group.visibleRule).map((group) => ({ owner: `group ${group.name}`, rule: group.visibleRule! })),
        ];
        for (const { owner, rule } of rules) {
          for (const clause of parseVisibleRule(rule)) {
            const target = inputs.get(clause.input);
            assert.ok(target, `${owner}: visibleRule names unknown input ${clause.input}`);
            assert.notEqual(clause.input, owner, `${owner}: visibleRule refers to itself`);
            if (target.type === 'pickList')
              assert.ok(target.options && clause.value in target.options, `${owner}: ${clause.input} has no option ${clause.value}`);
            if (target.type === 'boolean')
              assert.ok(['true', 'false'].includes(clause.value), `${owner}: ${clause.input} is boolean, not ${clause.value}`);
          }
        }
      });

      it('declares output variables with valid names and descriptions', () => {
        const names = task.outputVariables.map((variable) => variable.name);
        assert.equal(new Set(names).size, names.length);
        for (const variable of task.outputVariables) {
          assert.match(variable.name, VARIABLE_NAME);
          assert.ok(variable.description?.trim(), `${variable.name} has no description`);
        }
      });

      it('uses only inputs in instanceNameFormat variables', () => {
        const names = new Set(task.inputs.map((candidate) => candidate.name));
        for (const [, variable] of task.instanceNameFormat.matchAll(/\$\(([^)]+)\)/g))
          assert.ok(names.has(variable), `unknown $(${variable})`);
      });
    });
  }

  describe('shared inputs', () => {
    const reference = byName.get('PatAudit')!.task;

    for (const name of SHARED_INPUTS) {
      it(`${name} is defined identically in every task`, () => {
        const expected = reference.inputs.find((candidate) => candidate.name === name);
        assert.ok(expected);
        for (const { task } of tasks) {
          if (SHARED_EXCEPTIONS[task.name]?.includes(name) || CONTRACT[task.name]?.signsIn === false) continue;
          assert.deepEqual(input(task.name, name), expected, `${task.name}.${name} differs from PatAudit`);
        }
      });
    }

    it('connectionType offers the three sign-in modes, workload identity federation first', () => {
      const connectionType = input('PoolInventory', 'connectionType');
      assert.equal(connectionType.type, 'pickList');
      assert.equal(connectionType.defaultValue, 'azureDevOps');
      assert.deepEqual(Object.keys(connectionType.options ?? {}), ['azureDevOps', 'azureRM', 'systemAccessToken']);
    });

    it('the connections are shown for their connection type', () => {
      const devOps = input('PoolInventory', 'azureDevOpsServiceConnection');
      assert.equal(devOps.type, 'connectedService:workloadidentityuser');
      assert.equal(devOps.visibleRule, 'connectionType = azureDevOps');
      const arm = input('PatAudit', 'azureSubscription');
      assert.equal(arm.type, 'connectedService:AzureRM');
      assert.equal(arm.visibleRule, 'connectionType = azureRM');
      assert.deepEqual(arm.properties, { EndpointFilterRule: '' });
    });

    for (const name of ['ScaleSetAgents', 'PoolInventory']) {
      it(`${name} shows azureSubscription always, as an optional input that says when it is needed`, () => {
        const arm = input(name, 'azureSubscription');
        assert.equal(arm.type, 'connectedService:AzureRM');
        assert.equal(arm.visibleRule, undefined);
        assert.notEqual(arm.required, true);
        assert.deepEqual(arm.properties, { EndpointFilterRule: '' });
        assert.match(arm.helpMarkDown ?? '', /scale set/i);
      });
    }
  });

  it('the Managed DevOps Pools inputs are defined identically in every task that reads those pools', () => {
    for (const name of ['managedPoolResourceGroups', 'managedPoolsApiVersion']) {
      const expected = input('PoolInventory', name);
      for (const task of ['ScaleSetAgents', 'PoolRoleAudit']) assert.deepEqual(input(task, name), expected, `${task}.${name}`);
    }
    assert.equal(input('PoolInventory', 'managedPoolsApiVersion').defaultValue, '2025-09-20');
  });

  describe('task-specific inputs', () => {
    // The agent passes a default as if the user had typed it, and inputs override the policy file: a threshold
    // with a default would silently win over the file's value.
    it('audit thresholds that the policy file can also set have no default', () => {
      const thresholds: Record<string, string[]> = {
        PoolRoleAudit: ['broadGroupMemberThreshold', 'maxAdministrators', 'staleAgentDays', 'inactivePoolDays'],
        PatAudit: ['maxLifetimeDays', 'expiringWithinDays', 'noticeWithinDays'],
      };
      for (const [task, names] of Object.entries(thresholds)) {
        for (const name of names) assert.equal(input(task, name).defaultValue ?? '', '', `${task}.${name}`);
      }
    });

    it("ScaleSetAgents shows each action's inputs for that action only", () => {
      assert.equal(input('ScaleSetAgents', 'count').visibleRule, 'action = add || action = remove');
      assert.equal(input('ScaleSetAgents', 'targetCount').visibleRule, 'action = setCount');
      assert.equal(input('ScaleSetAgents', 'offlineForHours').visibleRule, 'action = removeOffline');
      for (const name of ['standbyAgents', 'maxCapacity', 'timeToLiveMinutes', 'recycleAfterEachUse']) {
        assert.equal(input('ScaleSetAgents', name).visibleRule, 'action = configure', name);
      }
      assert.deepEqual(Object.keys(input('ScaleSetAgents', 'action').options ?? {}), [
        'add',
        'remove',
        'setCount',
        'removeOffline',
        'configure',
      ]);
      assert.equal(input('ScaleSetAgents', 'recycleAfterEachUse').defaultValue, 'unchanged');
    });

    it('the audits share failOnSeverity and default to high', () => {
      const expected = input('PoolRoleAudit', 'failOnSeverity');
      assert.deepEqual(Object.keys(expected.options ?? {}), ['none', 'low', 'medium', 'high', 'critical']);
      assert.equal(expected.defaultValue, 'high');
      assert.deepEqual(input('PatAudit', 'failOnSeverity'), expected);
    });

    it('changes are opt-in: remediation, revocation and dry runs default to off', () => {
      assert.equal(input('PoolRoleAudit', 'remediate').defaultValue, 'false');
      assert.equal(input('PoolRoleAudit', 'remediateRules').visibleRule, 'remediate = true');
      assert.equal(input('PatAudit', 'revoke').defaultValue, 'none');
      for (const name of ['ScaleSetAgents', 'PoolRoleAudit', 'PatAudit']) assert.equal(input(name, 'dryRun').defaultValue, 'false', name);
    });
  });
});
