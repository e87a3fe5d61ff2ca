import { AzureCliCredential, ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import type { ServiceEndpoint, SignInSettings } from '../auth/connection';
import { SAMPLE_IDS } from '../../../emulator/sample-org';
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

/**
 * Sign-in against the embedded emulator: its sample organization's service principal, with a client secret the
 * emulator made up (it is not a credential anywhere else). The emulator's Entra endpoint is the authority.
 */
export function emulatorSignIn(emulatorUrl: string, useArm: boolean): LocalSignInPlan {
  const credential = new ClientSecretCredential(SAMPLE_IDS.tenantId, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, {
    authorityHost: emulatorUrl,
    disableInstanceDiscovery: true,
  });
  const armEndpoint = localEndpoint(`${emulatorUrl}/_arm/`);
  return {
    signIn: {
      connectionType: useArm ? 'azureRM' : 'azureDevOps',
      endpoint: armEndpoint,
      local: { credential, description: "the emulator's sample service principal 'pool-warden-wif'" },
    },
    armEndpoint,
  };
}

function localEndpoint(resourceManagerUrl: string): ServiceEndpoint {
  return {
    id: LOCAL_ENDPOINT_ID,
    inputName: 'azureSubscription',
    url: resourceManagerUrl,
    scheme: 'Local',
    parameters: {},
    data: { resourcemanagerurl: resourceManagerUrl },
  };
}
