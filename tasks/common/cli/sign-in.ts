import { AzureCliCredential, DefaultAzureCredential } from '@azure/identity';
import type { ServiceEndpoint, SignInSettings } from '../auth/connection';
import type { CliCredentialKind } from './inputs';

/** Id of the one pseudo-connection the CLI uses for ARM: same id as the sign-in, so the session reuses it. */
const LOCAL_ENDPOINT_ID = 'pool-warden-cli';

export interface LocalSignInPlan {
  signIn: SignInSettings;
  armEndpoint: ServiceEndpoint;
}

/**
 * Sign-in outside a pipeline: the Azure CLI's account (`az login`) or DefaultAzureCredential, for the Azure DevOps
 * scope and, when `--azureSubscription` is given, for ARM too. `connectionType` is azureRM only so that the
 * inventory reads scale sets with the same identity; no service connection is involved.
 */
export function cliSignIn(kind: CliCredentialKind, tenantId: string | undefined, useArm: boolean): LocalSignInPlan {
  const credential =
    kind === 'azureCli' ? new AzureCliCredential(tenantId ? { tenantId } : {}) : new DefaultAzureCredential(tenantId ? { tenantId } : {});
  const description =
    kind === 'azureCli'
      ? "the Azure CLI's signed-in account (az login)"
      : 'DefaultAzureCredential (environment, managed identity, Azure CLI, …)';
  const armEndpoint = localEndpoint('https://management.azure.com/');
  return {
    signIn: { connectionType: useArm ? 'azureRM' : 'azureDevOps', endpoint: armEndpoint, local: { credential, description } },
    armEndpoint,
  };
}

/** The one pseudo-connection the CLI signs in and reads ARM through (an emulator's or Azure's Resource Manager URL). */
export function localEndpoint(resourceManagerUrl: string): ServiceEndpoint {
  return {
    id: LOCAL_ENDPOINT_ID,
    inputName: 'azureSubscription',
    url: resourceManagerUrl,
    scheme: 'Local',
    parameters: {},
    data: { resourcemanagerurl: resourceManagerUrl },
  };
}
