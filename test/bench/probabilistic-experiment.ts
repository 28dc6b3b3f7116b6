/**
 * The probabilistic person model on the generated corpus: `npx tsx test/bench/probabilistic-experiment.ts`.
 *
 * For seeds 1–3 (100,000 records each; `PROBABILISTIC_SEEDS`, `PROBABILISTIC_RECORDS` to change): candidate pairs
 * from the shipped person rules' blocking keys (as `dedupeRecords` blocks them), level vectors, the model trained on
 * that seed (u from random pairs, EM) and the shipped default, pairs at or above each match-probability threshold
 * joined by union-find, and pairwise precision and recall against the ground truth, beside the shipped rules.
 */
import { performance } from 'node:perf_hooks';
import { UnionFind } from '#domain/identity/cluster';
import { COMPARISON_COUNT } from '#domain/identity/comparison-levels';
import { compileModel, defaultPersonModel, matchProbability, matchWeight, priorFor, type ProbabilisticModel } from '#domain/identity/probabilistic';
import { qualityRun } from '#test/bench/dedupe';
import { candidatePairs, levelsOf, loadCorpus, train } from '#test/bench/probabilistic-pairs';
import { scorePairwise } from '#test/support/dedupe-corpus/score';

const THRESHOLDS = [0.5, 0.9, 0.99, 0.999, 0.9999] as const;
const seeds = (process.env['PROBABILISTIC_SEEDS'] ?? '1,2,3').split(',').map(Number);
const size = Number(process.env['PROBABILISTIC_RECORDS'] ?? 100_000);
// PROBABILISTIC_CORPUS=salesforce|hubspot: the independent corpus in that export style instead of the seeded one.
const style = process.env['PROBABILISTIC_CORPUS'] as 'salesforce' | 'hubspot' | undefined;
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const f = (x: number) => x.toFixed(4);

function scoreAt(model: ProbabilisticModel, levels: Uint8Array, pairs: Uint32Array, ids: readonly string[], truth: readonly (readonly [string, string])[]): string[] {
  const compiled = compileModel(model);
  const probabilities = new Float64Array(pairs.length / 2);
  for (let p = 0; p < probabilities.length; p++) probabilities[p] = matchProbability(matchWeight(compiled, levels, p * COMPARISON_COUNT));
  return THRESHOLDS.map((threshold) => {
    const sets = new UnionFind(ids.length);
    for (let p = 0; p < probabilities.length; p++) if ((probabilities[p] ?? 0) >= threshold) sets.union(pairs[2 * p] ?? 0, pairs[2 * p + 1] ?? 0);
    const labels = sets.labels();
    const score = scorePairwise(truth, ids.map((id, i) => [id, String(labels[i])] as const));
    return `  p ≥ ${String(threshold).padEnd(6)}  precision ${f(score.precision)}  recall ${f(score.recall)}  F1 ${f(score.f1)}  (${score.predictedPairs} predicted pairs)`;
  });
}

for (const seed of seeds) {
  const started = performance.now();
  const { contacts, records } = loadCorpus(seed, size, style);
  const ids = contacts.map((c) => c.id);
  const truth = contacts.map((c) => [c.id, c.entityId] as const);
  const blocked = performance.now();
  const pairs = candidatePairs(records);
  const compared = performance.now();
  const levels = levelsOf(records, pairs);
  const comparing = seconds(compared);
  const trained = performance.now();
  const { em, patterns, randomPairs } = train(records, levels, seed);
  const training = seconds(trained);
  const rules = qualityRun(seed, size, style ? `independent-${style}` : 'seeded', contacts);
  console.log(
    `seed ${seed}: ${size} records, ${pairs.length / 2} candidate pairs compared (${patterns} distinct level vectors); ` +
      `corpus and match keys ${((blocked - started) / 1000).toFixed(1)} s, blocking ${((compared - blocked) / 1000).toFixed(1)} s, comparing ${comparing} s, ` +
      `training ${training} s (2 × ${randomPairs} random pairs for u, ${em.iterations} EM iterations, converged ${em.converged})`,
  );
  console.log(` trained on this seed (λ ${em.model.lambda.toExponential(3)}):`);
  for (const line of scoreAt(em.model, levels, pairs, ids, truth)) console.log(line);
  console.log(' shipped default model:');
  for (const line of scoreAt(priorFor(defaultPersonModel, records.length), levels, pairs, ids, truth)) console.log(line);
  console.log(` shipped rules (dedupeRecords: e-mail, then the person model): precision ${f(rules.engine.precision)}  recall ${f(rules.engine.recall)}  F1 ${f(rules.engine.f1)}  (${rules.seconds} s)`);
  console.log(` seed ${seed} done in ${seconds(started)} s`);
}
