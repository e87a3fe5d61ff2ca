import { strict as assert } from 'node:assert';
import { Agent } from 'node:https';
import { AzurePipelinesCredential } from '@azure/identity';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import {
  startEmulator,
  sampleOrganization,
  SAMPLE_IDS,
  pipelineEnv,
  makeClientCertificate,
  type Emulator,
  sharedEmulatorKeys,
} from '../../../emulator';
import { call, claimsOf, secretToken, wifToken, ADO_SCOPE, ARM_SCOPE } from './helpers';
import { SignJwtForTest } from './sign-assertion';

/** In-process TLS trust: an https Agent with the emulator's `ca` on every request MSAL / identity make. */
function trustingHttpClient(ca: string): HttpClient {
  const inner = createDefaultHttpClient();
  const agent = new Agent({ ca });
  return {
    sendRequest: (request) => {
      request.agent = agent;
      return inner.sendRequest(request);
    },
  };
}

describe('emulator: Entra + job OIDC', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ keys: await sharedEmulatorKeys(), seed: sampleOrganization(), accessTokenLifetimeSeconds: 120 });
  });
  after(() => emu.close());

  it('serves the OpenID configuration MSAL needs', async () => {
    const res = await call(emu, 'GET', `/${SAMPLE_IDS.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'issuer', 'jwks_uri']) assert.ok(res.json[key], key);
    assert.equal(res.json.token_endpoint, `${emu.url}/${SAMPLE_IDS.tenantId}/oauth2/v2.0/token`);
  });

  it('exchanges a job OIDC token for ARM and Azure DevOps tokens with the real AzurePipelinesCredential', async () => {
    const env = pipelineEnv(emu, { tempDirectory: '/tmp', connectionIds: [SAMPLE_IDS.connections.wifArm] });
    const saved = process.env.SYSTEM_OIDCREQUESTURI;
    process.env.SYSTEM_OIDCREQUESTURI = env.SYSTEM_OIDCREQUESTURI;
    try {
      const credential = new AzurePipelinesCredential(
        SAMPLE_IDS.tenantId,
        SAMPLE_IDS.wifApp.appId,
        SAMPLE_IDS.connections.wifArm,
        env.SYSTEM_ACCESSTOKEN,
        {
          authorityHost: emu.authorityHost,
          disableInstanceDiscovery: true,
          httpClient: trustingHttpClient(emu.ca),
        },
      );
      const arm = await credential.getToken(ARM_SCOPE);
      assert.equal(claimsOf(arm.token).aud, 'https://management.azure.com/');
      assert.equal(claimsOf(arm.token).appid, SAMPLE_IDS.wifApp.appId);
      const ado = await credential.getToken(ADO_SCOPE);
      assert.equal(claimsOf(ado.token).aud, '499b84ac-1321-427f-aa17-267ca6975798');
      assert.equal(claimsOf(ado.token).oid, SAMPLE_IDS.wifApp.objectId);
      const expiresInSeconds = (ado.expiresOnTimestamp - Date.now()) / 1000;
      assert.ok(expiresInSeconds > 60 && expiresInSeconds <= 121, `short lifetime honoured (${expiresInSeconds})`);
      assert.ok(emu.requests.some((r) => r.service === 'oidc' && r.status === 200));
    } finally {
      if (saved === undefined) delete process.env.SYSTEM_OIDCREQUESTURI;
      else process.env.SYSTEM_OIDCREQUESTURI = saved;
    }
  });

  it('issues OIDC tokens with the vstoken issuer and the connection subject', async () => {
    const job = emu.state.issueJobToken('Platform');
    const res = await call(
      emu,
      'POST',
      `${emu.orgUrl}${job.projectId}/_apis/distributedtask/hubs/build/plans/${job.planId}/jobs/${job.jobId}/oidctoken?serviceConnectionId=${SAMPLE_IDS.connections.wifArm}&api-version=7.1`,
      { token: job.token, body: {} },
    );
    assert.equal(res.status, 200);
    const claims = claimsOf(res.json.oidcToken);
    assert.equal(claims.iss, `https://vstoken.dev.azure.com/${SAMPLE_IDS.orgId}`);
    assert.equal(claims.aud, 'api://AzureADTokenExchange');
    assert.equal(claims.sub, 'sc://contoso/Platform/pool-warden-arm');
    assert.equal(Number(claims.exp) - Number(claims.iat), 600);
  });

  it('rejects an OIDC token presented by an app not federated with that connection', async () => {
    await assert.rejects(wifToken(emu, SAMPLE_IDS.connections.wifArm, SAMPLE_IDS.readerApp.appId, ARM_SCOPE), /AADSTS700213/);
  });

  it('rejects an OIDC request without a job token or for an unknown connection', async () => {
    const job = emu.state.issueJobToken('Platform');
    const url = `${emu.orgUrl}${job.projectId}/_apis/distributedtask/hubs/build/plans/${job.planId}/jobs/${job.jobId}/oidctoken?api-version=7.1`;
    assert.equal((await call(emu, 'POST', `${url}&serviceConnectionId=${SAMPLE_IDS.connections.wifArm}`, { body: {} })).status, 401);
    assert.equal(
      (await call(emu, 'POST', `${url}&serviceConnectionId=00000000-0000-0000-0000-000000000000`, { token: job.token, body: {} })).status,
      400,
    );
  });

  it('accepts the right client secret and answers AADSTS7000215 for a wrong one', async () => {
    const token = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
    assert.equal(claimsOf(token).tid, SAMPLE_IDS.tenantId);
    const res = await call(emu, 'POST', `/${SAMPLE_IDS.tenantId}/oauth2/v2.0/token`, {
      form: { grant_type: 'client_credentials', client_id: SAMPLE_IDS.wifApp.appId, client_secret: 'nope', scope: ADO_SCOPE },
    });
    assert.equal(res.status, 401);
    assert.equal(res.json.error, 'invalid_client');
    assert.deepEqual(res.json.error_codes, [7000215]);
    assert.match(res.json.error_description, /^AADSTS7000215:/);
  });

  it('accepts a certificate-signed assertion only with a registered certificate', async () => {
    const cert = await makeClientCertificate();
    const other = (await sharedEmulatorKeys()).tls; // a certificate with a key, not registered on the app
    emu.state.org.servicePrincipals.find((s) => s.appId === SAMPLE_IDS.readerApp.appId)!.certificatePems = [cert.cert];
    const tokenUrl = `${emu.url}/${SAMPLE_IDS.tenantId}/oauth2/v2.0/token`;
    const form = (assertion: string) => ({
      grant_type: 'client_credentials',
      client_id: SAMPLE_IDS.readerApp.appId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: ARM_SCOPE,
    });
    const good = await call(emu, 'POST', tokenUrl, { form: form(SignJwtForTest(cert, SAMPLE_IDS.readerApp.appId, tokenUrl)) });
    assert.equal(good.status, 200, good.text);
    const bad = await call(emu, 'POST', tokenUrl, { form: form(SignJwtForTest(other, SAMPLE_IDS.readerApp.appId, tokenUrl)) });
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.json.error_codes, [700027]);
  });

  it('answers 401 TF400813 on Azure DevOps for an app that is not a member of the org', async () => {
    const token = await secretToken(emu, SAMPLE_IDS.outsiderApp.appId, 'outsider-secret', ADO_SCOPE);
    const res = await call(emu, 'GET', `${emu.orgUrl}_apis/distributedtask/pools?api-version=7.1`, { token });
    assert.equal(res.status, 401);
    assert.match(res.json.message, /^TF400813/);
    assert.equal(res.json.typeKey, 'UnauthorizedRequestException');
  });

  it('challenges with WWW-Authenticate when an access token has expired, as Azure DevOps and ARM do', async () => {
    const ado = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
    const arm = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ARM_SCOPE);
    emu.tick(121_000);
    const res = await call(emu, 'GET', `${emu.orgUrl}_apis/distributedtask/pools?api-version=7.1`, { token: ado });
    assert.equal(res.status, 401);
    assert.match(
      String(res.headers['www-authenticate']),
      new RegExp(`^Bearer authorization_uri=https://login\\.microsoftonline\\.com/${SAMPLE_IDS.tenantId}`),
    );
    const armRes = await call(
      emu,
      'GET',
      `${emu.armUrl}subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/rg-agents/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-selfmanaged?api-version=2024-07-01`,
      { token: arm },
    );
    assert.equal(armRes.status, 401);
    assert.equal(armRes.json.error.code, 'ExpiredAuthenticationToken');
    assert.match(String(armRes.headers['www-authenticate']), /error="invalid_token"/);
  });

  it('rejects an ARM token on Azure DevOps and an Azure DevOps token on ARM', async () => {
    const arm = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ARM_SCOPE);
    assert.equal((await call(emu, 'GET', `${emu.orgUrl}_apis/distributedtask/pools?api-version=7.1`, { token: arm })).status, 401);
    const ado = await secretToken(emu, SAMPLE_IDS.wifApp.appId, SAMPLE_IDS.wifSecret, ADO_SCOPE);
    const res = await call(
      emu,
      'GET',
      `${emu.armUrl}subscriptions/${SAMPLE_IDS.subscriptionId}/resourceGroups/rg-agents/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-selfmanaged?api-version=2024-07-01`,
      { token: ado },
    );
    assert.equal(res.status, 401);
    assert.equal(res.json.error.code, 'InvalidAuthenticationTokenAudience');
  });

  it('serves managed identity tokens on the App Service style endpoint', async () => {
    const env = pipelineEnv(emu, { tempDirectory: '/tmp', connectionIds: [SAMPLE_IDS.connections.msiArm] });
    const res = await call(emu, 'GET', `${env.IDENTITY_ENDPOINT}?resource=https://management.azure.com&api-version=2019-08-01`, {
      headers: { 'X-IDENTITY-HEADER': env.IDENTITY_HEADER },
    });
    assert.equal(res.status, 200);
    assert.equal(claimsOf(res.json.access_token).oid, SAMPLE_IDS.managedIdentity.objectId);
    assert.equal((await call(emu, 'GET', `${env.IDENTITY_ENDPOINT}?resource=x`)).status, 401);
  });
});
