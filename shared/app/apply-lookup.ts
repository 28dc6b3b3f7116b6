import { idempotencyKey, type ChangeEvent } from '#domain/change-event';
import type { EnrichmentKind } from '#domain/enrichment';
import type { SyncPlan } from '#domain/mapping';
import type { Enricher } from '#ports/enricher';
import { MetricName } from '#ports/metrics';
import type { AuditLog, EntityState } from '#ports/stores';
import { checkStorable } from './check-storable.ts';
import { mergeLookup } from './enrich-entity.ts';
import { storeEntity, type IdentityDeps } from './resolve-identity.ts';
import { linkedTargets, refusedBeforeWrites, writeTargets, type TargetsWritten, type WriteDeps } from './write-target.ts';

export type LookupDeps = WriteDeps &
  IdentityDeps & {
    plan: SyncPlan;
    audit: AuditLog;
    enrichers?: Partial<Record<string, Enricher>>;
  };

/** What applying a batch lookup did. */
export type LookupApplied = (TargetsWritten & { enrichment: Record<string, 'enriched' | 'no-match'> }) | { status: 'ignored'; reason: 'not-linked' | 'source-record-gone' | 'no-mapping' };

/**
 * A data vendor's answer to the daily batch's lookup of one entity (`event.lookup`): a match is merged by the same
 * rule as the processor's own lookups ({@link mergeLookup}: only blank or vendor-owned fields, never a lookup key, a
 * reference or a field another system decided since the selection), the lookup time is recorded, and the systems the
 * entity is linked to in a sync of its object get what changed, each write audited. A no-match only records the time.
 */
export async function applyLookup(deps: LookupDeps, event: ChangeEvent): Promise<LookupApplied> {
  const stored = await deps.state.getEntity(event.sourceId);
  if (!stored) return { status: 'ignored', reason: 'not-linked' };
  if (stored.deleted) return { status: 'ignored', reason: 'source-record-gone' };
  const mapping = deps.plan.objects[stored.object];
  const provider = event.source;
  const object = mapping?.systems[provider]?.objects[0];
  const kind: EnrichmentKind | undefined = object === undefined ? undefined : deps.enrichers?.[provider]?.objects[object];
  if (!mapping || object === undefined || kind === undefined) return { status: 'ignored', reason: 'no-mapping' };

  const lookedUpAt = Date.parse(event.occurredAt);
  const previous = stored.enriched?.[provider];
  const stamp = previous !== undefined && Date.parse(previous) > lookedUpAt ? previous : event.occurredAt;
  let state: EntityState = { ...stored, enriched: { ...stored.enriched, [provider]: stamp } };
  if (event.lookup === 'matched') {
    const merged = mergeLookup({ mapping, provider, object, kind }, stored.golden, event.fields, { observedAt: lookedUpAt, eventId: idempotencyKey(event) });
    state = { ...state, golden: merged.record };
    if (merged.changes.length > 0) deps.metrics.count(MetricName.RecordsEnriched);
  } else deps.metrics.count(MetricName.EnrichmentNoMatch);

  const targets = linkedTargets(deps.plan, stored.object, state.links);
  const refused = checkStorable(state, event, targets) ?? (await refusedBeforeWrites(deps.writers, mapping, state, targets));
  if (refused) throw refused;
  const { result, state: written } = await writeTargets(deps, event, mapping, targets, state);
  await storeEntity(deps, written);
  return { ...result, enrichment: { [provider]: event.lookup === 'matched' ? 'enriched' : 'no-match' } };
}
