import { runAgentTask, startE2eEmulator, wifDevOpsInputs } from '../test/e2e/support';
async function main() {
  const emu = await startE2eEmulator({ accessTokenLifetimeSeconds: 3, latency: { fixedMs: 200, jitterMs: 0 } });
  const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: { ...wifDevOpsInputs(emu), maxConcurrency: 1 } });
  console.log(run.result, run.resultMessage);
  console.log(run.requests.map(r => `${r.seq} ${r.service} ${r.path.replace('/contoso','').slice(0,60)} ${r.status} ${r.time}`).join('\n'));
  await emu.close();
}
main();
