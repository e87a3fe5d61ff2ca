import type { Logger } from '../model/context';
import type { ElasticPoolPort } from './ports';

const LOG_ENTRIES = 10;

/** The service's own view of a managed scale set pool after the run: node states and its latest log entries. */
export interface ServiceView {
  nodeStates: Record<string, number>;
  nodes: { name: string; state: string; agentId?: number | null; agentState: string[] }[];
  recentLogs: { timestamp: string; level: string; operation: string; message: string }[];
  /** Why it could not be read (it is informative only, so a failure never fails the run). */
  unreadable?: string;
}

export async function readServiceView(elastic: ElasticPoolPort, poolId: number, logger: Logger): Promise<ServiceView> {
  try {
    const [nodes, logs] = await Promise.all([elastic.nodes(poolId), elastic.logs(poolId, LOG_ENTRIES)]);
    const nodeStates: Record<string, number> = {};
    for (const node of nodes) nodeStates[node.state] = (nodeStates[node.state] ?? 0) + 1;
    return {
      nodeStates,
      nodes: nodes.map((node) => ({ name: node.name, state: node.state, agentId: node.agentId, agentState: node.agentState })),
      recentLogs: logs.map((log) => ({ timestamp: log.timestamp.toISOString(), level: log.level, operation: log.operation, message: log.message })),
    };
  } catch (error) {
    logger.warn(`Could not read the scale set pool's node states and log: ${(error as Error).message}`);
    return { nodeStates: {}, nodes: [], recentLogs: [], unreadable: (error as Error).message };
  }
}
