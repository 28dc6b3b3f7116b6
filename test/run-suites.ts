/**
 * `npm test`'s suites, in two lanes side by side: the e2e suite (local hubs whose functions mostly wait on DynamoDB
 * Local, the queue and the sandboxes) beside the unit, integration and cdk suites (one after another, as
 * `npm run test:unit` and the others run them). The whole then takes about as long as its longest lane instead of
 * the sum. Every output line is prefixed with its suite, and the exit code is non-zero when any suite failed.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

// Balanced by their run times side by side on two cores: e2e ~400 s beside unit ~110 s, integration ~150 s and cdk
// ~40 s; once the second lane is done, the e2e suite has both cores.
const LANES: readonly (readonly string[])[] = [['e2e'], ['unit', 'unit-isolated', 'integration', 'integration-isolated', 'cdk']];

/** Runs one suite with its output prefixed; resolves to its exit code. */
function runSuite(project: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', project], { stdio: ['ignore', 'pipe', 'pipe'] });
    const width = Math.max(...LANES.flat().map((name) => name.length));
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${project.padEnd(width)} │ ${line}\n`));
    }
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** A lane's suites one after another; the first failure ends the lane, as `&&` would. */
async function runLane(projects: readonly string[]): Promise<{ projects: readonly string[]; failed?: string }> {
  for (const project of projects) {
    if ((await runSuite(project)) !== 0) return { projects, failed: project };
  }
  return { projects };
}

const started = Date.now();
const lanes = await Promise.all(LANES.map(runLane));
const failed = lanes.flatMap((lane) => (lane.failed ? [lane.failed] : []));
const seconds = Math.round((Date.now() - started) / 1000);
console.log(failed.length === 0 ? `\nall suites passed in ${seconds} s` : `\nfailed: ${failed.join(', ')} (after ${seconds} s)`);
process.exit(failed.length === 0 ? 0 : 1);
