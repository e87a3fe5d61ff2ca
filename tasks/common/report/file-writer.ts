import { closeSync, openSync, writeSync } from 'node:fs';

/** Small chunks: pieces die young instead of being promoted to the old generation (peak memory of large reports). */
const FLUSH_AT = 1 << 16;

/** Opens `path`, hands `render` a buffered `write`, flushes and closes (also when `render` throws). */
export function writeFileInPieces(path: string, render: (write: (text: string) => void) => void): void {
  const fd = openSync(path, 'w');
  let buffer: string[] = [];
  let size = 0;
  const flush = () => {
    if (buffer.length > 0) writeSync(fd, buffer.join(''), null, 'utf8');
    buffer = [];
    size = 0;
  };
  try {
    render((text) => {
      if (text.length >= FLUSH_AT) {
        // A large piece (a batch of serialised elements) goes out as it is, not copied into a joined chunk first.
        flush();
        writeSync(fd, text, null, 'utf8');
        return;
      }
      buffer.push(text);
      size += text.length;
      if (size >= FLUSH_AT) flush();
    });
    flush();
  } finally {
    closeSync(fd);
  }
}
