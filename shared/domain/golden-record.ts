import type { FieldValues } from './change-event.ts';
import type { FieldChange } from './diff.ts';
import { decide, sameFieldValue, type Decision, type FieldRule, type Observation } from './survivorship.ts';

/**
 * The merged, canonical view of one record across systems. Each field keeps its provenance: the observation
 * (value, source, observedAt, eventId) that survived. `version` backs the optimistic check when persisting.
 */
export interface GoldenRecord {
  fields: Record<string, Observation>;
  version: number;
}

/** A field the contract gives no survivorship rule: it is not merged. */
export interface UnruledField {
  kind: 'ignored-no-rule';
  proposed: Observation;
}

/** What {@link mergeObservations} did to a golden record. */
export interface MergeResult {
  /** The new golden record; the same object as the input when nothing changed. */
  record: GoldenRecord;
  /** Golden values that changed (before → after), sorted by field name; the input to the audit trail. */
  changes: FieldChange[];
  /** The decision per observed field; `review` decisions are for the caller to park in the review queue. */
  decisions: Record<string, Decision | UnruledField>;
}

/** A golden record that knows nothing yet. */
export function emptyGoldenRecord(): GoldenRecord {
  return { fields: {}, version: 0 };
}

/** The golden record's values without provenance. */
export function goldenValues(record: GoldenRecord): FieldValues {
  return Object.fromEntries(Object.entries(record.fields).map(([field, observation]) => [field, observation.value]));
}

function sameObservation(a: Observation, b: Observation): boolean {
  return a.source === b.source && a.eventId === b.eventId && a.observedAt === b.observedAt && sameFieldValue(a.value, b.value);
}

/** The provenance a decision leaves in the record, or undefined when the field stays as it was. */
function survivor(decision: Decision): Observation | undefined {
  return decision.kind === 'applied' || decision.kind === 'confirmed' ? decision.observation : undefined;
}

/**
 * Merges one event's observations into a golden record (pipeline step 5), field by field per `rules`.
 * Pure: the input record is not modified. `version` goes up by one when any field's value or provenance
 * changed (a `confirmed` observation may advance provenance without changing the value).
 */
export function mergeObservations(
  record: GoldenRecord,
  rules: Record<string, FieldRule>,
  observations: Record<string, Observation>,
): MergeResult {
  const fields = { ...record.fields };
  const changes: FieldChange[] = [];
  const decisions: Record<string, Decision | UnruledField> = {};
  let touched = false;
  for (const field of Object.keys(observations).sort()) {
    const incoming = observations[field] as Observation;
    const rule = rules[field];
    if (rule === undefined) {
      decisions[field] = { kind: 'ignored-no-rule', proposed: incoming };
      continue;
    }
    const current = fields[field];
    const decision = decide(rule, current, incoming);
    decisions[field] = decision;
    const next = survivor(decision);
    if (next === undefined || (current !== undefined && sameObservation(current, next))) continue;
    fields[field] = next;
    touched = true;
    const before = current?.value ?? null;
    if (!sameFieldValue(before, next.value)) changes.push({ field, before, after: next.value });
  }
  return { record: touched ? { fields, version: record.version + 1 } : record, changes, decisions };
}

/**
 * The canonical fields to send to `target` (pipeline step 8): golden values that differ from what the target
 * holds as far as Syncline knows (`known`, absent counting as null). Never a field whose golden value came from
 * the target itself (that would echo its own change back), never a field without a rule.
 *
 * A system of record is protected upstream, by survivorship: once the owner has observed a field, other systems'
 * values are ignored, so the field's provenance is the owner and it is never sent back to it. A field the owner
 * has never observed is still sent to it: Syncline fills blanks the system of record has not set (a new Contact
 * gets the LastName HubSpot knows).
 */
export function targetChanges(golden: GoldenRecord, rules: Record<string, FieldRule>, target: string, known: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const field of Object.keys(golden.fields).sort()) {
    const observation = golden.fields[field] as Observation;
    const rule = rules[field];
    if (rule === undefined || observation.source === target) continue;
    if (!sameFieldValue(known[field] ?? null, observation.value)) out[field] = observation.value;
  }
  return out;
}
