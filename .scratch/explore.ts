import { SAMPLE_IDS, makeClientCertificate } from '../test/emulator';
import { runAgentTask, startE2eEmulator, wifDevOpsInputs, tail } from '../test/e2e/support';

async function main() {
  const emu = await startE2eEmulator();
  const show = (name: string, run: any) => {
    console.log(`=== ${name}: ${run.result} :: ${run.resultMessage}`);
    console.log('  vars', JSON.stringify(run.variables));
    console.log('  reqs', run.requests.map((r: any) => `${r.service} ${r.method} ${r.path.replace(/\/contoso/, '')} ${r.status} ${r.identityId ?? ''}`).join('\n       '));
    console.log('  warnings', run.warnings.slice(0, 5));
    console.log('  errors', run.errors);
  };
  const which = process.argv[2] ?? 'all';
  if (which === 'all' || which === 'wif') show('wif', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) }));
  if (which === 'all' || which === 'job') show('job', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { connectionType: 'systemAccessToken', organizationUrl: emu.orgUrl } }));
  if (which === 'all' || which === 'armwif') show('armwif', await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { connectionType: 'azureRM', azureSubscription: SAMPLE_IDS.connections.wifArm, organizationUrl: emu.orgUrl } }));
  if (which === 'all' || which === 'secret') show('secret', await runAgentTask(emu, { task: 'PoolInventoryV1', connectionIds: [SAMPLE_IDS.connections.secretArm], inputs: { connectionType: 'azureRM', azureSubscription: SAMPLE_IDS.connections.secretArm, organizationUrl: emu.orgUrl } }));
  if (which === 'all' || which === 'msi') show('msi', await runAgentTask(emu, { task: 'PoolInventoryV1', connectionIds: [SAMPLE_IDS.connections.msiArm], inputs: { connectionType: 'azureRM', azureSubscription: SAMPLE_IDS.connections.msiArm, organizationUrl: emu.orgUrl } }));
  await emu.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
