import type { TaskHost } from '../host';
import { reportDirectoryOf, writeJson } from '../report-files';
import { TOOL_VERSION } from '../version';
import type { ScaleInputs } from './inputs';

/** The agent counts every ScaleSetAgents run sets as outputs, whatever the pool kind. */
export interface AgentCountOutputs {
  agentsAdded: number;
  agentsRemoved: number;
  agentsSkippedBusy: number;
  agentCount: number;
}

/**
 * Writes scale-set-agents.json: the header every ScaleSetAgents report starts with (scale set, self-hosted, elastic
 * or Managed DevOps Pool), then `body`. Returns the file's path.
 */
export function writeScalingReport(
  host: TaskHost,
  inputs: ScaleInputs,
  header: { generatedAt: Date; signedInAs: string },
  body: Record<string, unknown>,
): string {
  const report = {
    schemaVersion: 1,
    tool: { name: 'Pool Warden', version: TOOL_VERSION },
    task: 'ScaleSetAgents',
    organization: { url: inputs.organizationUrl },
    generatedAt: header.generatedAt.toISOString(),
    signedInAs: header.signedInAs,
    ...body,
  };
  return writeJson(reportDirectoryOf(host, inputs.reportDirectory), 'scale-set-agents.json', report);
}

/** Sets the agent-count outputs, then `extra` (e.g. maximumConcurrency), then reportPath. */
export function setScalingOutputs(host: TaskHost, counts: AgentCountOutputs, reportPath: string, extra: Record<string, number> = {}): void {
  host.setOutput('agentsAdded', counts.agentsAdded);
  host.setOutput('agentsRemoved', counts.agentsRemoved);
  host.setOutput('agentsSkippedBusy', counts.agentsSkippedBusy);
  host.setOutput('agentCount', counts.agentCount);
  for (const [name, value] of Object.entries(extra)) host.setOutput(name, value);
  host.setOutput('reportPath', reportPath);
}
