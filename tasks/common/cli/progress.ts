import * as diagnostics from 'node:diagnostics_channel';

/** The part of a stream the progress line needs (process.stderr, or a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  /** The latest thing the task said it is doing (shown after the counters). */
  note(text: string): void;
  /** Erases the line so a log line can be printed; the next tick draws it again. */
  clear(): void;
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const NO_PROGRESS: Progress = { note: () => undefined, clear: () => undefined, stop: () => undefined };

/**
 * A one-line progress display on a terminal: elapsed time, HTTP requests sent so far (counted through Node's
 * `http.client.request.start` diagnostics channel, so the core needs no hook) and the task's latest message.
 * Shown only when the stream is a TTY, and only once a run has taken longer than `delayMs` (long reads).
 */
export function startProgress(
  stream: ProgressStream,
  options: { delayMs?: number; intervalMs?: number; now?: () => number } = {},
): Progress {
  if (!stream.isTTY) return NO_PROGRESS;
  const now = options.now ?? Date.now;
  const started = now();
  const delayMs = options.delayMs ?? 700;
  let requests = 0;
  let latest = '';
  let frame = 0;
  let shown = false;
  const onRequest = () => {
    requests++;
  };
  diagnostics.subscribe('http.client.request.start', onRequest);
  const draw = () => {
    if (now() - started < delayMs) return;
    const seconds = ((now() - started) / 1000).toFixed(1);
    const text = `${FRAMES[frame++ % FRAMES.length]} ${seconds} s · ${requests} requests${latest ? ` · ${latest}` : ''}`;
    stream.write(`\r\x1b[K${text.slice(0, 110)}`);
    shown = true;
  };
  const timer = setInterval(draw, options.intervalMs ?? 120);
  timer.unref();
  const clear = () => {
    if (!shown) return;
    stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    note: (text) => {
      latest = text.split('\n')[0];
    },
    clear,
    stop: () => {
      clearInterval(timer);
      diagnostics.unsubscribe('http.client.request.start', onRequest);
      clear();
    },
  };
}
