/**
 * `syncline identity train`: the person model re-estimated from the identity decisions people made in review.
 *
 * Each approved identity review is a labelled match, each rejected one a labelled non-match (the labels hold the
 * pair's comparison levels, never its values; see `MatchLabel`). `updateFromLabels` blends every label kept into the
 * shipped model, weighted against it as `--strength` pseudo-pairs, and the result is written as a model file beside
 * the contract; the weights that moved are shown against the model the contract uses now. Nothing changes until the person-model rule names that file (`model:`) and the hub restarts
 * or the stack is deployed again: a person reads the changes first.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamoDbMatchLabelStore } from '#adapters/aws/dynamodb-match-label-store';
import { loadContract } from '#config/load-contract';
import { matchRulesFor, PERSON_OBJECT } from '#config/match-rules';
import { COMPARISON_COUNT, LEVEL_SCHEME } from '#domain/identity/comparison-levels';
import { defaultPersonModel, type ProbabilisticModel } from '#domain/identity/probabilistic';
import { updateFromLabels } from '#domain/identity/probabilistic-training';
import type { ProbabilisticRule } from '#domain/identity/rules';
import type { HubConnection } from '#local/hub-file';
import type { MatchLabel } from '#ports/stores';
import { clients } from './operations.ts';

/** The model file written when the rule names none yet. */
export const DEFAULT_MODEL_FILE = 'identity-model.json';

export interface TrainOptions {
  readonly contractFile: string;
  /** Where to write; default the rule's `model`, else identity-model.json, beside the contract. */
  readonly out?: string;
  /** How many labelled pairs the current model is worth (see `LabelOptions.strength`). */
  readonly strength?: number;
}

/** The contract's person-model rule and the model file it names, if any. */
function personModelRule(contractFile: string): { rule: ProbabilisticRule; file: string | undefined } {
  const contract = loadContract(contractFile);
  const rule = matchRulesFor(contract, PERSON_OBJECT)?.rules.find((r) => r.kind === 'probabilistic');
  if (rule === undefined) throw new Error(`${contractFile}: objects.person.match has no probabilistic rule, so there is no model to train`);
  const spec = contract.objects[PERSON_OBJECT]?.match?.rules.find((r) => r.kind === 'probabilistic');
  return { rule, file: spec?.kind === 'probabilistic' ? spec.model : undefined };
}

/** The labels as `updateFromLabels` takes them; a label made under other comparison levels is skipped. */
function labelledPairs(labels: readonly MatchLabel[]) {
  const usable = labels.filter((l) => l.scheme === LEVEL_SCHEME && l.levels.length === COMPARISON_COUNT);
  const levels = new Uint8Array(usable.length * COMPARISON_COUNT);
  usable.forEach((l, i) => levels.set(l.levels, i * COMPARISON_COUNT));
  return { pairs: { levels, matches: Uint8Array.from(usable, (l) => (l.match ? 1 : 0)) }, skipped: labels.length - usable.length };
}

/** Per comparison, the level whose weight moved most: `given name, initial: +12.3 → +13.1 bits`. */
function weightChanges(before: ProbabilisticModel, after: ProbabilisticModel): string[] {
  const lines: string[] = [];
  before.comparisons.forEach((c, k) => {
    let best: { name: string; from: number; to: number } | undefined;
    c.levels.forEach((l, i) => {
      const o = after.comparisons[k]?.levels[i];
      if (o === undefined) return;
      const [from, to] = [Math.log2(l.m / l.u), Math.log2(o.m / o.u)];
      if (best === undefined || Math.abs(to - from) > Math.abs(best.to - best.from)) best = { name: l.name, from, to };
    });
    if (best !== undefined && Math.abs(best.to - best.from) >= 0.05) lines.push(`  ${c.label}, ${best.name}: ${signed(best.from)} → ${signed(best.to)} bits`);
  });
  return lines;
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;

/** Reads the labels, re-estimates the model and writes it; the text says what moved and what to do next. */
export async function identityTrain(c: HubConnection, options: TrainOptions): Promise<{ text: string; ok: boolean }> {
  const { rule, file } = personModelRule(options.contractFile);
  const labels = await new DynamoDbMatchLabelStore(clients(c).documents, c.stateTable).list();
  const { pairs, skipped } = labelledPairs(labels);
  if (pairs.matches.length === 0) {
    return { text: `No identity decisions to learn from yet${skipped > 0 ? ` (${skipped} from an older model skipped)` : ''}: approve or reject identity reviews first (syncline review list).`, ok: true };
  }
  // Every label kept so far, blended into the shipped model: the file the rule names already holds earlier labels, and
  // starting from it would count them again on every run.
  const model = updateFromLabels(defaultPersonModel, pairs, options.strength === undefined ? {} : { strength: options.strength });
  const out = options.out ?? join(dirname(options.contractFile), file ?? DEFAULT_MODEL_FILE);
  writeFileSync(out, `${JSON.stringify(model, null, 2)}\n`);
  const approved = pairs.matches.reduce((n, m) => n + m, 0);
  const changes = weightChanges(rule.model, model);
  return {
    text: [
      `Learned from ${pairs.matches.length} decided pair(s): ${approved} approved (one person), ${pairs.matches.length - approved} rejected (two people)${skipped > 0 ? `; ${skipped} made under other comparison levels skipped` : ''}.`,
      'Approved pairs re-estimate how often each level occurs among true duplicates (m). Rejected pairs are kept but move no weight: review shows look-alikes, not random pairs, and random pairs measure u better.',
      changes.length > 0 ? 'Weights that moved (the level that moved most per comparison):' : 'No weight moved by 0.05 bits or more.',
      ...changes,
      file === undefined
        ? `Wrote ${out}. To use it, set \`model: ${DEFAULT_MODEL_FILE}\` on the person-model rule (objects.person.match in ${options.contractFile}), then restart npm start or cdk deploy.`
        : `Wrote ${out}, the model the person-model rule names: restart npm start or cdk deploy to use it.`,
    ].join('\n'),
    ok: true,
  };
}
