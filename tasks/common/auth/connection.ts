import type { TokenCredential } from '@azure/core-auth';

/**
 * How a task signs in, as plain data. The adapter reads it from the agent (task-lib) and the core turns it
 * into a credential; nothing here knows about task-lib.
 */

export type ConnectionType = 'azureDevOps' | 'azureRM' | 'systemAccessToken';
export const CONNECTION_TYPES: readonly ConnectionType[] = ['azureDevOps', 'azureRM', 'systemAccessToken'];

/** A service connection as the agent hands it to a task (`ENDPOINT_*` variables). */
export interface ServiceEndpoint {
  /** Service connection id (lower-case GUID, the input's value). */
  id: string;
  /** Name of the task input that selected it (used in error messages). */
  inputName: string;
  url?: string;
  /** Authorization scheme, e.g. `WorkloadIdentityFederation`, `ServicePrincipal`, `ManagedServiceIdentity`. */
  scheme: string;
  /** Authorization parameters (keys lower-cased). Secret values are masked by the adapter. */
  parameters: Record<string, string>;
  /** Endpoint data (keys lower-cased). */
  data: Record<string, string>;
}

export interface SignInSettings {
  connectionType: ConnectionType;
  /** The connection used for Azure DevOps calls (absent for systemAccessToken). */
  endpoint?: ServiceEndpoint;
  /** The job's access token (System.AccessToken); needed for the OIDC request and the systemAccessToken path. */
  systemAccessToken?: string;
  /** `SYSTEM_OIDCREQUESTURI`: present only inside a pipeline job. */
  oidcRequestUri?: string;
  /**
   * A credential the host made itself, used as is for Azure DevOps and ARM: the local CLI signs in with the
   * Azure CLI, `DefaultAzureCredential` or the emulator's sample identity instead of a service connection.
   */
  local?: LocalSignIn;
}

export interface LocalSignIn {
  credential: TokenCredential;
  /** How it signed in, for logs and reports (e.g. "the Azure CLI's signed-in account"). */
  description: string;
}

/** The Entra resource id of Azure DevOps, as a scope. */
export const AZURE_DEVOPS_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';
export const ARM_DEFAULT_SCOPE = 'https://management.azure.com/.default';

const AUTHORITY_BY_ENVIRONMENT: Record<string, string> = {
  azurecloud: 'https://login.microsoftonline.com',
  azureusgovernment: 'https://login.microsoftonline.us',
  azurechinacloud: 'https://login.chinacloudapi.cn',
  azuregermancloud: 'https://login.microsoftonline.de',
};

/**
 * The Entra authority of a connection: its own data first (`activeDirectoryAuthority` /
 * `environmentAuthorityUrl`), then the well-known host of its `environment`, so sovereign clouds work.
 */
export function authorityHostOf(endpoint: ServiceEndpoint): string {
  const explicit = endpoint.data['activedirectoryauthority'] || endpoint.data['environmentauthorityurl'];
  if (explicit) return explicit.replace(/\/+$/, '');
  const environment = (endpoint.data['environment'] || 'AzureCloud').toLowerCase();
  const known = AUTHORITY_BY_ENVIRONMENT[environment];
  if (!known) {
    throw new Error(
      `Service connection '${endpoint.inputName}' names environment '${endpoint.data['environment']}' without an authority URL; ` +
        `known environments: ${Object.keys(AUTHORITY_BY_ENVIRONMENT).join(', ')}`,
    );
  }
  return known;
}

/** ARM scope of an AzureRM connection (its resource id when given, else the public cloud's). */
export function armScopeOf(endpoint: ServiceEndpoint): string {
  const resource = endpoint.data['activedirectoryserviceendpointresourceid'];
  if (!resource) return ARM_DEFAULT_SCOPE;
  return `${resource.replace(/\/+$/, '')}/.default`;
}

/** ARM base URL of an AzureRM connection. */
export function armUrlOf(endpoint: ServiceEndpoint): string {
  const url = endpoint.data['resourcemanagerurl'] || endpoint.url || 'https://management.azure.com/';
  return url.endsWith('/') ? url : `${url}/`;
}
