import * as fs from 'node:fs';

/**
 * Skips a suite whose build output is missing when a single file is run by hand, but fails it under `npm test`:
 * that script builds first, so a missing output there is a broken build, not a reason to pass silently.
 */
export function skipUnlessBuilt(context: Mocha.Context, file: string, what: string): void {
  if (fs.existsSync(file)) return;
  if (process.env.npm_lifecycle_event === 'test') {
    throw new Error(`${what} is missing (${file}) although npm test runs the build first`);
  }
  console.log(`    (skipped: ${what} is not built; run npm run build)`);
  context.skip();
}
