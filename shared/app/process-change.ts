import { idempotencyKey, recordKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { stripEchoedFields } from '#domain/echo';
import { ConcurrentChange, IdentityConflict, PermanentError, RetryableError, VendorPaused } from '#domain/errors';
import { entityOf, targetsOf, type ObjectMapping, type SyncPlan } from '#domain/mapping';
import type { ChangeQueue } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import type { ChangeReader, CrmWriter } from '#ports/crm';
import type { CreditLedger } from '#ports/enrich-runs';
import type { Enricher } from '#ports/enricher';
import { Dimension, integrationName, MetricName, type MetricDimensions, type Metrics } from '#ports/metrics';
import { codeCategory, errorCategory } from '#domain/error-category';
import type { AuditLog, EntityState, IdempotencyStore, MatchLabelStore, QuarantineStore, ReviewItem, ReviewStore, StateStore } from '#ports/stores';
import { applyLookup } from './apply-lookup.ts';
import { checkStorable } from './check-storable.ts';
import { repointConversion } from './repoint-conversion.ts';
import { enrichEntity, type EnrichmentDecision, type EnrichOutcome } from './enrich-entity.ts';
import { countMergeDecisions, mergeEntity } from './merge-entity.ts';
import { PendingReference } from './resolve-references.ts';
import { notifiesOwnWrite, readSource, reportsOwnWrite } from './read-source.ts';
import { repointMerge } from './repoint-merge.ts';
import { resolveIdentity, storeEntity } from './resolve-identity.ts';
import { restoreIfDeleted, softDelete, type SoftDeleteDecision } from './soft-delete.ts';
import { applySuggestion } from './suggest-contacts.ts';
import { linkedTargets, refusedBeforeWrites, writeTargets, type TargetWrite } from './write-target.ts';

export type { TargetWrite } from './write-target.ts';

export interface ProcessChangeDeps {
  plan: SyncPlan;
  readers: Partial<Record<string, ChangeReader>>;
  writers: Partial<Record<string, CrmWriter>>;
  /** Data vendors (ZoomInfo) by connector name, for the plan's enabled enrichers. */
  enrichers?: Partial<Record<string, Enricher>>;
  /** The day's lookup credits, shared by every processor and the daily batch. */
  credits?: CreditLedger;
  idempotency: IdempotencyStore;
  state: StateStore;
  quarantine: QuarantineStore;
  reviews: ReviewStore;
  /** Identity decisions kept as labels for the person model; none kept without it. */
  labels?: MatchLabelStore;
  audit: AuditLog;
  metrics: Metrics;
  clock: Clock;
  /** Where a change asks for a referred record it waits for (see `ReferenceDeps.requests`). */
  requests?: ChangeQueue;
  /** Set by `processChange` on a change's last delivery before quarantine. */
  lastAttempt?: boolean;
}

/** Approvals from the review queue travel as change events from this pseudo-source; `sourceId` is the review id. */
export const REVIEW_SOURCE = 'review';

export type ProcessResult =
  | { status: 'duplicate' }
  | { status: 'ignored'; reason: 'no-mapping' | 'no-sync' | 'not-propagated' | 'not-linked' | 'source-record-gone' | 'no-news' | 'review-closed' | 'left-to-poller' | 'suggestion-closed' | 'suggestion-waits' }
  | { status: 'soft-deleted'; entityId: string; flagged: number }
  | { status: 'repointed'; entityId: string }
  | { status: 'synced'; entityId: string; writes: TargetWrite[]; unchanged: string[]; enrichment?: Record<string, EnrichOutcome> }
  | { status: 'quarantined'; id: string; code: string; reason: string }
  | { status: 'held-for-review'; id: string; code: string; candidates: readonly string[] };

/** How many deliveries a change referring to a record not linked yet gets before it is quarantined. */
export const REFERENCE_ATTEMPTS = 3;

export interface ProcessOptions {
  /** Which delivery of the change this is (SQS ApproximateReceiveCount), from 1. */
  attempt?: number;
}

/**
 * Processes one change event: idempotency → read the source record → map → echo check → merge into the golden
 * record (field by field, per policy) → enrich when due → for each target, send what it lacks → audit → persist.
 * Each event is processed at most once per 7 days; a failure releases the claim so the queue's retry can run it.
 */
export async function processChange(deps: ProcessChangeDeps, event: ChangeEvent, options: ProcessOptions = {}): Promise<ProcessResult> {
  if (await leftToPoller(deps, event)) {
    deps.metrics.count(MetricName.ChangesIgnored);
    countIntegrations(deps, event, { status: 'ignored', reason: 'left-to-poller' });
    return { status: 'ignored', reason: 'left-to-poller' };
  }
  const key = idempotencyKey(event);
  const claim = await deps.idempotency.claim(key, deps.clock.nowMs());
  if (claim.status === 'completed') {
    deps.metrics.count(MetricName.DuplicatesSkipped);
    return { status: 'duplicate' };
  }
  if (claim.status === 'in-progress') {
    deps.metrics.count(MetricName.SyncRetries);
    throw new RetryableError(`event ${key} is being processed by another worker`);
  }
  // What the attempt counts (fields applied, records written or flagged) is emitted only if it completes: an attempt
  // that fails or loses a race runs again, and would count its work twice.
  const counted = new AttemptMetrics(deps.metrics);
  const attemptDeps = { ...deps, metrics: counted, lastAttempt: (options.attempt ?? 1) >= REFERENCE_ATTEMPTS };
  try {
    const result = await syncEvent(attemptDeps, event).catch((error: unknown) => {
      if (error instanceof IdentityConflict) return holdIdentity(attemptDeps, event, error);
      if (error instanceof PermanentError) return quarantine(attemptDeps, event, error);
      // A referred record that stays unlinked (never synced, or filtered out) is a reason to look, not to retry forever.
      if (error instanceof PendingReference && (options.attempt ?? 1) >= REFERENCE_ATTEMPTS) return quarantine(attemptDeps, event, new PermanentError('REFERENCE_UNRESOLVED', error.message));
      throw error;
    });
    await deps.idempotency.complete(key, claim.token, deps.clock.nowMs());
    counted.commit();
    deps.metrics.count(result.status === 'ignored' ? MetricName.ChangesIgnored : result.status === 'quarantined' ? MetricName.ChangesQuarantined : result.status === 'held-for-review' ? MetricName.MatchesHeldForReview : MetricName.ChangesSynced);
    countIntegrations(deps, event, result);
    return result;
  } catch (error) {
    await deps.idempotency.release(key, claim.token);
    deps.metrics.count(error instanceof RetryableError ? MetricName.SyncRetries : MetricName.SyncFailures);
    countIntegrations(deps, event, undefined, error);
    throw error;
  }
}

/**
 * The outcome of a change per integration (its source → each target the contract syncs its object to), for the
 * health report and the per-integration alarms: went through (written, nothing to write, an echo, held for review),
 * or a failed attempt with its category, on every target of the change (one failure fails the whole change). A repeat
 * of a change already done is not counted again. Waits are not failures: a vendor's spent allocation
 * (`VendorPaused`) and a lost race (`ConcurrentChange`) run again without spending a delivery.
 */
function countIntegrations(deps: ProcessChangeDeps, event: ChangeEvent, result: ProcessResult | undefined, error?: unknown): void {
  if (event.source === REVIEW_SOURCE || error instanceof VendorPaused || error instanceof ConcurrentChange) return;
  const object = entityOf(deps.plan, event.source, event.objectType)?.[0];
  if (!object) return;
  const targets = targetsOf(deps.plan, object, event.source);
  const dimensions = (target: string) => ({ [Dimension.integration]: integrationName(event.source, target), [Dimension.object]: object });
  if (result?.status === 'quarantined' || error !== undefined) {
    const category = result?.status === 'quarantined' ? codeCategory(result.code) : errorCategory(error);
    for (const target of targets) deps.metrics.countBy(MetricName.IntegrationFailed, { ...dimensions(target), [Dimension.category]: category });
    return;
  }
  for (const target of targets) deps.metrics.countBy(MetricName.IntegrationSynced, dimensions(target));
  if (result?.status !== 'synced') return;
  const occurredAt = Date.parse(event.occurredAt);
  for (const write of result.writes) {
    if (targets.includes(write.target)) deps.metrics.timing(MetricName.SyncLatency, dimensions(write.target), deps.clock.nowMs() - occurredAt);
    if (object === 'activity' && write.created) deps.metrics.countBy(MetricName.ActivitiesLogged, { [Dimension.source]: event.source });
  }
}

/**
 * Whether a change that carries only some of the record's values (an Outbound Message: null fields left out) reports
 * nothing but Syncline's own write, in a source that is also polled. It is then left to the poller, whose whole row
 * of the same record version follows (it has a key of its own, see `idempotencyKey`): no read of the source now, and
 * no claim, and a real edit the message could not show (a field its definition leaves out) is synced from that row.
 * Decided from the stored entity only. The poller's row of an echo costs no vendor call, but a Lead's, which is read.
 */
async function leftToPoller(deps: ProcessChangeDeps, event: ChangeEvent): Promise<boolean> {
  if (!event.partial || event.resolution || event.kind !== 'upsert' || !deps.plan.polledSources?.includes(event.source)) return false;
  const found = entityOf(deps.plan, event.source, event.objectType);
  return found !== undefined && notifiesOwnWrite(deps, event, found[1]);
}

/**
 * The pipeline for one change, top to bottom: read the source record → resolve its entity → merge → enrich → write
 * each target (each audited once written) → store the entity → park reviews. Steps return their decisions; each is
 * applied here to the next entity value, in this order, and only the last value is stored.
 */
async function syncEvent(deps: ProcessChangeDeps, event: ChangeEvent): Promise<ProcessResult> {
  if (event.source === REVIEW_SOURCE) return applyApproval(deps, event);
  if (event.lookup) return applyLookup(deps, event);
  const found = entityOf(deps.plan, event.source, event.objectType);
  if (!found) return { status: 'ignored', reason: 'no-mapping' };
  const [objectName, mapping] = found;
  const targets = targetsOf(deps.plan, objectName, event.source);
  if (targets.length === 0) return { status: 'ignored', reason: 'no-sync' };
  // A hard delete never cascades: the other systems' records are flagged instead. A merge re-points links.
  if (event.kind === 'delete') return deleteAtSource(deps, event, mapping);
  if (event.kind === 'merge') return repointMerge(deps, event);
  if (event.kind === 'convert') return repointConversion(deps, event);
  if (event.kind !== 'upsert') return { status: 'ignored', reason: 'not-propagated' };

  // A person's identity decision replays the change it held: it is processed in full, whatever it reported.
  if (event.delta && !event.resolution && (await reportsOwnWrite(deps, event, mapping))) {
    deps.metrics.count(MetricName.EchoesDropped);
    return { status: 'ignored', reason: 'no-news' };
  }
  const read = await readSource(deps, event, mapping);
  if (read === null) return { status: 'ignored', reason: 'source-record-gone' };
  const { holds } = read;

  // New values, never changes in place: a change that runs again (it lost a race) starts from the stored entity.
  let state = await resolveIdentity(deps, event, objectName, holds, read.carried);
  // A change from before the source deleted the record, processed after the deletion (a poll's row, a read batched
  // before the delete was processed), shows the record as it was: it is gone now, and this is no restore.
  if (deletedAtSourceSince(state, event, read.modifiedAt)) return { status: 'ignored', reason: 'source-record-gone' };
  const resolved = state;
  state = withDeleted(state, await restoreIfDeleted(deps, event, mapping, state));
  const fresh = newsIn(state, event.source, holds);
  if (Object.keys(fresh).length === 0 && state.version > 0) {
    // A restore cleared the flags elsewhere: the entity keeps that, or the next change would restore it again.
    if (state !== resolved) await storeEntity(deps, state);
    deps.metrics.count(MetricName.EchoesDropped);
    return { status: 'ignored', reason: 'no-news' };
  }
  // The values were read now, so they are as recent as the record's last change, not as old as the event that
  // led here: a late event must not make today's values look old.
  const observedAt = Math.max(Date.parse(event.occurredAt), read.modifiedAt ?? 0);
  const merge = mergeEntity(state, mapping, { ...event, occurredAt: new Date(observedAt).toISOString() }, fresh, new Date(deps.clock.nowMs()).toISOString());
  countMergeDecisions(deps.metrics, merge.decisions);
  state = { ...state, golden: merge.golden };
  // New to Syncline, or its last lookup is stale: what the data vendors know fills the blanks before the writes.
  const enrichment = await enrichEntity(deps, mapping, state, idempotencyKey(event));
  state = withEnrichment(state, enrichment);
  // What the source holds now is known: a value the golden record did not take (another system owns the field, the
  // observation is older) is then written back to it, and the systems converge.
  state = { ...state, written: { ...state.written, [event.source]: { ...state.written[event.source], ...holds } }, linksHeld: { ...state.linksHeld, [event.source]: read.carried } };
  // The source itself is a target too where a sync writes to it: it gets back the values it may not change.
  const correctable = deps.plan.syncs.some((s) => s.object === objectName && s.to === event.source);
  const writeTo = correctable ? [...targets, event.source] : targets;
  // Too large to store, or a value a target would refuse, is decided before any target is written, never after a
  // partial write.
  const refused = checkStorable(state, event, writeTo, merge.reviews) ?? (await refusedBeforeWrites(deps.writers, mapping, state, writeTo));
  if (refused) throw refused;
  const { result, state: written } = await writeTargets(deps, event, mapping, writeTo, state);
  await storeEntity(deps, written);
  if (event.resolution) await deps.reviews.remove(identityReviewId(event));
  for (const review of merge.reviews) await deps.reviews.put(review);
  // A record that syncs is no longer waiting for a fix.
  await deps.quarantine.remove(recordKey(event.source, event.objectType, event.sourceId));
  return Object.keys(enrichment.outcomes).length > 0 ? { ...result, enrichment: enrichment.outcomes } : result;
}

/**
 * What the source holds that is news. Values the source is known to hold (Syncline wrote them there, or read them
 * before) are its own echo: this is what stops two-way sync from looping. Values equal to the golden value are no
 * news either: reads give whole records stamped with the record's last change, so an unchanged field must not pose
 * as a newer observation of itself.
 */
function newsIn(state: EntityState, source: string, holds: FieldValues): FieldValues {
  const news = stripEchoedFields(state.written[source] ?? {}, holds);
  return Object.fromEntries(Object.entries(news).filter(([field, value]) => !(field in state.golden.fields) || state.golden.fields[field]?.value !== value));
}

/** The entity with the `deleted` marker a soft delete or restore left; none drops the key, as a restore always has. */
function withDeleted(state: EntityState, decision: SoftDeleteDecision): EntityState {
  if (decision.deleted === state.deleted) return state;
  const { deleted: _dropped, ...rest } = state;
  return decision.deleted ? { ...rest, deleted: decision.deleted } : rest;
}

/** The entity with what enrichment found, and when each provider last answered. */
function withEnrichment(state: EntityState, decision: EnrichmentDecision): EntityState {
  return { ...state, golden: decision.golden, ...(decision.enriched && { enriched: decision.enriched }) };
}

/**
 * An approved review: the proposed value becomes the golden value, whatever its policy said, and goes to every
 * linked system through the normal write path (only where it differs, never back to the system that proposed it).
 */
async function applyApproval(deps: ProcessChangeDeps, event: ChangeEvent): Promise<ProcessResult> {
  const review = await deps.reviews.get(event.sourceId);
  // An identity decision replays the held change with it: approved, it is the best candidate; rejected, a new person.
  if (review?.identity) {
    const approved = event.fields['decision'] !== 'reject';
    const resolution = approved ? review.identity.candidates[0] ?? 'new' : 'new';
    await keepLabels(deps, review, approved);
    return syncEvent(deps, { ...review.identity.event, eventId: `${review.identity.event.eventId}~${approved ? 'approved' : 'rejected'}`.slice(0, 100), resolution });
  }
  // A suggested contact: created (or, when known, enriched) only now that a person approved it.
  if (review?.suggestion) return event.fields['decision'] === 'reject' ? { status: 'ignored', reason: 'review-closed' } : applySuggestion(deps, { ...review, suggestion: review.suggestion }, event);
  const stored = review ? await deps.state.getEntity(review.entityId) : null;
  const mapping = stored ? deps.plan.objects[stored.object] : undefined;
  if (!review || !stored || !mapping) return { status: 'ignored', reason: 'review-closed' };
  const state = { ...stored, golden: { fields: { ...stored.golden.fields, [review.field]: review.proposed }, version: stored.golden.version + 1 } };
  const targets = linkedTargets(deps.plan, state.object, state.links);
  const refused = checkStorable(state, event, targets) ?? (await refusedBeforeWrites(deps.writers, mapping, state, targets));
  if (refused) throw refused;
  const { result, state: written } = await writeTargets(deps, event, mapping, targets, state);
  await storeEntity(deps, written);
  await deps.reviews.remove(review.id);
  return result;
}

/**
 * A person's identity decision as labels for the person model: approved, the record and its first candidate are
 * one person; rejected, it is none of its candidates. Written before the decision is carried out, and under ids of
 * the review, so a redelivered decision writes the same labels again, never twice.
 */
async function keepLabels(deps: ProcessChangeDeps, review: ReviewItem, approved: boolean): Promise<void> {
  const levels = review.identity?.levels;
  if (deps.labels === undefined || levels === undefined) return;
  const at = new Date(deps.clock.nowMs()).toISOString();
  const decided = approved ? levels.pairs.slice(0, 1) : levels.pairs;
  // The review's own time tells two holds of one record apart: a later review adds its labels beside the first's.
  for (const [i, pair] of decided.entries()) if (pair.length > 0) await deps.labels.put({ id: `${review.id}#${review.at}#${i}`, at, scheme: levels.scheme, levels: pair, match: approved });
}

/** One open identity review per source record. */
function identityReviewId(event: Pick<ChangeEvent, 'source' | 'objectType' | 'sourceId'>): string {
  return `identity#${recordKey(event.source, event.objectType, event.sourceId)}`;
}

/**
 * A record that may be a person Syncline already knows, but not certainly: it waits in review with its candidates
 * (`syncline review approve` links it to the best one, `reject` makes it a new person); nothing is created meanwhile.
 */
async function holdIdentity(deps: ProcessChangeDeps, event: ChangeEvent, conflict: IdentityConflict): Promise<ProcessResult> {
  const id = identityReviewId(event);
  const at = new Date(deps.clock.nowMs()).toISOString();
  const found = entityOf(deps.plan, event.source, event.objectType);
  const candidates = [...conflict.candidates];
  const observation = (value: string | null) => ({ value, source: event.source, observedAt: Date.parse(event.occurredAt), eventId: idempotencyKey(event) });
  await deps.reviews.put({
    id,
    entityId: recordKey(event.source, event.objectType, event.sourceId),
    object: found?.[0] ?? event.objectType,
    field: 'identity',
    current: observation(null),
    proposed: observation(candidates[0] ?? null),
    at,
    identity: {
      candidates,
      code: conflict.code,
      reason: conflict.message,
      event: { ...event, resolution: undefined },
      ...(conflict.subject && { subject: { ...conflict.subject } }),
      ...(conflict.levels && { levels: { scheme: conflict.levels.scheme, pairs: conflict.levels.pairs.map((l) => [...l]) } }),
    },
  });
  return { status: 'held-for-review', id, code: conflict.code, candidates };
}

/**
 * Whether the change's own source deleted the entity's record at or after both the change's time and the record's
 * last change as read: nothing the change saw is newer than the delete. A restore is a change after it.
 */
function deletedAtSourceSince(state: EntityState, event: ChangeEvent, modifiedAt: number | undefined): boolean {
  return state.deleted?.by === event.source && Math.max(Date.parse(event.occurredAt), modifiedAt ?? 0) <= Date.parse(state.deleted.at);
}

async function deleteAtSource(deps: ProcessChangeDeps, event: ChangeEvent, mapping: ObjectMapping): Promise<ProcessResult> {
  const entityId = await deps.state.entityOf(recordKey(event.source, event.objectType, event.sourceId));
  const state = entityId ? await deps.state.getEntity(entityId) : null;
  if (!state) return { status: 'ignored', reason: 'not-linked' };
  const decision = await softDelete(deps, event, mapping, state);
  await deps.state.putEntity(withDeleted(state, decision));
  return { status: 'soft-deleted', entityId: state.entityId, flagged: decision.flagged };
}

/**
 * A change that cannot be written (a target's required field is missing, the target refused the data) waits in
 * the quarantine with its reason, never dropped. There is one entry per record: every change to it re-reads the
 * record, so the latest reason is the one that matters; `syncline quarantine retry` sends it through again.
 */
async function quarantine(deps: ProcessChangeDeps, event: ChangeEvent, error: PermanentError): Promise<ProcessResult> {
  const id = recordKey(event.source, event.objectType, event.sourceId);
  const previous = await deps.quarantine.get(id);
  await deps.quarantine.put({ id, event, code: error.code, reason: error.message, at: new Date(deps.clock.nowMs()).toISOString(), attempts: (previous?.attempts ?? 0) + 1 });
  return { status: 'quarantined', id, code: error.code, reason: error.message };
}

/**
 * What an attempt's lookups met whether or not the attempt completes: a data vendor that failed, or answered with
 * no match (a credit spent). Counted at once, so a change that never completes still shows in the enrichment alarm.
 */
const COUNTED_AT_ONCE: ReadonlySet<MetricName> = new Set([MetricName.EnrichmentFailures, MetricName.EnrichmentNoMatch]);

/** Counts held back until the attempt that made them completes (but those {@link COUNTED_AT_ONCE}). */
class AttemptMetrics implements Metrics {
  private readonly counts: (() => void)[] = [];
  constructor(private readonly metrics: Metrics) {}
  count(name: MetricName, value?: number): void {
    if (COUNTED_AT_ONCE.has(name)) this.metrics.count(name, value);
    else this.counts.push(() => this.metrics.count(name, value));
  }
  countBy(name: MetricName, dimensions: MetricDimensions, value?: number): void {
    this.counts.push(() => this.metrics.countBy(name, dimensions, value));
  }
  timing(name: MetricName, dimensions: MetricDimensions, ms: number): void {
    this.counts.push(() => this.metrics.timing(name, dimensions, ms));
  }
  commit(): void {
    for (const emit of this.counts.splice(0)) emit();
  }
}
