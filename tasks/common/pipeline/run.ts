import { failTask, type TaskHost } from '../host';
import { createTaskHost } from './host';

/**
 * The one wrapper around every task: builds the host, turns SIGTERM/SIGINT into an abort signal (so a
 * cancelled scale-in can put drained agents back), and reports any error once, cleanly, as Failed.
 */
export function runTask(taskName: string, main: (host: TaskHost, signal: AbortSignal) => Promise<void>): void {
  const host = createTaskHost();
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    host.logger.warn(`${taskName} received ${signal}: stopping safely`);
    controller.abort(new Error(`${taskName} was cancelled (${signal})`));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  main(host, controller.signal)
    .catch((error: unknown) => failTask(host, taskName, error))
    .finally(() => {
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
    });
}
