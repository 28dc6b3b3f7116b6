/**
 * The contract's `match` sections, checked against their objects and turned into the domain's rule model.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { defaultPersonModel, parseModel, type ProbabilisticModel } from '#domain/identity/probabilistic';
import { defaultActivityRules, defaultCompanyRules, defaultDealRules, defaultPersonRules, type BlockingPart, type MatchField, type MatchRule, type MatchRules } from '#domain/identity/rules';
import type { Contract, MatchRuleSpec, MatchSpec, ObjectSpec } from './contract-schema.ts';

/** The object that gets {@link defaultPersonRules} when it has no `match` section. */
export const PERSON_OBJECT = 'person';

/** The shipped rules of the objects that have them, used when the object has no `match` section. */
const DEFAULT_RULES: Readonly<Record<string, MatchRules>> = { [PERSON_OBJECT]: defaultPersonRules, company: defaultCompanyRules, deal: defaultDealRules, activity: defaultActivityRules };

/** The canonical fields a match value or blocking part is read from; any one of them is enough. */
const SOURCES: Readonly<Record<MatchField | BlockingPart, readonly string[]>> = {
  email: ['email'],
  phone: ['phone'],
  domain: ['website', 'email'],
  company: ['company'],
  firstName: ['firstName'],
  lastName: ['lastName'],
  lastNamePhonetic: ['lastName'],
  givenName: ['firstName'],
  namePair: ['firstName', 'lastName'],
  link: [],
  name: ['name'],
  country: ['country'],
  account: ['account'],
  closeDate: ['closeDate'],
};

/** Person model files read with their contract (`loadContract`), by the path the contract names. */
const loadedModels = new WeakMap<Contract, ReadonlyMap<string, ProbabilisticModel>>();

/** The model files a contract's probabilistic rules name, as written (relative to the contract). */
export function modelFiles(contract: Contract): string[] {
  const files = Object.values(contract.objects).flatMap((o) => o?.match?.rules.flatMap((r) => (r.kind === 'probabilistic' && r.model !== undefined ? [r.model] : [])) ?? []);
  return [...new Set(files)].sort();
}

/**
 * Reads the model files `contract` names, beside `contractFile`, for {@link matchRulesFor}. A model file lies beside
 * the contract, named without a folder: it is bundled with it into each function.
 *
 * @returns the problems, each at the rule's `model` path: an unreadable file, or a model that is not one.
 */
export function loadModels(contract: Contract, contractFile: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const models = new Map<string, ProbabilisticModel>();
  for (const [objectName, object] of Object.entries(contract.objects)) {
    object?.match?.rules.forEach((rule, i) => {
      if (rule.kind !== 'probabilistic' || rule.model === undefined || models.has(rule.model)) return;
      const path = `objects.${objectName}.match.rules.${i}.model`;
      if (basename(rule.model) !== rule.model) {
        problems.push({ path, message: `"${rule.model}" must be a file name beside the contract, like identity-model.json (it is bundled with it)` });
        return;
      }
      try {
        models.set(rule.model, parseModel(JSON.parse(readFileSync(join(dirname(contractFile), rule.model), 'utf8'))));
      } catch (error) {
        problems.push({ path, message: `"${rule.model}": ${error instanceof Error ? error.message : String(error)}` });
      }
    });
  }
  loadedModels.set(contract, models);
  return problems;
}

function modelOf(contract: Contract | undefined, file: string | undefined): ProbabilisticModel {
  if (file === undefined) return defaultPersonModel;
  const model = contract === undefined ? undefined : loadedModels.get(contract)?.get(file);
  if (model === undefined) throw new Error(`the person model "${file}" was not read with the contract (loadContract reads it)`);
  return model;
}

function toRule(spec: MatchRuleSpec, contract?: Contract): MatchRule {
  switch (spec.kind) {
    case 'exact':
      return { kind: 'exact', name: spec.name, field: spec.field };
    case 'external-id':
      return { kind: 'external-id', name: spec.name };
    case 'fuzzy':
      return { kind: 'fuzzy', name: spec.name, blocking: spec.blocking, fields: spec.fields, threshold: spec.threshold, vetoes: spec.vetoes };
    case 'probabilistic':
      return { kind: 'probabilistic', name: spec.name, blocking: spec.blocking, model: modelOf(contract, spec.model), match: spec.match, review: spec.review, population: spec.population };
  }
}

/** The domain rules of a parsed `match` section; `contract` holds the model files its rules name. */
export function toMatchRules(spec: MatchSpec, contract?: Contract): MatchRules {
  return { margin: spec.margin, rules: spec.rules.map((rule) => toRule(rule, contract)) };
}

/**
 * The match rules of one object: its `match` section, else the shipped rules of `person`, `company` and `deal`.
 *
 * @returns the rules, or `undefined` when the object has none.
 */
export function matchRulesFor(contract: Contract, objectName: string): MatchRules | undefined {
  const object = contract.objects[objectName];
  if (object?.match) return toMatchRules(object.match, contract);
  return object ? DEFAULT_RULES[objectName] : undefined;
}

/**
 * Problems of a `match` section the schema cannot see: duplicate rule names, values the object cannot supply.
 * `hasField` says whether the object has a field (default: it is in `object.fields`).
 */
export function checkMatch(objectName: string, object: ObjectSpec, hasField = (name: string): boolean => Boolean(object.fields[name])): { path: string; message: string }[] {
  if (!object.match) return [];
  const problems: { path: string; message: string }[] = [];
  const at = `objects.${objectName}.match.rules`;
  const requireSource = (path: string, value: MatchField | BlockingPart) => {
    const sources = SOURCES[value];
    if (sources.length === 0 || sources.some(hasField)) return;
    const needs = sources.length === 1 ? `"${sources[0]}"` : `one of ${sources.map((s) => `"${s}"`).join(', ')}`;
    problems.push({ path, message: `"${value}" is read from ${needs}, which is not a field of ${objectName}` });
  };
  const seen = new Set<string>();
  object.match.rules.forEach((rule, i) => {
    if (seen.has(rule.name)) problems.push({ path: `${at}.${i}.name`, message: `rule "${rule.name}" is declared twice; names must be unique` });
    seen.add(rule.name);
    if (rule.kind === 'exact') requireSource(`${at}.${i}.field`, rule.field);
    if (rule.kind === 'probabilistic') {
      if (rule.review > rule.match) problems.push({ path: `${at}.${i}.review`, message: `review (${rule.review}) must not be above match (${rule.match}): the review band lies below the match threshold` });
      if (objectName !== PERSON_OBJECT) problems.push({ path: `${at}.${i}.kind`, message: `the probabilistic model compares people; ${objectName} has no model` });
    }
    if (rule.kind !== 'fuzzy' && rule.kind !== 'probabilistic') return;
    if (rule.kind === 'fuzzy') rule.fields.forEach((f, j) => requireSource(`${at}.${i}.fields.${j}.field`, f.field));
    rule.blocking.forEach((key, j) => key.forEach((part, k) => requireSource(`${at}.${i}.blocking.${j}.${k}`, part)));
  });
  return problems;
}
