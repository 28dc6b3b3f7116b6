/**
 * New contacts a data vendor suggests for the accounts the daily batch looks up. They wait in the review queue and
 * are created only when a person approves them; nothing is spent on them before (ZoomInfo's Contact Search spends no
 * credits, its lookup of a person one).
 *
 * The daily batch asks, once per chunk of matched accounts, for the people meeting `suggestContacts` (one search of
 * up to 25 accounts), and holds each one not already known, waiting, or declined before
 * ({@link suggestContacts}). Approving one looks the person up by the vendor's id, which brings the e-mail and phone
 * the search leaves out, and creates the person in the systems the contract syncs people to, under the account, each
 * write audited ({@link applySuggestion}); someone Syncline already knows by the identity rules is enriched instead
 * of created twice. Rejecting one remembers the decision: the person is never suggested again.
 */
import { idempotencyKey, recordKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { IdentityConflict, PermanentError, RetryableError, VendorPaused } from '#domain/errors';
import { emptyGoldenRecord, mergeObservations } from '#domain/golden-record';
import { survivorshipRules, toCanonical, type EnricherSettings, type ObjectMapping, type SyncPlan } from '#domain/mapping';
import { suggestionSystems, suggestionTargetOf, type SuggestionTarget } from '#domain/enrichment';
import type { Observation } from '#domain/survivorship';
import type { Clock } from '#ports/clock';
import type { CreditLedger } from '#ports/enrich-runs';
import type { ContactSuggestion, Enricher, EnrichResult } from '#ports/enricher';
import { MetricName, type Metrics } from '#ports/metrics';
import { SUGGESTION_FIELD, suggestionReviewId, type AuditLog, type ContactSuggestionReview, type DeclinedStore, type EntityState, type ReviewItem, type ReviewStore, type StateStore } from '#ports/stores';
import { checkStorable } from './check-storable.ts';
import { dayOf, mergeLookup } from './enrich-entity.ts';
import { resolveIdentity, storeEntity, type IdentityDeps } from './resolve-identity.ts';
import { linkedTargets, refusedBeforeWrites, writeTargets, type TargetsWritten, type WriteDeps } from './write-target.ts';

export interface SuggestDeps {
  plan: Pick<SyncPlan, 'objects' | 'enrichers'>;
  enrichers: Partial<Record<string, Enricher>>;
  reviews: Pick<ReviewStore, 'put' | 'presentOf'>;
  declined: Pick<DeclinedStore, 'presentOf'>;
  state: Pick<StateStore, 'entityOf'>;
  metrics: Metrics;
  clock: Clock;
}

/** The matched accounts of a chunk: entity id, the vendor's id of the company (its answer's `id`) and its name. */
export interface MatchedAccount {
  entityId: string;
  answer: FieldValues;
}

/**
 * Holds for review the people `provider` suggests at `accounts` (of canonical object `companyObject`), as the
 * provider's `suggestContacts` settings choose them; returns how many it held. Nothing when the contract asks for no
 * suggestions or has no person object to hold them. A suggestion already waiting, declined, or whose person Syncline
 * links to the vendor's record already, is not held again, so a chunk run twice holds each person once.
 */
export async function suggestContacts(deps: SuggestDeps, provider: string, companyObject: string, accounts: readonly MatchedAccount[]): Promise<number> {
  const criteria = deps.plan.enrichers?.[provider]?.suggestContacts;
  const enricher = deps.enrichers[provider];
  const target = suggestionTargetOf(deps.plan.objects, provider, companyObject);
  if (!criteria || !enricher?.suggestContacts || !target) return 0;
  // The vendor's company id → the account it names (the first, should two accounts be one company there).
  const byVendorId = new Map<string, MatchedAccount>();
  for (const account of accounts) {
    const id = account.answer['id'];
    if ((typeof id === 'string' || typeof id === 'number') && !byVendorId.has(String(id))) byVendorId.set(String(id), account);
  }
  if (byVendorId.size === 0) return 0;
  const suggestions = await enricher.suggestContacts([...byVendorId.keys()], criteria);
  const ids = suggestions.map((s) => suggestionReviewId(provider, s.vendorId));
  const [waiting, declined] = await Promise.all([deps.reviews.presentOf(ids), deps.declined.presentOf(ids)]);
  const at = new Date(deps.clock.nowMs()).toISOString();
  let held = 0;
  for (const suggestion of suggestions) {
    const id = suggestionReviewId(provider, suggestion.vendorId);
    const account = byVendorId.get(suggestion.companyVendorId);
    if (!account || waiting.has(id) || declined.has(id)) continue;
    if (await deps.state.entityOf(recordKey(provider, target.providerObject, suggestion.vendorId))) continue;
    waiting.add(id);
    await deps.reviews.put(suggestionReview(provider, target, account, suggestion, at));
    held++;
  }
  if (held > 0) deps.metrics.count(MetricName.ContactsSuggested, held);
  return held;
}

function suggestionReview(provider: string, target: SuggestionTarget, account: MatchedAccount, s: ContactSuggestion, at: string): ReviewItem {
  const name = [s.firstName, s.lastName].filter((n) => n !== '').join(' ');
  const observation = (value: string | null): Observation => ({ value, source: provider, observedAt: Date.parse(at), eventId: `suggestion:${s.vendorId}` });
  const accountName = account.answer['name'];
  return {
    id: suggestionReviewId(provider, s.vendorId),
    entityId: account.entityId,
    object: target.object,
    field: SUGGESTION_FIELD,
    current: observation(null),
    proposed: observation(s.title ? `${name}, ${s.title}` : name),
    at,
    suggestion: {
      provider,
      providerObject: target.providerObject,
      vendorId: s.vendorId,
      reference: target.reference,
      ...(typeof accountName === 'string' && accountName !== '' ? { accountName } : {}),
      firstName: s.firstName,
      lastName: s.lastName,
      ...(s.title ? { title: s.title } : {}),
      ...(s.score === undefined ? {} : { score: s.score }),
    },
  };
}

export type ApplyDeps = WriteDeps &
  IdentityDeps & {
    plan: SyncPlan;
    audit: AuditLog;
    reviews: Pick<ReviewStore, 'put' | 'remove'>;
    enrichers?: Partial<Record<string, Enricher>>;
    credits?: CreditLedger;
  };

/** What carrying out an approved suggestion did. */
export type SuggestionApplied = (TargetsWritten & { suggestion: 'created' | 'known' }) | { status: 'ignored'; reason: 'suggestion-closed' | 'suggestion-waits' };

/**
 * Carries out an approved suggestion: one lookup of the vendor's person (a credit from the day's cap), then the
 * person is created in every system the contract syncs the object to, under the account, or, when the identity
 * rules find someone Syncline knows, that person gets the lookup's fields by the enrichment rules instead. Every write
 * is audited and the review closes. The review stays open, with a note saying why, when the day's credits are spent or
 * the person may be one of several people Syncline knows.
 */
export async function applySuggestion(deps: ApplyDeps, review: ReviewItem & { suggestion: ContactSuggestionReview }, event: ChangeEvent): Promise<SuggestionApplied> {
  const s = review.suggestion;
  const mapping = deps.plan.objects[review.object];
  const settings = deps.plan.enrichers?.[s.provider];
  const enricher = deps.enrichers?.[s.provider];
  const close = async (): Promise<SuggestionApplied> => {
    await deps.reviews.remove(review.id);
    return { status: 'ignored', reason: 'suggestion-closed' };
  };
  // Held again as of now: approving it again is a new decision, not a redelivery of this one.
  const wait = async (note: string): Promise<SuggestionApplied> => {
    await deps.reviews.put({ ...review, note, at: new Date(deps.clock?.nowMs() ?? Date.now()).toISOString() });
    return { status: 'ignored', reason: 'suggestion-waits' };
  };
  // The contract no longer suggests from this vendor, or the account is gone: nothing to create it under.
  if (!mapping || !settings || !enricher) return close();
  const account = await deps.state.getEntity(review.entityId);
  if (!account || account.deleted) return close();
  const sourceKey = recordKey(s.provider, s.providerObject, s.vendorId);
  if (await deps.state.entityOf(sourceKey)) return close();

  const now = deps.clock?.nowMs() ?? Date.now();
  const fields = await lookUpPerson(deps, s, settings, enricher, now);
  if (fields === 'credit-cap') return wait(`approved, but ${s.provider}'s ${settings.dailyCredits} credits of ${dayOf(now)} are spent: approve again tomorrow`);
  if (fields === 'no-match') return wait(`approved, but ${s.provider} no longer answers for person ${s.vendorId}: reject the suggestion`);

  const personEvent: ChangeEvent = { source: s.provider, objectType: s.providerObject, sourceId: s.vendorId, eventId: `suggestion:${s.vendorId}`, occurredAt: new Date(now).toISOString(), kind: 'upsert', fields: {} };
  const at = { observedAt: now, eventId: idempotencyKey(event) };
  const values = { ...toCanonical(mapping, s.provider, s.providerObject, fields), [s.reference]: `entity:${review.entityId}` };
  let state: EntityState;
  try {
    state = await resolveIdentity(deps, personEvent, review.object, values);
  } catch (error) {
    if (!(error instanceof IdentityConflict)) throw error;
    return wait(`approved, but the person may be someone Syncline knows (${error.candidates.slice(0, 3).join(', ')}): look in the CRM, then reject the suggestion or add the person there`);
  }
  const known = state.version > 0;
  if (known) {
    // Someone Syncline knows: the lookup fills what the enrichment rules let it, nothing more.
    state = { ...state, golden: mergeLookup({ mapping, provider: s.provider, object: s.providerObject, kind: 'person' }, state.golden, fields, at).record };
  } else {
    state = { ...state, golden: mergeObservations(emptyGoldenRecord(), survivorshipRules(mapping), newObservations(mapping, values, s.provider, at)).record };
  }
  state = { ...state, enriched: { ...state.enriched, [s.provider]: new Date(now).toISOString() } };
  // A known person is written where it is linked; a new one is created where the contract keeps the vendor's ids.
  const targets = (known ? linkedTargets(deps.plan, state.object, state.links) : suggestionSystems(deps.plan, state.object, s.provider)).filter((t) => t !== s.provider);
  const refused = checkStorable(state, personEvent, targets) ?? (await refusedBeforeWrites(deps.writers, mapping, state, targets));
  if (refused) throw refused;
  const { result, state: written } = await writeTargets(deps, personEvent, mapping, targets, state);
  await storeEntity(deps, written);
  await deps.reviews.remove(review.id);
  deps.metrics.count(MetricName.SuggestionsApplied);
  return { ...result, suggestion: known ? 'known' : 'created' };
}

/** The vendor's fields of the person, looked up by its id with a credit of the day's cap; or why not. */
async function lookUpPerson(deps: ApplyDeps, s: ContactSuggestionReview, settings: EnricherSettings, enricher: Enricher, now: number): Promise<FieldValues | 'credit-cap' | 'no-match'> {
  const day = dayOf(now);
  if (deps.credits && (await deps.credits.take(s.provider, day, 1, settings.dailyCredits)).granted === 0) return 'credit-cap';
  let answered = false;
  try {
    const [result] = await enricher.enrich('person', [{ vendorId: s.vendorId }]);
    if (result?.status === 'failed') throw lookupFailure(s, result, now);
    answered = result !== undefined && result.status !== 'not-asked';
    if (result?.status !== 'matched') return 'no-match';
    return result.fields;
  } finally {
    // A lookup the vendor did not answer spent no credit.
    if (!answered && deps.credits) await deps.credits.giveBack(s.provider, day, 1);
  }
}

/** How long a vendor the processor left alone after a failure (`VENDOR_PAUSED`) is waited for before asking again. */
const PAUSED_VENDOR_WAIT_MS = 60_000;

/**
 * A failed lookup of an approved suggestion: a paused vendor is waited for without spending a delivery of the
 * decision; another passing failure is retried; a refusal goes to the quarantine with its code.
 */
function lookupFailure(s: ContactSuggestionReview, result: Extract<EnrichResult, { status: 'failed' }>, now: number): Error {
  if (result.code === 'VENDOR_PAUSED') return new VendorPaused(s.provider, result.resumeAt ?? now + PAUSED_VENDOR_WAIT_MS, result.message);
  return result.retryable ? new RetryableError(`${s.provider} could not look up suggested person ${s.vendorId}: ${result.message}`) : new PermanentError(result.code, result.message);
}

/** Every value of a new person, as the vendor observed it now. */
function newObservations(mapping: ObjectMapping, values: FieldValues, provider: string, at: { observedAt: number; eventId: string }): Record<string, Observation> {
  return Object.fromEntries(Object.entries(values).flatMap(([name, value]) => (mapping.fields[name] === undefined || value === null || value === '' ? [] : [[name, { value, source: provider, observedAt: at.observedAt, eventId: at.eventId }]])));
}

