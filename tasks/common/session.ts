import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { AdoApi } from './ado/api';
import { armScopeOf, armUrlOf, AZURE_DEVOPS_SCOPE, type ServiceEndpoint, type SignInSettings } from './auth/connection';
import { createArmSignIn, createSignIn, type SignIn } from './auth/credentials';
import { ScaleSetClient } from './arm/vmss';
import { ManagedPoolClient } from './arm/managed-pools';
import { RestClient } from './http/client';
import { createStats, type HttpStats } from './http/stats';
import type { TaskHost } from './host';
import type { Clock, Logger, SecretMasker } from './model/context';
import { TOOL_VERSION } from './version';

export interface SessionOptions {
  signIn: SignInSettings;
  organizationUrl: string;
  maxConcurrency: number;
  logger: Logger;
  clock: Clock;
  mask: SecretMasker;
  /** How long to wait between polls of an ARM long-running operation that sends no Retry-After (default 5 s). */
  armPollIntervalMs?: number;
  /** Transport of every request, sign-in included (see TaskHost.transport); default the SDK's Node client. */
  transport?: HttpClient;
}

/** One run's connections: one credential, one HTTP client per token scope, shared statistics. */
export interface Session {
  ado: AdoApi;
  signIn: SignIn;
  stats: HttpStats;
  /** ARM access through an AzureRM connection (the sign-in one, or another input's). */
  scaleSets(endpoint?: ServiceEndpoint): ScaleSetClient | undefined;
  /** Managed DevOps Pools through an AzureRM connection (the sign-in one when none is given); undefined without one. */
  managedPools(endpoint: ServiceEndpoint | undefined, apiVersion: string): ManagedPoolClient | undefined;
  /** The sign-in connection when it is an AzureRM one (the default ARM connection). */
  armEndpoint?: ServiceEndpoint;
}

export function openSession(options: SessionOptions): Session {
  const signIn = createSignIn(options.signIn, options.mask, options.transport);
  const stats = createStats();
  // One client (and so one concurrency gate) per credential and scope; all of them add to the run's statistics.
  const clientFor = (credential: TokenCredential, scope: string) =>
    new RestClient({
      credential,
      scope,
      maxConcurrency: options.maxConcurrency,
      logger: options.logger,
      clock: options.clock,
      stats,
      userAgent: `pool-warden/${TOOL_VERSION}`,
      transport: options.transport,
    });
  const armClients = new Map<string, ScaleSetClient>();
  const armRest = new Map<string, RestClient>();
  // One ARM client (one credential, one gate) per connection, shared by every ARM area.
  const armRestFor = (endpoint: ServiceEndpoint): RestClient => {
    let client = armRest.get(endpoint.id);
    if (!client) {
      const armSignIn =
        endpoint.id === options.signIn.endpoint?.id ? signIn : createArmSignIn(endpoint, options.signIn, options.mask, options.transport);
      client = clientFor(armSignIn.credential, armScopeOf(endpoint));
      armRest.set(endpoint.id, client);
    }
    return client;
  };
  // The sign-in connection doubles as the default ARM connection when it is an AzureRM one.
  const signInArm = options.signIn.connectionType === 'azureRM' ? options.signIn.endpoint : undefined;
  return {
    ado: new AdoApi(clientFor(signIn.credential, AZURE_DEVOPS_SCOPE), options.organizationUrl, options.logger),
    signIn,
    stats,
    scaleSets(endpoint = signInArm) {
      if (!endpoint) return undefined;
      let scaleSets = armClients.get(endpoint.id);
      if (!scaleSets) {
        scaleSets = new ScaleSetClient(armRestFor(endpoint), armUrlOf(endpoint), options.clock, options.armPollIntervalMs);
        armClients.set(endpoint.id, scaleSets);
      }
      return scaleSets;
    },
    armEndpoint: signInArm,
    managedPools(endpoint = signInArm, apiVersion) {
      if (!endpoint) return undefined;
      return new ManagedPoolClient(armRestFor(endpoint), armUrlOf(endpoint), options.clock, apiVersion, options.armPollIntervalMs);
    },
  };
}

/** Opens a task's session from its host (sign-in inputs, logger, masker) and says who the task signed in as. */
export function openTaskSession(
  host: TaskHost,
  inputs: { organizationUrl: string; maxConcurrency: number },
  clock: Clock,
  extra: Pick<SessionOptions, 'armPollIntervalMs'> = {},
): Session {
  const session = openSession({
    ...extra,
    signIn: host.readSignIn(),
    organizationUrl: inputs.organizationUrl,
    maxConcurrency: inputs.maxConcurrency,
    logger: host.logger,
    clock,
    mask: host.mask,
    transport: host.transport,
  });
  host.logger.info(`Signed in with ${session.signIn.description}`);
  return session;
}
