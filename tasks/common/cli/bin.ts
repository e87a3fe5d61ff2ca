import { runCli } from './main';

// Entry point of dist/cli/pool-warden.js (package.json "bin").
runCli({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  scriptPath: process.argv[1],
  out: process.stdout,
  err: process.stderr,
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`pool-warden: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
