import type { FieldValues } from './change-event.ts';
import type { GoldenRecord } from './golden-record.ts';
import { toCanonical, type ObjectMapping } from './mapping.ts';
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
 * What one enrichment answer may contribute to the golden record, as observations from `provider`: the vendor's
 * fields mapped out of it by the contract (`map.<provider>`, direction out), for fields the provider owns
 * (firmographics) or that are still blank. Never a lookup key, never a reference (an owner, an account), and
 * nothing the contract does not map.
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
  const keys = new Set(Object.values(MATCH_FIELDS[kind]));
  const canonical = toCanonical(mapping, provider, providerObject, vendorFields);
  const observations: Record<string, Observation> = {};
  for (const [name, value] of Object.entries(canonical)) {
    const spec = mapping.fields[name];
    if (!spec || keys.has(name) || spec.type === 'reference' || value === null) continue;
    if (spec.owner !== provider && !isBlank(golden.fields[name])) continue;
    observations[name] = { value, source: provider, ...at };
  }
  return observations;
}
