import { explainAccessFailure } from '../auth/access-errors';
import { compareWithAuditBaseline, loadAuditBaseline } from '../baseline/task';
import { parseWorkItemInputs } from '../workitems/inputs';
import { publishWorkItems, workItemSection } from '../workitems/publish';
import { adoWorkItemPort, syncWorkItems } from '../workitems/sync';
import { POOL_WORK_ITEM_GROUPING } from './work-item-groups';
import type { TaskHost } from '../host';
import { createIdentityResolver } from '../identity/resolver';
import type { Clock } from '../model/context';
import { applyPolicy, evaluateOutcome } from '../policy';
import { createAuditReport, organizationNameOf, type MarkdownSection } from '../report';
import { loadPolicyInput, publishAudit } from '../report/publish';
import { reportDirectoryOf } from '../report-files';
import { openTaskSession } from '../session';
import { statsLine } from '../http/stats';
import { TOOL_VERSION } from '../version';
import { POOL_RULE_INFOS } from './catalog';
import { parsePoolAuditInputs } from './inputs';
import { POOL_AUDIT_POLICY } from './policy-schema';
import { readPoolAuditSnapshot } from './read-snapshot';
import { executeRemediation, planRemediation, remediationRecords, withRemediationFailures } from './remediate';
import { runPoolRules } from './run';
import { resolvePoolAuditSettings } from './settings';
import { OPEN_QUEUE_STATUS, pipelineAccessSection, pipelineSourceRecords } from './pipeline-access-summary';
import { administratorsSection } from './summary';
import { unresolvedRoleHolders } from './unresolved';
import { managedPostureRecords, managedPostureSection, readManagedPosture } from './managed';
import { subscriptionOf } from '../inputs/managed-pools';

/** PoolRoleAudit end to end: inputs → snapshot (reads only) → rules → policy → reports → optional fixes. */
export async function runPoolRoleAudit(host: TaskHost, clock: Clock): Promise<void> {
  const inputs = parsePoolAuditInputs(host.input, host.variable('System.CollectionUri'));
  const now = clock.now();
  const policy = loadPolicyInput(inputs.policyFile, POOL_AUDIT_POLICY, now, {
    broadGroupMemberThreshold: inputs.broadGroupMemberThreshold,
    maxAdministrators: inputs.maxAdministrators,
    staleAgentDays: inputs.staleAgentDays,
    inactivePoolDays: inputs.inactivePoolDays,
  });
  for (const warning of policy.warnings) host.warning(warning);
  const organization = organizationNameOf(inputs.organizationUrl);
  // Checked before the first call to Azure DevOps: a wrong baseline fails the run before it reads anything.
  const baseline = loadAuditBaseline(host, 'PoolRoleAudit', organization);
  const workItemInputs = parseWorkItemInputs(host.input, host.variable('System.TeamProject'));

  const session = openTaskSession(host, inputs, clock);
  const snapshot = await readPoolAuditSnapshot(
    { ado: session.ado, identities: createIdentityResolver(session.ado), logger: host.logger, organization },
    {
      poolNameFilter: inputs.poolNameFilter,
      maxConcurrency: inputs.maxConcurrency,
      maxGroupDepth: policy.settings.maxGroupDepth,
      sensitivePools: policy.settings.sensitivePools,
    },
  ).catch((error: unknown) => {
    throw explainAccessFailure(
      error,
      session.signIn,
      'read agent pools and their security: give it the Reader role on agent pools (Organization settings > Agent pools > Security)',
    );
  });
  // Managed DevOps Pools (permissionProfile, open access) only with an ARM connection; none means no ARM call.
  const armEndpoint = host.endpoint('azureSubscription') ?? session.armEndpoint;
  const managedClient = session.managedPools(armEndpoint, inputs.managedPools.apiVersion);
  const subscriptionId = subscriptionOf(armEndpoint);
  if (managedClient && subscriptionId) {
    await readManagedPosture({ client: managedClient, subscriptionId, resourceGroups: inputs.managedPools.resourceGroups }, snapshot);
  }
  const { maxGroupDepth: _depth, ...ruleSettings } = policy.settings;
  const settings = resolvePoolAuditSettings(ruleSettings);
  const raw = runPoolRules(snapshot, settings, now);
  const applied = applyPolicy(raw.findings, policy, now);
  const complete = snapshot.unreadable.length === 0;
  // A scope that could not be read (a pool's roles, a queue's checks or pipeline permissions, an identity) may hide
  // any rule's finding: while anything is unread no rule counts as judged, so nothing is resolved (baseline) and no
  // work item is closed, as the work-item planner already did for an incomplete audit.
  const notJudgedRules = new Set(complete ? [] : POOL_RULE_INFOS.map((rule) => rule.id));
  const unresolved = unresolvedRoleHolders(snapshot);
  for (const holder of unresolved) {
    host.warning(
      `Identity '${holder.displayName}' could not be resolved (deleted or unknown to graph) and holds ${holder.roles.join('; ')}: review or remove these roles.`,
    );
  }

  const pipelineSources = pipelineSourceRecords(snapshot, settings);
  for (const source of pipelineSources.filter((s) => s.status === OPEN_QUEUE_STATUS)) {
    host.warning(
      `Queue '${source.queue}' of sensitive pool '${source.pool}' (${source.project}) is ${source.status}: any pipeline of the project may use it; authorize pipelines one by one so POOL018 can judge their branches.`,
    );
  }
  for (const source of pipelineSources.filter((s) => s.status.startsWith('not checked'))) {
    host.warning(
      `Pipeline '${source.pipeline}' on sensitive pool '${source.pool}' (${source.project}) builds from ${source.repository}: ${source.status}; review its branch protection yourself.`,
    );
  }

  const actions = inputs.remediate ? planRemediation(applied.findings, inputs.remediateRules, { branches: inputs.remediateBranches }) : [];
  if (inputs.remediate) {
    host.logger.info(`${inputs.dryRun ? 'Dry run: would apply' : 'Applying'} ${actions.length} fixes:`);
    for (const action of actions) host.logger.info(`  ${action.ruleId} ${action.target}: ${action.before} → ${action.after}`);
    if (!inputs.dryRun) await executeRemediation(session.ado, actions, host.logger);
    else actions.forEach((action) => (action.status = 'planned'));
  }

  const compared = compareWithAuditBaseline(baseline, applied.findings, {
    failOnSeverity: inputs.failOnSeverity,
    complete,
    now,
    notJudgedRules,
  });
  const findings = compared?.findings ?? applied.findings;
  const outcome = withRemediationFailures(compared?.outcome ?? evaluateOutcome(findings, inputs.failOnSeverity, { complete }), actions);
  // Follow-up work items never change the result: refusals are reported per work item.
  const workItems = workItemInputs
    ? await syncWorkItems(adoWorkItemPort(session.ado, workItemInputs.project), findings, {
        inputs: workItemInputs,
        task: 'PoolRoleAudit',
        organization,
        rules: POOL_RULE_INFOS,
        grouping: POOL_WORK_ITEM_GROUPING,
        complete,
        notJudgedRules,
        dryRun: inputs.dryRun,
        logger: host.logger,
      })
    : undefined;
  const report = createAuditReport({
    toolVersion: TOOL_VERSION,
    generatedAt: now,
    task: 'PoolRoleAudit',
    organization: { url: inputs.organizationUrl, name: organization },
    complete,
    missing: snapshot.unreadable,
    rules: [...POOL_RULE_INFOS],
    findings,
    evaluated: raw.evaluated,
    ...(compared ? { baseline: compared.baseline, absent: compared.absent } : {}),
    ...(compared && compared.notJudged.length > 0 ? { notJudged: compared.notJudged } : {}),
    ...(notJudgedRules.size > 0 ? { notJudgedRules: [...notJudgedRules].sort() } : {}),
    outcome: { ...outcome, failOnSeverity: inputs.failOnSeverity },
    expiredExemptions: applied.expiredExemptions,
    extra: {
      signedInAs: session.signIn.description,
      policySource: policy.source,
      pools: snapshot.pools.length,
      queues: snapshot.queues.length,
      identitiesResolved: Object.keys(snapshot.identities).length,
      unresolvedIdentities: unresolved,
      managedPools: snapshot.managedPools ? managedPostureRecords(snapshot) : undefined,
      pipelineSources,
      remediation: inputs.remediate ? { dryRun: inputs.dryRun, actions: remediationRecords(actions) } : undefined,
      workItems,
    },
  });
  const sections: MarkdownSection[] = [administratorsSection(snapshot), pipelineAccessSection(snapshot, settings, applied.findings)];
  const managedSection = managedPostureSection(snapshot);
  if (managedSection) sections.push(managedSection);
  if (unresolved.length > 0) {
    sections.push({
      title: 'Unresolved identities',
      paragraphs: [
        'Graph could not resolve these role holders (deleted, or from a directory the organization no longer reaches); no rule could judge them.',
      ],
      table: { headers: ['Identity', 'Roles'], rows: unresolved.map((holder) => [holder.displayName, holder.roles.join('; ')]) },
    });
  }
  if (inputs.remediate) {
    sections.push({
      title: inputs.dryRun ? 'Remediation plan (dry run: nothing changed)' : 'Remediation',
      table: {
        headers: ['Rule', 'Target', 'Before', 'After', 'Status'],
        rows: actions.map((a) => [a.ruleId, a.target, a.before, a.after, a.status ?? '']),
      },
    });
  }
  if (session.signIn.isJobToken) {
    sections.push({
      title: 'Sign-in',
      paragraphs: [
        'Signed in with the job access token: the build service identity usually cannot read role assignments or graph, so this audit is likely incomplete.',
      ],
    });
  }
  if (workItems) sections.push(workItemSection(workItems));
  await publishAudit(host, report, reportDirectoryOf(host, inputs.reportDirectory), 'pool-role-audit', sections);
  publishWorkItems(host, workItems);
  host.logger.debug(statsLine(session.stats));
}
