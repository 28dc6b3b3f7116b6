/**
 * The contract's `match` sections, checked against their objects and turned into the domain's rule model.
 */
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
  link: [],
  name: ['name'],
  country: ['country'],
  account: ['account'],
  closeDate: ['closeDate'],
};

function toRule(spec: MatchRuleSpec): MatchRule {
  switch (spec.kind) {
    case 'exact':
      return { kind: 'exact', name: spec.name, field: spec.field };
    case 'external-id':
      return { kind: 'external-id', name: spec.name };
    case 'fuzzy':
      return { kind: 'fuzzy', name: spec.name, blocking: spec.blocking, fields: spec.fields, threshold: spec.threshold, vetoes: spec.vetoes };
  }
}

/** The domain rules of a parsed `match` section. */
export function toMatchRules(spec: MatchSpec): MatchRules {
  return { margin: spec.margin, rules: spec.rules.map(toRule) };
}

/**
 * The match rules of one object: its `match` section, else the shipped rules of `person`, `company` and `deal`.
 *
 * @returns the rules, or `undefined` when the object has none.
 */
export function matchRulesFor(contract: Contract, objectName: string): MatchRules | undefined {
  const object = contract.objects[objectName];
  if (object?.match) return toMatchRules(object.match);
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
    if (rule.kind !== 'fuzzy') return;
    rule.fields.forEach((f, j) => requireSource(`${at}.${i}.fields.${j}.field`, f.field));
    rule.blocking.forEach((key, j) => key.forEach((part, k) => requireSource(`${at}.${i}.blocking.${j}.${k}`, part)));
  });
  return problems;
}
