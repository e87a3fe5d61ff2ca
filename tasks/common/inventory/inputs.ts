import { readBoolean, readChoice, readHttpsUrl, readInteger, readString, type InputReader } from '../inputs/read';
import { POOL_TYPE_FILTERS } from './filters';
import type { InventoryOptions } from './collect';
import { parseManagedPoolInputs, type ManagedPoolInputs } from '../inputs/managed-pools';

export interface InventoryInputs extends InventoryOptions {
  organizationUrl: string;
  reportDirectory?: string;
  managedPools: ManagedPoolInputs;
}

/** Parses and validates every PoolInventory input before any request is sent. */
export function parseInventoryInputs(read: InputReader, collectionUri?: string): InventoryInputs {
  return {
    organizationUrl: readHttpsUrl(read, 'organizationUrl', collectionUri),
    poolNameFilter: readString(read, 'poolNameFilter', { default: '*' }),
    poolType: readChoice(read, 'poolType', POOL_TYPE_FILTERS, 'all'),
    includeHosted: readBoolean(read, 'includeHosted', false),
    includeCapabilities: readBoolean(read, 'includeCapabilities', false),
    includeScaleSets: readBoolean(read, 'includeScaleSets', true),
    includePipelineAccess: readBoolean(read, 'includePipelineAccess', true),
    staleAfterHours: readInteger(read, 'staleAfterHours', { default: 24, min: 1, max: 24 * 365 }),
    maxConcurrency: readInteger(read, 'maxConcurrency', { default: 32, min: 1, max: 64 }),
    reportDirectory: readString(read, 'reportDirectory'),
    managedPools: parseManagedPoolInputs(read),
  };
}
