/**
 * `npm run test:acceptance`: each acceptance file in a process of its own, one after another. Every file drives
 * thousands of records through a whole local hub of its own; two hubs in one process share the process-wide
 * registries the Lambda wiring assumes one stack per process for (one Lambda environment runs one function), and a
 * file run after the 10,000-row import in the same process once saw a fifth of its changes quarantined. Exit code:
 * non-zero when any file failed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const files = readdirSync('test/acceptance')
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
  .map((f) => `test/acceptance/${f}`);
const failed: string[] = [];
for (const file of files) {
  const { status } = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'acceptance', file], { stdio: 'inherit' });
  if (status !== 0) failed.push(file);
}
process.stdout.write(failed.length === 0 ? `acceptance: all ${files.length} files passed\n` : `acceptance: failed ${failed.join(', ')}\n`);
process.exit(failed.length === 0 ? 0 : 1);
