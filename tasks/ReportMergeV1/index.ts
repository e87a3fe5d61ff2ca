import { runReportMerge } from '../common/merge/main';
import { runTask } from '../common/pipeline/run';

runTask('ReportMerge', (host) => runReportMerge(host));
