import { PermanentError, RetryableError } from '#domain/errors';
import { enrichableFields, enrichmentDue, enrichmentInput, enrichmentObservations } from '#domain/enrichment';
import { goldenValues, mergeObservations, type GoldenRecord } from '#domain/golden-record';
import { survivorshipRules, type ObjectMapping, type SyncPlan } from '#domain/mapping';
import type { Clock } from '#ports/clock';
import type { Enricher, EnrichResult } from '#ports/enricher';
import { MetricName, type Metrics } from '#ports/metrics';
import type { EntityState } from '#ports/stores';

export interface EnrichDeps {
  plan: Pick<SyncPlan, 'enrichers'>;
  /** Data vendors by connector name; only those the plan enables are asked. */
  enrichers?: Partial<Record<string, Enricher>>;
  metrics: Metrics;
  clock: Clock;
}

/** What one provider's lookup did; a failure carries its code (`failed:VENDOR_PAUSED`), for the processor's log. */
export type EnrichOutcome = 'enriched' | 'no-match' | `failed:${string}` | 'not-due' | 'no-input' | 'nothing-to-fill';

/** What enriching an entity decided; the processor applies it. */
export interface EnrichmentDecision {
  /** What each enabled provider's lookup did. */
  outcomes: Record<string, EnrichOutcome>;
  /** The golden record with what the providers found merged in; the entity's own record when they found nothing. */
  golden: GoldenRecord;
  /** When each provider last answered a lookup of the entity (ISO time), this one's answers included. */
  enriched?: Record<string, string>;
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
    if (!enrichmentDue(enriched?.[provider], now, settings.staleAfterDays)) {
      outcomes[provider] = 'not-due';
      continue;
    }
    if (enrichableFields(mapping, provider, object, kind, golden).length === 0) {
      outcomes[provider] = 'nothing-to-fill';
      continue;
    }
    const input = enrichmentInput(kind, goldenValues(golden));
    if (Object.keys(input).length === 0) {
      outcomes[provider] = 'no-input';
      continue;
    }
    const failed = (code: string, message: string): EnrichResult => ({ status: 'failed', code, message, retryable: true });
    const result = await enricher
      .enrich(kind, [input])
      .then(([first]) => first ?? failed('NO_RESULT', `${provider} answered no result`))
      .catch((error: unknown) => failed(error instanceof PermanentError ? error.code : error instanceof RetryableError ? 'VENDOR_UNAVAILABLE' : 'LOOKUP_FAILED', error instanceof Error ? error.message : String(error)));
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
    const observations = enrichmentObservations(mapping, provider, object, kind, result.fields, golden, { observedAt: now, eventId: `${provider}:${eventId}` });
    const merged = mergeObservations(golden, survivorshipRules(mapping), observations);
    golden = merged.record;
    if (merged.changes.length > 0) deps.metrics.count(MetricName.RecordsEnriched);
    outcomes[provider] = 'enriched';
  }
  return { outcomes, golden, ...(enriched && { enriched }) };
}
