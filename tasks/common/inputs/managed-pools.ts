/** Inputs every task that reads Managed DevOps Pools shares: where to list them and which api-version to use. */
import { MANAGED_POOLS_API_VERSION } from '../arm/managed-pools';
import { InputError, readString, type InputReader } from './read';

export interface ManagedPoolInputs {
  /** Empty = list the whole subscription of the ARM connection. */
  resourceGroups: string[];
  apiVersion: string;
}

const RESOURCE_GROUP = /^[-\w._()]{1,90}$/;
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

export function parseManagedPoolInputs(read: InputReader): ManagedPoolInputs {
  const groups = (readString(read, 'managedPoolResourceGroups') ?? '')
    .split(',')
    .map((group) => group.trim())
    .filter(Boolean);
  for (const group of groups) {
    if (!RESOURCE_GROUP.test(group) || group.endsWith('.')) {
      throw new InputError(
        'managedPoolResourceGroups',
        `must be comma-separated resource group names (letters, digits, '-', '_', '.', '(', ')'; up to 90 characters), e.g. 'rg-devops-pools, rg-build'; got '${group}'.`,
      );
    }
  }
  const apiVersion = readString(read, 'managedPoolsApiVersion', { default: MANAGED_POOLS_API_VERSION });
  if (!API_VERSION.test(apiVersion)) {
    throw new InputError(
      'managedPoolsApiVersion',
      `must be an api-version of Microsoft.DevOpsInfrastructure such as ${MANAGED_POOLS_API_VERSION} or 2024-04-04-preview; got '${apiVersion}'.`,
    );
  }
  return { resourceGroups: groups, apiVersion };
}

/** The subscription of an AzureRM connection (`ENDPOINT_DATA_…_SUBSCRIPTIONID`). */
export function subscriptionOf(endpoint: { data: Record<string, string>; inputName: string } | undefined): string | undefined {
  return endpoint?.data['subscriptionid'] || undefined;
}
