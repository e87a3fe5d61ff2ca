import { runAgentTask, startE2eEmulator, wifDevOpsInputs } from '../test/e2e/support';
async function main() {
  const emu = await startE2eEmulator();
  emu.faults.add({ service: 'ado', path: /\/distributedtask\/pools(\/\d+\/agents)?$/, kind: 'status', status: 429, retryAfterSeconds: 1, times: 12 });
  emu.faults.add({ service: 'ado', path: /\/elasticpools\/\d+\/nodes$/, kind: 'status', status: 503, retryAfterSeconds: 1, times: 2 });
  const run = await runAgentTask(emu, { task: 'PoolInventoryV1', inputs: wifDevOpsInputs(emu) });
  console.log(run.result, run.resultMessage);
  console.log(run.requests.filter(r => r.service === 'ado').map(r => `${r.seq} ${r.path.replace('/contoso','')} ${r.status} ${r.time}`).join('\n'));
  console.log(run.commands.filter(c => c.command === 'task.debug' && /→|HTTP:/.test(c.message)).map(c => c.message).join('\n'));
  await emu.close();
}
main();
