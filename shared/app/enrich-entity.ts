import { PermanentError, RetryableError } from '#domain/errors';
import type { FieldValues } from '#domain/change-event';
import { enrichableFields, enrichmentDue, enrichmentInput, enrichmentObservations, type EnrichmentKind } from '#domain/enrichment';
import { goldenValues, mergeObservations, type GoldenRecord } from '#domain/golden-record';
import { survivorshipRules, type ObjectMapping, type SyncPlan } from '#domain/mapping';
import type { Clock } from '#ports/clock';
import type { CreditLedger } from '#ports/enrich-runs';
import type { Enricher, EnrichInput, EnrichResult } from '#ports/enricher';
import { MetricName, type Metrics } from '#ports/metrics';
import type { EntityState } from '#ports/stores';

export interface EnrichDeps {
  plan: Pick<SyncPlan, 'enrichers'>;
  /** Data vendors by connector name; only those the plan enables are asked. */
  enrichers?: Partial<Record<string, Enricher>>;
  /** The day's lookup credits, shared with the daily batch; without it lookups are not counted against a cap. */
  credits?: CreditLedger;
  metrics: Metrics;
  clock: Clock;
}

/** What one provider's lookup did; a failure carries its code (`failed:VENDOR_PAUSED`), for the processor's log. */
export type EnrichOutcome = 'enriched' | 'no-match' | `failed:${string}` | 'not-due' | 'no-input' | 'nothing-to-fill' | 'credit-cap';

/** The UTC day of `ms`: the day a lookup's credit is counted in, and the name of the day's batch run. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** What enriching an entity decided; the processor applies it. */
export interface EnrichmentDecision {
  /** What each enabled provider's lookup did. */
  outcomes: Record<string, EnrichOutcome>;
  /** The golden record with what the providers found merged in; the entity's own record when they found nothing. */
  golden: GoldenRecord;
  /** When each provider last answered a lookup of the entity (ISO time), this one's answers included. */
  enriched?: Record<string, string>;
}

/** One provider's view of an object: the vendor object it looks up and the kind of lookup. */
export interface LookupTarget {
  mapping: ObjectMapping;
  provider: string;
  /** The provider's object (`company`, `contact`), as syncline.yaml maps it. */
  object: string;
  kind: EnrichmentKind;
}

/** Why a record is not looked up now, or else what it is looked up by. */
export type LookupDue = 'not-due' | 'nothing-to-fill' | 'no-input' | EnrichInput;

/**
 * The one rule of both paths (the processor's lookup of a changed record, the daily batch): a record is looked up in
 * `provider` when its last lookup there is older than `staleAfterDays` (or it was never looked up), when the lookup
 * could set something (a firmographic the vendor owns, a blank nobody decided), and when it has something to be
 * found by. Returns the lookup's input, or why not.
 */
export function lookupDue(target: LookupTarget & { staleAfterDays: number }, state: Pick<EntityState, 'golden' | 'enriched'>, nowMs: number): LookupDue {
  const { mapping, provider, object, kind } = target;
  if (!enrichmentDue(state.enriched?.[provider], nowMs, target.staleAfterDays)) return 'not-due';
  if (enrichableFields(mapping, provider, object, kind, state.golden).length === 0) return 'nothing-to-fill';
  const input = enrichmentInput(kind, goldenValues(state.golden));
  return Object.keys(input).length === 0 ? 'no-input' : input;
}

/**
 * A sure match merged into the golden record by the fields' own rules: only the fields enrichment may set now
 * ({@link enrichmentObservations}), never a lookup key, a reference or a field another system decided.
 */
export function mergeLookup(target: LookupTarget, golden: GoldenRecord, vendorFields: FieldValues, at: { observedAt: number; eventId: string }) {
  const { mapping, provider, object, kind } = target;
  return mergeObservations(golden, survivorshipRules(mapping), enrichmentObservations(mapping, provider, object, kind, vendorFields, golden, at));
}

/**
 * Pipeline step 6: looks the entity up in each enabled data vendor that maps its object, when it was never looked up
 * there or its last lookup is older than the provider's `staleAfterDays`, and only when the lookup could set
 * something (a firmographic the vendor owns, a blank). A sure match fills those fields, merged by the fields' own
 * rules, so the targets get them with the rest of the change. A lookup that fails is counted and the record is
 * written without enrichment; the next change asks again. Reads `state`; the returned golden record and lookup
 * stamps are what changes.
 */
export async function enrichEntity(deps: EnrichDeps, mapping: ObjectMapping, state: Readonly<EntityState>, eventId: string): Promise<EnrichmentDecision> {
  const outcomes: Record<string, EnrichOutcome> = {};
  // Each provider sees what the ones before it found.
  let golden = state.golden;
  let enriched = state.enriched;
  for (const [provider, settings] of Object.entries(deps.plan.enrichers ?? {})) {
    const enricher = deps.enrichers?.[provider];
    const object = mapping.systems[provider]?.objects[0];
    const kind = object === undefined ? undefined : enricher?.objects[object];
    if (!enricher || object === undefined || kind === undefined) continue;
    const now = deps.clock.nowMs();
    const due = lookupDue({ mapping, provider, object, kind, staleAfterDays: settings.staleAfterDays }, { golden, ...(enriched && { enriched }) }, now);
    if (typeof due === 'string') {
      outcomes[provider] = due;
      continue;
    }
    const input = due;
    // The day's credits are spent: the record is written without the lookup, and a later day's batch asks.
    const day = dayOf(now);
    if (deps.credits && (await deps.credits.take(provider, day, 1, settings.dailyCredits)).granted === 0) {
      outcomes[provider] = 'credit-cap';
      continue;
    }
    const failed = (code: string, message: string): EnrichResult => ({ status: 'failed', code, message, retryable: true });
    const result = await enricher
      .enrich(kind, [input])
      .then(([first]) => first ?? failed('NO_RESULT', `${provider} answered no result`))
      .catch((error: unknown) => failed(error instanceof PermanentError ? error.code : error instanceof RetryableError ? 'VENDOR_UNAVAILABLE' : 'LOOKUP_FAILED', error instanceof Error ? error.message : String(error)));
    // No answer, no credit spent: a paused vendor, a failed request, or nothing to look it up by.
    if ((result.status === 'not-asked' || result.status === 'failed') && deps.credits) await deps.credits.giveBack(provider, day, 1);
    // Not enough to look it up by (a person with no e-mail): asked again once the record has more.
    if (result.status === 'not-asked') {
      outcomes[provider] = 'no-input';
      continue;
    }
    if (result.status === 'failed') {
      deps.metrics.count(MetricName.EnrichmentFailures);
      outcomes[provider] = `failed:${result.code}`;
      continue;
    }
    enriched = { ...enriched, [provider]: new Date(now).toISOString() };
    if (result.status === 'no-match') {
      deps.metrics.count(MetricName.EnrichmentNoMatch);
      outcomes[provider] = 'no-match';
      continue;
    }
    const merged = mergeLookup({ mapping, provider, object, kind }, golden, result.fields, { observedAt: now, eventId: `${provider}:${eventId}` });
    golden = merged.record;
    if (merged.changes.length > 0) deps.metrics.count(MetricName.RecordsEnriched);
    outcomes[provider] = 'enriched';
  }
  return { outcomes, golden, ...(enriched && { enriched }) };
}
