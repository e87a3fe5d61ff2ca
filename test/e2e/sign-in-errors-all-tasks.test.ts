import { strict as assert } from 'node:assert';
import { SAMPLE_IDS, type Emulator } from '../../emulator';
import { assertNoWrites, runAgentTask, startE2eEmulator, tail, wifDevOpsInputs } from './support';

const WIF = SAMPLE_IDS.connections.wifDevOps;

/** An identity removed from the organization: every task says who was refused and what to fix, and writes nothing. */
describe('e2e: a 401 from Azure DevOps is explained the same way by every task', function () {
  this.timeout(60_000);
  let emu: Emulator;
  before(async () => {
    emu = await startE2eEmulator();
    emu.faults.add({ service: 'ado', kind: 'status', status: 401 });
  });
  after(() => emu.close());

  const cases: { task: string; inputs: Record<string, string> }[] = [
    { task: 'ScaleSetAgentsV1', inputs: { pool: 'vmss-elastic', action: 'remove', count: '1' } },
    { task: 'PoolRoleAuditV1', inputs: {} },
    { task: 'PatAuditV1', inputs: {} },
  ];
  for (const { task, inputs } of cases) {
    it(`${task}: Failed, names the connection and Organization settings > Users`, async () => {
      const run = await runAgentTask(emu, { task, inProcess: true, inputs: { ...wifDevOpsInputs(emu), ...inputs } });
      assert.equal(run.result, 'Failed', tail(run));
      assert.match(
        run.resultMessage ?? '',
        new RegExp(
          `did not accept service connection ${WIF} from input 'azureDevOpsServiceConnection'.*HTTP 401.*Organization settings > Users`,
        ),
      );
      assertNoWrites(run);
    });
  }
});
