import { idempotencyKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { mergeObservations, type GoldenRecord, type MergeResult } from '#domain/golden-record';
import { survivorshipRules, type ObjectMapping } from '#domain/mapping';
import type { Observation } from '#domain/survivorship';
import { MetricName, type Metrics } from '#ports/metrics';
import type { EntityState, ReviewItem } from '#ports/stores';

/** What merging one change into an entity decided; the processor applies it. */
export interface MergeDecision {
  /** The golden record with the change merged in; the entity's own record when nothing changed. */
  golden: GoldenRecord;
  /** The decision per observed field (applied, confirmed, stale, ignored, review). */
  decisions: MergeResult['decisions'];
  /** Conflicting changes to `review` fields, to be parked once the entity is stored. */
  reviews: ReviewItem[];
}

/**
 * Pipeline step 5, field-level survivorship: each value the change observed is applied, confirmed or ignored per its
 * field's policy, with the change's source and `occurredAt` as its provenance. Reads `entity`, never changes it;
 * `at` (ISO time) stamps the reviews it proposes.
 */
export function mergeEntity(
  entity: Pick<EntityState, 'entityId' | 'object' | 'golden'>,
  mapping: ObjectMapping,
  event: Pick<ChangeEvent, 'source' | 'eventId' | 'occurredAt'>,
  values: FieldValues,
  at: string,
): MergeDecision {
  const observedAt = Date.parse(event.occurredAt);
  const observations: Record<string, Observation> = Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { value, source: event.source, observedAt, eventId: idempotencyKey(event) }]));
  const { record, decisions } = mergeObservations(entity.golden, survivorshipRules(mapping), observations);
  const reviews = Object.entries(decisions).flatMap(([field, d]) =>
    d.kind === 'review' ? [{ id: `${entity.entityId}#${field}`, entityId: entity.entityId, object: entity.object, field, current: d.current, proposed: d.proposed, at }] : [],
  );
  return { golden: record, decisions, reviews };
}

/** Counts the fields a merge did not apply, by why: another system owns them, the value was older, or it waits in review. */
export function countMergeDecisions(metrics: Metrics, decisions: MergeDecision['decisions']): void {
  const kinds = Object.values(decisions).map((d) => d.kind);
  const count = (kind: string) => kinds.filter((k) => k === kind).length;
  if (count('ignored-not-owner') > 0) metrics.count(MetricName.FieldsIgnoredNotOwner, count('ignored-not-owner'));
  if (count('stale') > 0) metrics.count(MetricName.FieldsStale, count('stale'));
  if (count('review') > 0) metrics.count(MetricName.FieldsHeldForReview, count('review'));
}
