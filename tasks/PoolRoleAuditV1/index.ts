import { runPoolRoleAudit } from '../common/audit/main';
import { systemClock } from '../common/model/context';
import { runTask } from '../common/pipeline/run';

runTask('PoolRoleAudit', (host) => runPoolRoleAudit(host, systemClock));
