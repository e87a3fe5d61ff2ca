import { runInventory } from '../common/inventory/main';
import { systemClock } from '../common/model/context';
import { runTask } from '../common/pipeline/run';

runTask('PoolInventory', (host) => runInventory(host, systemClock));
