// Loaded with `node --require` before a task bundle by the benchmark: writes the process's peak resident set size
// (bytes) to $POOL_WARDEN_BENCH_RSS_FILE when it exits. Not part of the product: the bundles never load it.
'use strict';
const { writeFileSync } = require('node:fs');
const target = process.env.POOL_WARDEN_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      // maxRSS is in kilobytes.
      writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
    } catch {
      // A benchmark detail must never change how the task exits.
    }
  });
}
