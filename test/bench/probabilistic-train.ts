/**
 * Trains the shipped person model (`shared/domain/identity/probabilistic-default.ts`) and prints it as JSON:
 * `npx tsx test/bench/probabilistic-train.ts [seed] [records]` (seed 1, 100,000 records by default).
 */
import { performance } from 'node:perf_hooks';
import { candidatePairs, levelsOf, loadCorpus, train } from '#test/bench/probabilistic-pairs';

const seed = Number(process.argv[2] ?? 1);
const size = Number(process.argv[3] ?? 100_000);
const started = performance.now();
const { records } = loadCorpus(seed, size);
const pairs = candidatePairs(records);
const { em, patterns } = train(records, levelsOf(records, pairs), seed);
process.stderr.write(
  `trained on seed ${seed}, ${size} records, ${pairs.length / 2} candidate pairs (${patterns} patterns): ` +
    `${em.iterations} EM iterations, converged ${em.converged}, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
process.stdout.write(`${JSON.stringify(em.model, null, 2)}\n`);
