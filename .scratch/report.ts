import * as fs from 'node:fs';
import { SAMPLE_IDS } from '../test/emulator';
import { runAgentTask, startE2eEmulator, readJson } from '../test/e2e/support';
async function main() {
  const emu = await startE2eEmulator();
  const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { connectionType: 'azureRM', azureSubscription: SAMPLE_IDS.connections.wifArm, organizationUrl: emu.orgUrl, includeCapabilities: true, includeHosted: true } });
  const r = readJson(run.variables.reportPath);
  r.pools = r.pools.map((p: any) => ({ ...p, agents: p.agents.slice(0, 1) }));
  console.log(JSON.stringify(r, null, 1).slice(0, 9000));
  console.log(fs.readFileSync(run.summaries[0], 'utf8').slice(0, 3000));
  await emu.close();
}
main();
