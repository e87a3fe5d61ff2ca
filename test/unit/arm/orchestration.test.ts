import { strict as assert } from 'node:assert';
import {
  flexibleInstances,
  flexibleVmPath,
  orchestrationModeOf,
  resourceGroupVmsPath,
  scaleSetVmFilter,
} from '../../../tasks/common/arm/orchestration';
import { parseScaleSetId } from '../../../tasks/common/arm/vmss';

const ID = '/subscriptions/s1/resourceGroups/build/providers/Microsoft.Compute/virtualMachineScaleSets/agents';

describe('scale set orchestration modes (pure mapping)', () => {
  it('reads properties.orchestrationMode: absent is Uniform, case does not matter, anything else is refused', () => {
    assert.equal(orchestrationModeOf(undefined, ID), 'Uniform');
    assert.equal(orchestrationModeOf('Uniform', ID), 'Uniform');
    assert.equal(orchestrationModeOf('flexible', ID), 'Flexible');
    assert.throws(() => orchestrationModeOf('VM', ID), new RegExp(`Scale set ${ID} has orchestration mode 'VM'`));
  });

  it('maps the VMs of the set to instances: VM name as instance id, osProfile.computerName as agent name', () => {
    const vm = (name: string, setId: string | undefined, computerName?: string) => ({
      name,
      properties: {
        provisioningState: 'Succeeded',
        ...(computerName ? { osProfile: { computerName } } : {}),
        ...(setId ? { virtualMachineScaleSet: { id: setId } } : {}),
      },
    });
    const instances = flexibleInstances(
      [
        vm('agents_0000000a', ID.toUpperCase(), 'agents00000A'),
        vm('standalone', undefined, 'standalone'),
        vm('agents2_00000001', `${ID}2`, 'agents2000001'),
        vm('agents_0000000b', ID),
      ],
      ID,
    );
    assert.deepEqual(instances, [
      { instanceId: 'agents_0000000a', name: 'agents_0000000a', computerName: 'agents00000A', provisioningState: 'Succeeded' },
      { instanceId: 'agents_0000000b', name: 'agents_0000000b', computerName: '', provisioningState: 'Succeeded' },
    ]);
  });

  it('builds the documented $filter and the VM paths in the resource group of the set', () => {
    const set = parseScaleSetId(ID);
    assert.equal(scaleSetVmFilter(ID), `'virtualMachineScaleSet/id' eq '${ID}'`);
    assert.equal(resourceGroupVmsPath(set), 'subscriptions/s1/resourceGroups/build/providers/Microsoft.Compute/virtualMachines');
    assert.equal(flexibleVmPath(set, 'agents_0000000a'), `${resourceGroupVmsPath(set)}/agents_0000000a`);
  });
});
