import { deleteAgent, getAgent, listAgents, setAgentEnabled } from '../ado/agents';
import type { AdoApi } from '../ado/api';
import { getElasticPool, listElasticLogs, listElasticNodes, updateElasticPool } from '../ado/elastic';
import type { AgentPoolPort, ElasticPoolPort } from '../model/scale-set-ports';

/** The executor's agent port over the Azure DevOps REST API. */
export function adoAgentPort(ado: AdoApi): AgentPoolPort {
  return {
    listAgents: (poolId) => listAgents(ado, poolId),
    getAgent: async (poolId, agentId) => (await getAgent(ado, poolId, agentId)) ?? null,
    setAgentEnabled: (poolId, agentId, enabled) => setAgentEnabled(ado, poolId, agentId, enabled),
    deleteAgent: (poolId, agentId) => deleteAgent(ado, poolId, agentId),
  };
}

/** The executor's elastic pool port (Azure DevOps-managed scale sets: never resized through ARM). */
export function adoElasticPort(ado: AdoApi): ElasticPoolPort {
  return {
    async get(poolId) {
      const pool = await getElasticPool(ado, poolId);
      if (!pool) throw new Error(`Pool ${poolId} has no scale set (elastic pool) settings`);
      return pool;
    },
    update: (poolId, settings) => updateElasticPool(ado, poolId, settings),
    nodes: (poolId) => listElasticNodes(ado, poolId),
    logs: (poolId, top) => listElasticLogs(ado, poolId, top),
  };
}
