import { explainAccessFailure } from '../auth/access-errors';
import type { TaskHost } from '../host';
import type { Clock } from '../model/context';
import { reportAttachmentName, reportDirectoryOf, writeJson } from '../report-files';
import { organizationNameOf } from '../report';
import { openTaskSession } from '../session';
import { statsLine } from '../http/stats';
import { TOOL_VERSION } from '../version';
import { collectInventory } from './collect';
import { parseInventoryInputs } from './inputs';
import { inventorySummary } from './summary';
import { managedPoolsSource } from './managed-source';
import { quotaWarning } from './managed';

const MAX_STALE_WARNINGS = 20;

/** PoolInventory end to end: inputs → inventory → report, summary, output variables and result. */
export async function runInventory(host: TaskHost, clock: Clock): Promise<void> {
  const inputs = parseInventoryInputs(host.input, host.variable('System.CollectionUri'));
  const session = openTaskSession(host, inputs, clock);
  const report = await collectInventory(
    {
      ado: session.ado,
      scaleSets: session.scaleSets(host.endpoint('azureSubscription')),
      // includeScaleSets: false reads nothing from Azure Resource Manager, Managed DevOps Pools included.
      managedPools: inputs.includeScaleSets
        ? managedPoolsSource(session, host.endpoint('azureSubscription'), inputs.managedPools, host.logger)
        : undefined,
      clock,
      logger: host.logger,
      signedInAs: session.signIn.description,
      version: TOOL_VERSION,
    },
    inputs,
  ).catch((error: unknown) => {
    throw explainAccessFailure(
      error,
      session.signIn,
      'read agent pools: give it the Reader role on agent pools (Organization settings > Agent pools > Security)',
    );
  });

  const reportPath = writeJson(reportDirectoryOf(host, inputs.reportDirectory), 'pool-inventory.json', report);
  const notes = session.signIn.isJobToken
    ? [
        'Signed in with the job access token: the build service identity usually sees only the pools and queues its project can use, and no scale set details.',
      ]
    : [];
  host.uploadSummary('pool-inventory.md', inventorySummary(report, notes));
  host.attachReport(reportAttachmentName('PoolInventory', organizationNameOf(inputs.organizationUrl)), reportPath);

  const t = report.totals;
  host.setOutput('poolCount', t.pools);
  host.setOutput('agentCount', t.agents);
  host.setOutput('onlineAgentCount', t.online);
  host.setOutput('offlineAgentCount', t.offline);
  host.setOutput('busyAgentCount', t.busy);
  host.setOutput('staleAgentCount', t.stale);
  host.setOutput('reportPath', reportPath);
  host.setOutput('managedPoolCount', report.managedPools?.count ?? 0);

  for (const stale of report.staleAgents.slice(0, MAX_STALE_WARNINGS)) {
    host.warning(`Agent '${stale.agentName}' in pool '${stale.poolName}' has been offline for ${stale.offlineHours} hours`);
  }
  if (report.staleAgents.length > MAX_STALE_WARNINGS) {
    host.warning(`…and ${report.staleAgents.length - MAX_STALE_WARNINGS} more stale agents (see ${reportPath})`);
  }
  for (const pool of report.pools) {
    const warning = pool.managed && quotaWarning(pool.name, pool.managed);
    if (warning) host.warning(warning);
  }
  host.logger.info(`${t.pools} pools, ${t.agents} agents (${t.online} online, ${t.busy} busy, ${t.stale} stale). Report: ${reportPath}`);
  host.logger.debug(statsLine(session.stats));
  if (!report.complete) {
    host.setResult('SucceededWithIssues', `The inventory is incomplete: ${report.missing.map((item) => item.scope).join('; ')}`);
  } else if (t.stale > 0) {
    host.setResult('SucceededWithIssues', `${t.stale} agents have been offline longer than ${inputs.staleAfterHours} hours`);
  } else {
    host.setResult('Succeeded', `${t.pools} pools and ${t.agents} agents inventoried`);
  }
}
