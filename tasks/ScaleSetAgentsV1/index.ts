import { systemClock } from '../common/model/context';
import { runTask } from '../common/pipeline/run';
import { runScaleSetAgents } from '../common/scaling/main';

runTask('ScaleSetAgents', (host, signal) => runScaleSetAgents(host, systemClock, signal));
