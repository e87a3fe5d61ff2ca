import { explainAccessFailure } from '../auth/access-errors';
import { compareWithAuditBaseline, loadAuditBaseline } from '../baseline/task';
import { parseWorkItemInputs } from '../workitems/inputs';
import { publishWorkItems, workItemSection } from '../workitems/publish';
import { adoWorkItemPort, syncWorkItems } from '../workitems/sync';
import { PAT_WORK_ITEM_GROUPING } from './work-item-groups';
import { revokeTokens } from '../ado/token-admin';
import type { TaskHost } from '../host';
import type { Clock } from '../model/context';
import { applyPolicy, evaluateOutcome } from '../policy';
import { createAuditReport, organizationNameOf, type MarkdownSection } from '../report';
import { loadPolicyInput, publishAudit } from '../report/publish';
import { reportDirectoryOf } from '../report-files';
import { openTaskSession } from '../session';
import { statsLine } from '../http/stats';
import { TOOL_VERSION } from '../version';
import type { EvaluatedPair } from '../report';
import { PAT_RULE_INFOS, POSTURE_RULE_IDS } from './catalog';
import { eventWindow } from './events';
import { readTokenEvents, requireAuditLogging, type EventRead } from './events-read';
import { judgePosture, postureSections, warnUnreadable } from './posture-report';
import { readPolicyPosture } from './posture-read';
import type { PolicyPosture } from './posture';
import { checkCombinedPatSettings, parsePatAuditInputs } from './inputs';
import { PAT_AUDIT_POLICY } from './policy-schema';
import { inStableOrder, readAllTokens } from './read';
import { ownerPrincipal, patResource } from './refs';
import type { PatOwner } from '../model/pat';
import type { PrincipalRef } from '../model/finding';
import { selectForRevocation } from './revocation';
import { patRulesNotJudged } from './not-judged';
import { runPatRules } from './run';
import { AGENT_REGISTRATION_PROFILE, resolvePatAuditSettings } from './settings';
import { summarizeTokens, type TokenWithFindings } from './summary';
import { eventsSection, holdingsByName, leakedTokenCount, leakFindings } from './events-report';

const REVOKE_BATCH = 100;

/** PatAudit end to end: every user's tokens → rules → policy → reports → optional revocation. */
export async function runPatAudit(host: TaskHost, clock: Clock): Promise<void> {
  const inputs = parsePatAuditInputs(host.input, host.variable('System.CollectionUri'));
  const now = clock.now();
  const policy = loadPolicyInput(inputs.policyFile, PAT_AUDIT_POLICY, now, {
    maxLifetimeDays: inputs.maxLifetimeDays,
    maxSshKeyLifetimeDays: inputs.maxSshKeyLifetimeDays,
    expiringWithinDays: inputs.expiringWithinDays,
    noticeWithinDays: inputs.noticeWithinDays,
  });
  checkCombinedPatSettings(policy.settings, inputs, policy.source);
  for (const warning of policy.warnings) host.warning(warning);
  const settings = resolvePatAuditSettings({
    maxLifetimeDays: policy.settings.maxLifetimeDays,
    maxSshKeyLifetimeDays: policy.settings.maxSshKeyLifetimeDays,
    broadGroupNames: policy.settings.broadGroupNames,
    expiringWithinDays: policy.settings.expiringWithinDays,
    noticeWithinDays: policy.settings.noticeWithinDays,
    highPrivilegeScopes: policy.settings.highPrivilegeScopes,
    knownScopes: policy.settings.knownScopes,
    purposeProfiles: [
      {
        ...AGENT_REGISTRATION_PROFILE,
        allowedScopes: [...AGENT_REGISTRATION_PROFILE.allowedScopes],
        namePattern: policy.settings.agentTokenNamePattern,
      },
    ],
  });

  const organization = organizationNameOf(inputs.organizationUrl);
  // Checked before the first call to Azure DevOps: a wrong baseline fails the run before it reads anything.
  const baseline = loadAuditBaseline(host, 'PatAudit', organization);
  const workItemInputs = parseWorkItemInputs(host.input, host.variable('System.TeamProject'));

  const session = openTaskSession(host, inputs, clock);

  // Policies and the audit log do not depend on the tokens: their reads start with the first token (signed in and the
  // users listed by then), so they are not a round trip added after the last token. Awaited after the tokens: a
  // failure of the token reads still wins, and a rejection of these is held until then.
  const window = inputs.auditLookbackDays > 0 ? eventWindow(now, inputs.auditLookbackDays) : undefined;
  let sideReads: Promise<[PolicyPosture | undefined, EventRead]> | undefined;
  const startSideReads = () =>
    Promise.all([inputs.checkPolicies ? readPolicyPosture(session.ado) : Promise.resolve(undefined), readTokenEvents(session.ado, window)]);

  // Rules run as each token arrives; only the token, its findings and its evaluated pairs are kept.
  const arrived: (TokenWithFindings & { evaluated: EvaluatedPair[] })[] = [];
  const principals = new WeakMap<PatOwner, PrincipalRef>();
  const read = await readAllTokens(
    session.ado,
    { concurrency: inputs.maxConcurrency, includeSshKeys: inputs.includeSshKeys, now },
    session.signIn.description,
    host.logger,
    (token, owner) => {
      if (!sideReads) {
        sideReads = startSideReads();
        sideReads.catch(() => undefined);
      }
      const result = runPatRules(token, owner, settings, now);
      // Every rule judges the same token and owner: findings and evaluated pairs share one resource and one principal
      // object per token (same content), which keeps what a 30,000-token audit holds in memory small.
      const resource = patResource(token, owner);
      let principal = principals.get(owner);
      if (!principal) principals.set(owner, (principal = ownerPrincipal(owner)));
      for (const finding of result.findings) {
        finding.resource = resource;
        finding.principal = principal;
      }
      for (const pair of result.evaluated) pair.resource = resource;
      arrived.push({ token, owner, findings: result.findings, evaluated: result.evaluated });
    },
  ).catch((error: unknown) => {
    // Token admin refusals are already a TokenAdminAccessError; this explains a 401/403 on the first reads (graph).
    throw explainAccessFailure(
      error,
      session.signIn,
      "read the organization's users: add it to Project Collection Administrators (token administration needs it)",
    );
  });
  const entries = inStableOrder(arrived);
  read.missing.sort((a, b) => a.scope.localeCompare(b.scope));

  // Policies and the audit log: what cannot be read is `unknown` (warned about), never a pass and never a failed run.
  const [posture, logged] = await (sideReads ?? startSideReads());
  const events = requireAuditLogging(logged, posture);
  const postureResult = posture ? judgePosture(posture, settings) : { findings: [], evaluated: [] };
  const holdings = holdingsByName(entries);
  const leaks = leakFindings(events, holdings, now);
  warnUnreadable(host, posture, events);

  const applied = applyPolicy([...entries.flatMap((entry) => entry.findings), ...postureResult.findings, ...leaks.findings], policy, now);
  // Re-attach graded/exempted findings to their tokens (in place: the raw findings are not needed once graded).
  const byToken = new Map<string, typeof applied.findings>();
  for (const finding of applied.findings) {
    const list = byToken.get(finding.resource.id);
    if (list) list.push(finding);
    else byToken.set(finding.resource.id, [finding]);
  }
  for (const entry of entries) entry.findings = byToken.get(entry.token.authorizationId) ?? [];
  const summary = summarizeTokens(entries, settings, now);
  const complete = read.missing.length === 0;
  // What this run could not judge is never resolved (baseline) and never closes a work item.
  const notJudgedRules = patRulesNotJudged({ tokensComplete: complete, posture, events, settings });

  const candidates = selectForRevocation(inputs.revoke, entries);
  const revoked: string[] = [];
  const revocationErrors: string[] = [];
  if (inputs.revoke !== 'none') {
    host.logger.info(`${inputs.dryRun ? 'Dry run: would revoke' : 'Revoking'} ${candidates.length} tokens (mode ${inputs.revoke}):`);
    for (const c of candidates)
      host.logger.info(
        `  ${c.owner.displayName} <${c.owner.mailAddress ?? c.owner.principalName ?? ''}>: ${c.sshKey ? 'SSH key ' : ''}'${c.name}' (${c.authorizationId}): ${c.reason}`,
      );
    if (!inputs.dryRun) {
      // PATs and SSH keys are revoked in separate calls: the service needs `isPublic=true` for SSH keys.
      for (const sshKeys of [false, true]) {
        const ids = candidates.filter((c) => c.sshKey === sshKeys).map((c) => c.authorizationId);
        for (let start = 0; start < ids.length; start += REVOKE_BATCH) {
          const batch = ids.slice(start, start + REVOKE_BATCH);
          try {
            await revokeTokens(session.ado, batch, sshKeys);
            revoked.push(...batch);
          } catch (error) {
            revocationErrors.push((error as Error).message);
          }
        }
      }
    }
  }

  const compared = compareWithAuditBaseline(baseline, applied.findings, {
    failOnSeverity: inputs.failOnSeverity,
    complete,
    now,
    notJudgedRules,
  });
  const outcome = compared?.outcome ?? evaluateOutcome(applied.findings, inputs.failOnSeverity, { complete });
  // Follow-up work items never change the result: refusals are reported per work item.
  const workItems = workItemInputs
    ? await syncWorkItems(adoWorkItemPort(session.ado, workItemInputs.project), compared?.findings ?? applied.findings, {
        inputs: workItemInputs,
        task: 'PatAudit',
        organization,
        rules: PAT_RULE_INFOS,
        grouping: PAT_WORK_ITEM_GROUPING,
        complete,
        notJudgedRules,
        dryRun: inputs.dryRun,
        logger: host.logger,
      })
    : undefined;
  const report = createAuditReport({
    toolVersion: TOOL_VERSION,
    generatedAt: now,
    task: 'PatAudit',
    organization: { url: inputs.organizationUrl, name: organization },
    complete,
    missing: read.missing,
    rules: [...PAT_RULE_INFOS],
    findings: compared?.findings ?? applied.findings,
    ...(compared ? { baseline: compared.baseline, absent: compared.absent } : {}),
    ...(compared && compared.notJudged.length > 0 ? { notJudged: compared.notJudged } : {}),
    ...(notJudgedRules.size > 0 ? { notJudgedRules: [...notJudgedRules].sort() } : {}),
    evaluated: [...entries.flatMap((entry) => entry.evaluated), ...postureResult.evaluated, ...leaks.evaluated],
    outcome:
      revocationErrors.length > 0
        ? { result: 'Failed', reason: `Revocation failed: ${revocationErrors[0]}`, failOnSeverity: inputs.failOnSeverity }
        : { ...outcome, failOnSeverity: inputs.failOnSeverity },
    expiredExemptions: applied.expiredExemptions,
    extra: {
      signedInAs: session.signIn.description,
      policySource: policy.source,
      users: read.users,
      tokens: summary,
      posture: posture ?? { complete: true, skipped: true, policies: [] },
      events: eventsSection(events, inputs.auditLookbackDays, holdings),
      workItems,
      revocation:
        inputs.revoke === 'none'
          ? undefined
          : {
              mode: inputs.revoke,
              dryRun: inputs.dryRun,
              candidates: candidates.map((c) => ({
                authorizationId: c.authorizationId,
                name: c.name,
                kind: c.sshKey ? 'sshKey' : 'pat',
                owner: c.owner.displayName,
                mail: c.owner.mailAddress,
                reason: c.reason,
                revoked: revoked.includes(c.authorizationId),
              })),
            },
    },
  });
  const sections: MarkdownSection[] = [
    {
      title: 'Tokens',
      paragraphs: [
        `${read.users} users, ${summary.tokenCount} tokens (${summary.liveTokenCount} live${summary.sshKeyCount > 0 ? `, ${summary.sshKeyCount} of them SSH keys` : ''}): ${summary.globalTokenCount} global, ${summary.fullScopeTokenCount} full access, ${summary.expiringTokenCount} expiring within ${settings.noticeWithinDays} days. Global PATs stop working on 2026-12-01.`,
      ],
    },
    {
      title: 'Global tokens (all organizations)',
      table: {
        headers: ['Owner', 'Mail', 'Token', 'Expires'],
        rows: summary.globalTokens.map((g) => [
          g.owner.displayName,
          g.owner.mailAddress ?? g.owner.principalName ?? '',
          g.token.name,
          g.token.validTo,
        ]),
      },
    },
    {
      title: 'Expiring soon, by owner',
      table: {
        headers: ['Owner', 'Mail', 'Kind', 'Token', 'Expires', 'Days left'],
        rows: summary.expiringByOwner.flatMap((group) =>
          group.tokens.map((t) => [group.owner.displayName, group.owner.mailAddress ?? '', t.kind, t.name, t.validTo, t.daysLeft]),
        ),
      },
    },
  ];
  sections.push(...postureSections(posture, events, settings, inputs.auditLookbackDays, holdings));
  if (inputs.revoke !== 'none') {
    sections.push({
      title: inputs.dryRun ? `Revocation plan (dry run, mode ${inputs.revoke}: nothing revoked)` : `Revoked tokens (mode ${inputs.revoke})`,
      table: {
        headers: ['Owner', 'Kind', 'Token', 'Authorization id', 'Reason', 'Revoked'],
        rows: candidates.map((c) => [
          c.owner.displayName,
          c.sshKey ? 'SSH key' : 'PAT',
          c.name,
          c.authorizationId,
          c.reason,
          revoked.includes(c.authorizationId),
        ]),
      },
    });
  }
  if (workItems) sections.push(workItemSection(workItems));
  await publishAudit(host, report, reportDirectoryOf(host, inputs.reportDirectory), 'pat-audit', sections);
  publishWorkItems(host, workItems);
  host.setOutput('globalTokenCount', summary.globalTokenCount);
  host.setOutput('fullScopeTokenCount', summary.fullScopeTokenCount);
  host.setOutput('expiringTokenCount', summary.expiringTokenCount);
  host.setOutput('policyFindingCount', applied.findings.filter((f) => POSTURE_RULE_IDS.has(f.ruleId) && !f.exemption).length);
  host.setOutput('leakedTokenCount', leakedTokenCount(leaks.findings));
  host.logger.debug(statsLine(session.stats));
}
