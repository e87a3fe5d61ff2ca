import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import {
  AzurePipelinesCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredentialOptions,
} from '@azure/identity';
import type { SecretMasker } from '../model/context';
import { authorityHostOf, type LocalSignIn, type ServiceEndpoint, type SignInSettings } from './connection';
import { maskingCredential, staticTokenCredential, tokenResponseMaskingPolicy } from './masking';

export interface SignIn {
  credential: TokenCredential;
  /** Human description for logs and summaries, e.g. "service connection 'prod-wif' (workload identity federation)". */
  description: string;
  /** True when the job token is used: the summary explains what that identity usually cannot see. */
  isJobToken: boolean;
}

/** Thrown for sign-in misconfiguration: the message says what to fix. */
export class SignInConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SignInConfigurationError';
  }
}

/**
 * One credential per run, from the connection the user chose. Tokens it returns are masked at once
 * and failures are rethrown with the connection's name and what to check.
 */
export function createSignIn(settings: SignInSettings, mask: SecretMasker, transport?: HttpClient): SignIn {
  if (settings.systemAccessToken) mask(settings.systemAccessToken);
  if (settings.local) return localSignIn(settings.local, mask);
  if (settings.connectionType === 'systemAccessToken') {
    if (!settings.systemAccessToken) {
      throw new SignInConfigurationError(
        "connectionType 'systemAccessToken' needs the job access token, but System.AccessToken is not available to this step. " +
          'In YAML, map it explicitly (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)) or choose connectionType azureDevOps.',
      );
    }
    return {
      credential: staticTokenCredential(settings.systemAccessToken),
      description: 'the job access token (System.AccessToken, the build service identity)',
      isJobToken: true,
    };
  }
  const endpoint = settings.endpoint;
  if (!endpoint) {
    const input = settings.connectionType === 'azureDevOps' ? 'azureDevOpsServiceConnection' : 'azureSubscription';
    throw new SignInConfigurationError(
      `Input '${input}' is required when connectionType is '${settings.connectionType}': choose a service connection.`,
    );
  }
  return endpointSignIn(endpoint, settings, mask, transport);
}

/** A credential for an AzureRM connection's ARM calls (same rules as above). */
export function createArmSignIn(endpoint: ServiceEndpoint, settings: SignInSettings, mask: SecretMasker, transport?: HttpClient): SignIn {
  // Outside a pipeline there are no service connections: the one local identity also calls ARM.
  if (settings.local) return localSignIn(settings.local, mask);
  return endpointSignIn(endpoint, settings, mask, transport);
}

function endpointSignIn(endpoint: ServiceEndpoint, settings: SignInSettings, mask: SecretMasker, transport?: HttpClient): SignIn {
  return {
    credential: describedCredential(credentialForEndpoint(endpoint, settings, mask, transport), endpoint, mask),
    description: `service connection ${endpoint.id} from input '${endpoint.inputName}' (${schemeLabel(endpoint.scheme)})`,
    isJobToken: false,
  };
}

function localSignIn(local: LocalSignIn, mask: SecretMasker): SignIn {
  return { credential: maskingCredential(local.credential, mask), description: local.description, isJobToken: false };
}

function credentialForEndpoint(
  endpoint: ServiceEndpoint,
  settings: SignInSettings,
  mask: SecretMasker,
  transport: HttpClient | undefined,
): TokenCredential {
  const scheme = endpoint.scheme.toLowerCase();
  const tenantId = endpoint.parameters['tenantid'];
  const clientId = endpoint.parameters['serviceprincipalid'];
  const options: TokenCredentialOptions & { disableInstanceDiscovery: boolean } = {
    authorityHost: authorityHostOf(endpoint),
    // The authority comes from the connection; trust it as given instead of asking the public cloud.
    disableInstanceDiscovery: true,
    additionalPolicies: [{ policy: tokenResponseMaskingPolicy(mask), position: 'perCall' }],
    ...(transport ? { httpClient: transport } : {}),
  };
  const need = (value: string | undefined, what: string): string => {
    if (!value) {
      throw new SignInConfigurationError(
        `Service connection '${endpoint.inputName}' (scheme ${endpoint.scheme}) has no ${what}. Edit the service connection and fill it in.`,
      );
    }
    return value;
  };
  switch (scheme) {
    case 'workloadidentityfederation': {
      const tenant = need(tenantId, 'tenant id');
      const client = need(clientId, 'service principal (client) id');
      if (!settings.oidcRequestUri) {
        throw new SignInConfigurationError(
          'Workload identity federation needs the job OIDC endpoint (System.OidcRequestUri), which exists only inside an Azure Pipelines job. ' +
            'Run this task in a pipeline job, or use connectionType systemAccessToken.',
        );
      }
      if (!settings.systemAccessToken) {
        throw new SignInConfigurationError(
          'Workload identity federation needs the job access token (System.AccessToken) to request the OIDC token, but it is not available to this step.',
        );
      }
      return new AzurePipelinesCredential(tenant, client, endpoint.id, settings.systemAccessToken, options);
    }
    case 'serviceprincipal': {
      const tenant = need(tenantId, 'tenant id');
      const client = need(clientId, 'service principal (client) id');
      const authType = (endpoint.parameters['authenticationtype'] || 'spnKey').toLowerCase();
      if (authType === 'spncertificate') {
        const certificate = need(endpoint.parameters['serviceprincipalcertificate'], 'certificate');
        return new ClientCertificateCredential(tenant, client, { certificate }, options);
      }
      const secret = need(endpoint.parameters['serviceprincipalkey'], 'client secret');
      return new ClientSecretCredential(tenant, client, secret, options);
    }
    case 'managedserviceidentity':
      return new ManagedIdentityCredential({ clientId: endpoint.data['msiclientid'] || undefined, ...options });
    default:
      throw new SignInConfigurationError(
        `Service connection '${endpoint.inputName}' uses scheme '${endpoint.scheme}', which Pool Warden cannot sign in with. ` +
          'Allowed: WorkloadIdentityFederation (recommended), ServicePrincipal (secret or certificate), ManagedServiceIdentity.',
      );
  }
}

function describedCredential(inner: TokenCredential, endpoint: ServiceEndpoint, mask: SecretMasker): TokenCredential {
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      try {
        const token = await inner.getToken(scopes, options);
        if (token) mask(token.token);
        return token;
      } catch (error) {
        throw new SignInConfigurationError(
          `Sign-in with service connection '${endpoint.inputName}' (${schemeLabel(endpoint.scheme)}) failed: ${firstLine((error as Error).message)}. ` +
            'Check the tenant and client id of the connection and, for workload identity federation, the federated credential (issuer and subject) on the app registration.',
          { cause: error },
        );
      }
    },
  };
}

function schemeLabel(scheme: string): string {
  switch (scheme.toLowerCase()) {
    case 'workloadidentityfederation':
      return 'workload identity federation';
    case 'serviceprincipal':
      return 'service principal';
    case 'managedserviceidentity':
      return 'managed identity';
    default:
      return scheme;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
