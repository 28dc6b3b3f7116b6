import type { FieldValues } from './change-event.ts';
import type { GoldenRecord } from './golden-record.ts';
import { fieldMapping, policyOf, toCanonical, type ObjectMapping, type SyncPlan } from './mapping.ts';
import type { Observation } from './survivorship.ts';

/** What a data vendor looks up: an organisation, or a person at one. */
export type EnrichmentKind = 'company' | 'person';

/**
 * The canonical fields a lookup matches on, by the enricher's input key. Enrichment never writes them: a vendor's
 * spelling of a name or an e-mail address must not replace the one the record's own systems hold.
 */
export const MATCH_FIELDS: Readonly<Record<EnrichmentKind, Readonly<Record<string, string>>>> = {
  company: { name: 'name', domain: 'website', country: 'country' },
  person: { email: 'email', firstName: 'firstName', lastName: 'lastName', company: 'company' },
};

const DAY_MS = 86_400_000;

/** Whether a record is due for enrichment: never looked up by this provider, or last looked up `staleAfterDays` ago. */
export function enrichmentDue(lastLookupAt: string | undefined, nowMs: number, staleAfterDays: number): boolean {
  if (lastLookupAt === undefined) return true;
  const last = Date.parse(lastLookupAt);
  return !Number.isFinite(last) || nowMs - last >= staleAfterDays * DAY_MS;
}

/** The lookup keys a golden record offers, by the enricher's input key; blank values are left out. */
export function enrichmentInput(kind: EnrichmentKind, golden: FieldValues): Record<string, string> {
  const input: Record<string, string> = {};
  for (const [key, field] of Object.entries(MATCH_FIELDS[kind])) {
    const value = golden[field];
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') input[key] = String(value);
  }
  return input;
}

const isBlank = (observation: Observation | undefined): boolean => observation === undefined || observation.value === null || observation.value === '';

/**
 * The canonical fields a lookup in `provider` could set on this record now: mapped out of the provider by the
 * contract, never a lookup key or a reference (an owner, an account), and either owned by the provider
 * (firmographics, refreshed on every lookup) or blank with nobody's decision behind it: the field's system of
 * record has not reported it blank, and it is not a `review` field. When there are none, a lookup only spends credits.
 */
export function enrichableFields(mapping: ObjectMapping, provider: string, providerObject: string, kind: EnrichmentKind, golden: GoldenRecord): string[] {
  const keys = new Set(Object.values(MATCH_FIELDS[kind]));
  return Object.entries(mapping.fields).flatMap(([name, spec]) => {
    const m = fieldMapping(spec, provider, providerObject);
    if (!m || (m.direction !== 'out' && m.direction !== 'both') || keys.has(name) || spec.type === 'reference') return [];
    if (spec.owner === provider) return [name];
    // A `review` field's value is a person's to settle; a blank its system of record reported is that system's decision.
    const current = golden.fields[name];
    return policyOf(spec) !== 'review' && isBlank(current) && current?.source !== spec.owner ? [name] : [];
  });
}

/**
 * What one enrichment answer contributes to the golden record, as observations from `provider`, for the
 * {@link enrichableFields} only. A firmographic the provider owns is as new as the lookup (`at.observedAt`); a blank it
 * fills is dated just after the blank, so any system's own edit of that field, even one reported late, wins over it.
 */
export function enrichmentObservations(
  mapping: ObjectMapping,
  provider: string,
  providerObject: string,
  kind: EnrichmentKind,
  vendorFields: FieldValues,
  golden: GoldenRecord,
  at: { observedAt: number; eventId: string },
): Record<string, Observation> {
  const fillable = new Set(enrichableFields(mapping, provider, providerObject, kind, golden));
  const canonical = toCanonical(mapping, provider, providerObject, vendorFields);
  const observations: Record<string, Observation> = {};
  for (const [name, value] of Object.entries(canonical)) {
    if (!fillable.has(name) || value === null || value === '') continue;
    const owned = mapping.fields[name]?.owner === provider;
    observations[name] = { value, source: provider, observedAt: owned ? at.observedAt : (golden.fields[name]?.observedAt ?? 0) + 1, eventId: at.eventId };
  }
  return observations;
}

/** Where a data vendor's suggested contacts of a company go: the person object and its reference to the company. */
export interface SuggestionTarget {
  /** The canonical object of a person (`person`). */
  object: string;
  /** The vendor's object of a person there (`contact`). */
  providerObject: string;
  /** The person's field that refers to the company (`account`). */
  reference: string;
}

/**
 * The object a suggested contact of a `companyObject` record becomes: the first object mapped to `provider` with a
 * reference field to `companyObject`. Undefined when the contract has none (nothing can be suggested).
 */
export function suggestionTargetOf(objects: Readonly<Record<string, ObjectMapping>>, provider: string, companyObject: string): SuggestionTarget | undefined {
  for (const [object, mapping] of Object.entries(objects)) {
    const providerObject = mapping.systems[provider]?.objects[0];
    const reference = Object.entries(mapping.fields).find(([, f]) => f.refers === companyObject)?.[0];
    if (object !== companyObject && providerObject !== undefined && reference !== undefined) return { object, providerObject, reference };
  }
  return undefined;
}

/**
 * The fields a record created from `provider`'s answer lacks for the systems it is created in: each one's required
 * fields that `provider` maps no value to. A suggestion cannot be created while any is missing.
 */
export function unfilledRequired(mapping: ObjectMapping, provider: string, systems: readonly string[]): string[] {
  const required = new Set(systems.flatMap((s) => mapping.systems[s]?.required ?? []));
  return [...required].filter((name) => mapping.fields[name]?.map[provider] === undefined);
}

/**
 * The systems a suggested `object` is created in: those the contract syncs it to (and may create in) that hold
 * `provider`'s ids in a field (`externalIds.<provider>`), on which the create is an idempotent upsert.
 */
export function suggestionSystems(plan: Pick<SyncPlan, 'syncs' | 'objects'>, object: string, provider: string): string[] {
  const bindings = plan.objects[object]?.systems ?? {};
  return [...new Set(plan.syncs.filter((s) => s.object === object && s.create !== false).map((s) => s.to))].filter((s) => s !== provider && bindings[s]?.externalIds[provider] !== undefined);
}
