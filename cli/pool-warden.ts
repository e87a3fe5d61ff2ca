import { runCli } from '../tasks/common/cli/main';
import { embeddedEmulator } from './embedded-emulator';

// Entry point of dist/cli/pool-warden.js (package.json "bin"). It lives outside tasks/ because it carries the
// emulator (emulator/): the CLI core in tasks/common/cli/ only sees the EmbeddedEmulator interface.
runCli({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  scriptPath: process.argv[1],
  out: process.stdout,
  err: process.stderr,
  emulator: embeddedEmulator,
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`pool-warden: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
