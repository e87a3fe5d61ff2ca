import { systemClock } from '../common/model/context';
import { runPatAudit } from '../common/pats/main';
import { runTask } from '../common/pipeline/run';

runTask('PatAudit', (host) => runPatAudit(host, systemClock));
