import type { ServiceEndpoint } from '../auth/connection';
import { subscriptionOf, type ManagedPoolInputs } from '../inputs/managed-pools';
import type { Logger } from '../model/context';
import type { Session } from '../session';
import type { ManagedPoolsSource } from './managed';

/**
 * Where the inventory lists Managed DevOps Pools: the `azureSubscription` connection, or the sign-in connection when
 * it is an AzureRM one. Undefined (no ARM call at all) without an ARM connection or when it names no subscription.
 */
export function managedPoolsSource(
  session: Session,
  endpoint: ServiceEndpoint | undefined,
  inputs: ManagedPoolInputs,
  logger: Logger,
): ManagedPoolsSource | undefined {
  const client = session.managedPools(endpoint, inputs.apiVersion);
  if (!client) return undefined;
  const arm = endpoint ?? session.armEndpoint;
  const subscriptionId = subscriptionOf(arm);
  if (!subscriptionId) {
    logger.warn(`Service connection '${arm?.inputName ?? 'azureSubscription'}' names no subscription: Managed DevOps Pools were not read.`);
    return undefined;
  }
  return { client, subscriptionId, resourceGroups: inputs.resourceGroups };
}
