/**
 * What the core needs from its surroundings. The task adapter (task-lib) and the tests provide
 * implementations; the core never imports task-lib.
 */

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Opens a collapsible section in the pipeline log. */
  group?(title: string): void;
  endGroup?(): void;
}

export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason ?? new Error('aborted'));
      });
    }),
};

/** Registers a value to be masked in every log line (task-lib `setSecret`). */
export type SecretMasker = (value: string) => void;
