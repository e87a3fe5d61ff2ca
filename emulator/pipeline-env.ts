import type { Emulator } from './index';
import type { SeedServiceConnection } from './seed';
import { vstokenIssuer } from './routes/entra';
import { connectionSubject } from './routes/oidc';

export interface PipelineEnvOptions {
  /** Agent.TempDirectory (the caller makes it). */
  tempDirectory: string;
  /** Project name or id the job runs in (default: the seed's first project). */
  project?: string;
  hostType?: 'build' | 'release';
  /** Service connection ids (from the seed) to expose, as the agent does for `connectedService:*` inputs. */
  connectionIds?: string[];
  /** For `ServicePrincipal` connections with a certificate: key + certificate PEM (the seed only holds the public cert). */
  certificatePems?: Record<string, string>;
}

/** Keys upper-cased the way the agent names `ENDPOINT_AUTH_PARAMETER_<id>_<KEY>` / `ENDPOINT_DATA_<id>_<KEY>`. */
function expand(prefix: string, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}_${k.toUpperCase()}`, v]));
}

function connectionAuth(emulator: Emulator, c: SeedServiceConnection, options: PipelineEnvOptions): Record<string, string> {
  const { state } = emulator;
  const sp = state.org.servicePrincipals.find((s) => s.appId === c.servicePrincipalAppId);
  if (!sp) throw new Error(`pipelineEnv: connection ${c.id} names unknown service principal ${c.servicePrincipalAppId}`);
  if (c.scheme === 'WorkloadIdentityFederation') {
    const project = state.project(c.projectId);
    return {
      serviceprincipalid: sp.appId,
      tenantid: sp.tenantId,
      workloadIdentityFederationIssuer: vstokenIssuer(state.org.organization.id),
      workloadIdentityFederationSubject: connectionSubject(state.org.organization.name, project?.name ?? c.projectId, c.name),
    };
  }
  if (c.scheme === 'ServicePrincipal') {
    const cert = options.certificatePems?.[c.id];
    if (cert)
      return {
        serviceprincipalid: sp.appId,
        tenantid: sp.tenantId,
        authenticationType: 'spnCertificate',
        servicePrincipalCertificate: cert,
      };
    if (!sp.secret) throw new Error(`pipelineEnv: connection ${c.id} has no secret and no certificate PEM was passed`);
    return { serviceprincipalid: sp.appId, tenantid: sp.tenantId, authenticationType: 'spnKey', serviceprincipalkey: sp.secret };
  }
  return { tenantid: sp.tenantId };
}

function connectionData(emulator: Emulator, c: SeedServiceConnection): Record<string, string> {
  const authority = `${emulator.authorityHost}/`;
  const authorityData = { activeDirectoryAuthority: authority, environmentAuthorityUrl: authority };
  if (c.type === 'workloadidentityuser') return authorityData;
  const sp = emulator.state.org.servicePrincipals.find((s) => s.appId === c.servicePrincipalAppId);
  return {
    environment: 'AzureCloud',
    scopeLevel: 'Subscription',
    subscriptionid: c.subscriptionId ?? '',
    subscriptionname: c.subscriptionName ?? '',
    ...authorityData,
    resourceManagerUrl: emulator.armUrl,
    ...(c.scheme === 'ManagedServiceIdentity' && sp ? { msiclientId: sp.appId } : {}),
  };
}

/**
 * Environment variables an Azure Pipelines agent gives a task: system variables, the job token
 * (`ENDPOINT_AUTH_SYSTEMVSSCONNECTION`, `SYSTEM_ACCESSTOKEN`), the OIDC request URI and, per service connection,
 * `ENDPOINT_URL_/AUTH_/AUTH_SCHEME_/AUTH_PARAMETER_/DATA_` variables. Starts a job in the emulator (its token is live).
 */
export function pipelineEnv(emulator: Emulator, options: PipelineEnvOptions): Record<string, string> {
  const { state } = emulator;
  const job = state.issueJobToken(options.project ?? state.org.projects[0].id, options.hostType ?? 'build');
  const project = state.project(job.projectId)!;
  const env: Record<string, string> = {
    SYSTEM_COLLECTIONURI: emulator.orgUrl,
    SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: emulator.orgUrl,
    SYSTEM_TEAMFOUNDATIONSERVERURI: emulator.orgUrl,
    SYSTEM_COLLECTIONID: state.org.organization.id,
    SYSTEM_TEAMPROJECTID: project.id,
    SYSTEM_TEAMPROJECT: project.name,
    SYSTEM_HOSTTYPE: job.hostType,
    SYSTEM_PLANID: job.planId,
    SYSTEM_JOBID: job.jobId,
    SYSTEM_OIDCREQUESTURI: `${emulator.orgUrl}${project.id}/_apis/distributedtask/hubs/${job.hostType}/plans/${job.planId}/jobs/${job.jobId}/oidctoken`,
    ENDPOINT_URL_SYSTEMVSSCONNECTION: emulator.orgUrl,
    ENDPOINT_AUTH_SYSTEMVSSCONNECTION: JSON.stringify({ parameters: { AccessToken: job.token }, scheme: 'OAuth' }),
    ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION: 'OAuth',
    ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: job.token,
    SYSTEM_ACCESSTOKEN: job.token,
    AGENT_TEMPDIRECTORY: options.tempDirectory,
    NODE_EXTRA_CA_CERTS: emulator.caCertPath,
  };
  for (const rawId of options.connectionIds ?? []) {
    const id = rawId.toLowerCase();
    const c = state.org.serviceConnections.find((x) => x.id.toLowerCase() === id);
    if (!c) throw new Error(`pipelineEnv: no service connection ${rawId} in the seed`);
    const parameters = connectionAuth(emulator, c, options);
    const data = connectionData(emulator, c);
    env[`ENDPOINT_URL_${id}`] = c.type === 'azurerm' ? emulator.armUrl : emulator.orgUrl;
    env[`ENDPOINT_AUTH_${id}`] = JSON.stringify({ parameters, scheme: c.scheme });
    env[`ENDPOINT_AUTH_SCHEME_${id}`] = c.scheme;
    Object.assign(env, expand(`ENDPOINT_AUTH_PARAMETER_${id}`, parameters));
    env[`ENDPOINT_DATA_${id}`] = JSON.stringify(data);
    Object.assign(env, expand(`ENDPOINT_DATA_${id}`, data));
    if (c.scheme === 'ManagedServiceIdentity') {
      env.IDENTITY_ENDPOINT = `${emulator.url}/_msi/token`;
      env.IDENTITY_HEADER = state.org.managedIdentityHeader ?? '';
    }
  }
  return env;
}
