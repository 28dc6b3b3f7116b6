import type { FieldValue } from './change-event.ts';

/**
 * One system's report of one canonical field: the value and its provenance.
 * The golden record keeps the observation that survived, so every field says where its value came from.
 */
export interface Observation {
  value: FieldValue;
  source: string;
  /** When the value was observed at the source (epoch ms), i.e. the event's `occurredAt`, not when Syncline saw it. */
  observedAt: number;
  /** The source's event id; with `source` it identifies a redelivery. */
  eventId: string;
}

/**
 * A field's survivorship rule: its system of record and conflict policy.
 * Structurally a subset of `CanonicalField`, so a mapping's field can be passed as is.
 */
export interface FieldRule {
  owner: string;
  policy: 'owner' | 'newest' | 'review';
}

/**
 * What survivorship decided for one incoming observation of one field.
 * - `applied`: the observation becomes the field's value and provenance.
 * - `confirmed`: same value as known; `observation` is the provenance to keep (it may be newer than before).
 * - `stale`: older than what is known; nothing changes.
 * - `ignored-not-owner`: the system of record has spoken and this observation comes from another system.
 * - `review`: a conflicting change to a critical field; park `proposed` for a person, keep `current`.
 */
export type Decision =
  | { kind: 'applied'; observation: Observation }
  | { kind: 'confirmed'; observation: Observation }
  | { kind: 'stale'; current: Observation }
  | { kind: 'ignored-not-owner'; current: Observation }
  | { kind: 'review'; current: Observation; proposed: Observation };

/**
 * A canonical spelling of a value that keeps types apart (`"1"`, `1` and `true` differ), used to break
 * ties between observations deterministically and to compare values: `null`, else `<typeof>:<String(value)>`.
 */
export function fieldValueKey(value: FieldValue): string {
  // HubSpot reads every checkbox back as the text "true" or "false", Salesforce as a JSON boolean: one value.
  if (value === 'true' || value === 'false') return `boolean:${value}`;
  return value === null ? 'null' : `${typeof value}:${String(value)}`;
}

/** Whether two field values are the same value (by {@link fieldValueKey}, so `NaN` equals itself). */
export function sameFieldValue(a: FieldValue, b: FieldValue): boolean {
  return fieldValueKey(a) === fieldValueKey(b);
}

/** Code-unit order, not locale order: the tie-break must not depend on the machine's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Total order of observations by recency: later `observedAt` is newer; on equal times the source name, then
 * the value's {@link fieldValueKey}, then the event id decide. Arbitrary but fixed, so that every arrival
 * order of the same observations ends in the same golden record. 0 only for the same observation.
 */
export function compareObservations(a: Observation, b: Observation): number {
  if (a.observedAt !== b.observedAt) return a.observedAt < b.observedAt ? -1 : 1;
  return (
    compareText(a.source, b.source) ||
    compareText(fieldValueKey(a.value), fieldValueKey(b.value)) ||
    compareText(a.eventId, b.eventId)
  );
}

/** Under `owner` and `review`, an observation from the system of record outranks any other, whatever its time. */
function rank(rule: FieldRule, observation: Observation): number {
  return rule.policy !== 'newest' && observation.source === rule.owner ? 1 : 0;
}

/** Precedence: rank first, recency second. */
function comparePrecedence(rule: FieldRule, a: Observation, b: Observation): number {
  return rank(rule, a) - rank(rule, b) || compareObservations(a, b);
}

/** The same event delivered again (same source, event id and value). */
function isRedelivery(current: Observation, incoming: Observation): boolean {
  return current.source === incoming.source && current.eventId === incoming.eventId && sameFieldValue(current.value, incoming.value);
}

/**
 * `owner` and `newest`, and owner observations under `review`: the observation with the highest precedence
 * survives. A lower-precedence one is `ignored-not-owner` when the owner has spoken and it is not the owner, else `stale`.
 */
function decideByPrecedence(rule: FieldRule, current: Observation, incoming: Observation): Decision {
  const order = comparePrecedence(rule, incoming, current);
  if (order > 0) {
    return sameFieldValue(current.value, incoming.value) ? { kind: 'confirmed', observation: incoming } : { kind: 'applied', observation: incoming };
  }
  if (order === 0) return { kind: 'confirmed', observation: current };
  return rank(rule, current) > rank(rule, incoming) ? { kind: 'ignored-not-owner', current } : { kind: 'stale', current };
}

/**
 * A non-owner observation of a `review` field. It fills a blank left by another non-owner system, confirms
 * an equal value, and parks anything else for review. An older observation is `stale`: it is not a conflict,
 * only late news. The owner's own null is a decision, not a blank, so overriding it goes to review too.
 */
function decideReviewFromOther(rule: FieldRule, current: Observation, incoming: Observation): Decision {
  if (compareObservations(incoming, current) < 0) return { kind: 'stale', current };
  if (sameFieldValue(current.value, incoming.value)) {
    const fromOwner = current.source === rule.owner;
    return { kind: 'confirmed', observation: fromOwner ? current : incoming };
  }
  if (current.value === null && current.source !== rule.owner) return { kind: 'applied', observation: incoming };
  return { kind: 'review', current, proposed: incoming };
}

/**
 * Field-level survivorship (pipeline step 5): what to do with `incoming` given the field's `current` provenance.
 *
 * - `newest`: the newest observation wins, whatever its source; older ones never regress the field.
 * - `owner`: the owner's newest observation wins once the owner has observed the field; until then the newest
 *   observation from any system does.
 * - `review`: owner observations as under `owner`; another system fills a blank or confirms, else goes to review.
 *
 * Null is a value like any other. A redelivered event is `confirmed` with the provenance unchanged.
 */
export function decide(rule: FieldRule, current: Observation | undefined, incoming: Observation): Decision {
  if (current === undefined) return { kind: 'applied', observation: incoming };
  if (isRedelivery(current, incoming)) return { kind: 'confirmed', observation: current };
  if (rule.policy === 'review' && incoming.source !== rule.owner) return decideReviewFromOther(rule, current, incoming);
  return decideByPrecedence(rule, current, incoming);
}
