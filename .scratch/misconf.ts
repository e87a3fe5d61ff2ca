import { SAMPLE_IDS } from '../test/emulator';
import { runAgentTask, startE2eEmulator, wifDevOpsInputs } from '../test/e2e/support';

async function main() {
  const emu = await startE2eEmulator();
  const wif = SAMPLE_IDS.connections.wifDevOps;
  const show = (name: string, run: any) => {
    console.log(`=== ${name}: ${run.result} :: ${run.resultMessage}`);
    console.log('  reqs', run.requests.map((r: any) => `${r.service} ${r.method} ${r.path.replace(/\/contoso/, '')} ${r.status}`).join(' | '));
    console.log('  stderr', run.stderr.slice(0, 300));
  };
  const base = wifDevOpsInputs(emu);
  show('no-connection-exposed', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: base, connectionIds: [] }));
  show('empty connection input', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...base, azureDevOpsServiceConnection: '' } }));
  const authJson = (params: Record<string, string>, scheme: string) => JSON.stringify({ parameters: params, scheme });
  show('bad scheme', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: base, env: { [`ENDPOINT_AUTH_${wif}`]: authJson({ username: 'x', password: 'y' }, 'UsernamePassword'), [`ENDPOINT_AUTH_SCHEME_${wif}`]: 'UsernamePassword' } }));
  show('no tenant', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: base, env: { [`ENDPOINT_AUTH_${wif}`]: authJson({ serviceprincipalid: SAMPLE_IDS.wifApp.appId }, 'WorkloadIdentityFederation'), [`ENDPOINT_AUTH_PARAMETER_${wif}_TENANTID`]: undefined } }));
  show('no client', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: base, env: { [`ENDPOINT_AUTH_${wif}`]: authJson({ tenantid: SAMPLE_IDS.tenantId }, 'WorkloadIdentityFederation'), [`ENDPOINT_AUTH_PARAMETER_${wif}_SERVICEPRINCIPALID`]: undefined } }));
  show('no oidc uri', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: base, env: { SYSTEM_OIDCREQUESTURI: undefined } }));
  show('http org', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...base, organizationUrl: emu.orgUrl.replace('https', 'http') } }));
  show('garbage org', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...base, organizationUrl: 'contoso' } }));
  show('other org', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...base, organizationUrl: `${emu.url}/fabrikam/` } }));
  show('unknown type', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...base, connectionType: 'pat' } }));
  show('bad poolType', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...base, poolType: 'cloud' } }));
  show('bad stale', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...base, staleAfterHours: 'soon' } }));
  emu.faults.add({ service: 'ado', kind: 'html203' });
  show('203', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: base }));
  emu.faults.clear();
  emu.faults.add({ service: 'ado', kind: 'status', status: 401 });
  show('401', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: base }));
  emu.faults.clear();
  const wifIdentity = emu.state.identity(SAMPLE_IDS.wifApp.identityId)!;
  const grants = wifIdentity.grants; wifIdentity.grants = ['projects:read'];
  const pca = emu.state.identity(SAMPLE_IDS.groups.pca)!; const members = pca.members; pca.members = members!.filter((m) => m !== SAMPLE_IDS.wifApp.identityId);
  show('403', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: base }));
  wifIdentity.grants = grants; pca.members = members;
  // outsider
  emu.state.org.serviceConnections.push({ id: '0e0e0e0e-1111-4222-8333-444455556666', name: 'outsider', projectId: SAMPLE_IDS.projects.platform, type: 'azurerm', scheme: 'ServicePrincipal', servicePrincipalAppId: SAMPLE_IDS.outsiderApp.appId, subscriptionId: SAMPLE_IDS.subscriptionId });
  show('outsider', await runAgentTask(emu, { task: 'PoolInventoryV1', connectionIds: ['0e0e0e0e-1111-4222-8333-444455556666'], inputs: { connectionType: 'azureRM', azureSubscription: '0e0e0e0e-1111-4222-8333-444455556666', organizationUrl: emu.orgUrl } }));
  await emu.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
