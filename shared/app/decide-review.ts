import { PermanentError } from '#domain/errors';
import type { ChangeQueue } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import type { DeclinedStore, ReviewItem, ReviewStore } from '#ports/stores';
import { REVIEW_SOURCE } from './process-change.ts';

export interface DecideReviewDeps {
  reviews: ReviewStore;
  queue: ChangeQueue;
  clock: Clock;
  /** Where a rejected suggestion is remembered, so the vendor's person is never suggested again. */
  declined?: Pick<DeclinedStore, 'put'>;
}

export type ReviewDecision = { status: 'approved' | 'rejected'; id: string } | { status: 'not-found'; id: string };

/**
 * Approves a held change: it is queued as a change event from the review queue, so the processor applies it
 * through the normal path (golden record, targets, audit) and closes the review.
 */
export async function approveReview(deps: DecideReviewDeps, id: string): Promise<ReviewDecision> {
  const review = await deps.reviews.get(id);
  if (!review) return { status: 'not-found', id };
  await queueDecision(deps, review, 'approve');
  return { status: 'approved', id };
}

/** A person's decision on a review, queued as a change from the review queue for the processor to carry out. */
async function queueDecision(deps: DecideReviewDeps, review: ReviewItem, decision: 'approve' | 'reject'): Promise<void> {
  const at = new Date(deps.clock.nowMs()).toISOString();
  const { refused } = await deps.queue.enqueue([{ source: REVIEW_SOURCE, objectType: review.object, sourceId: review.id, eventId: `${decision}-${review.at}`, occurredAt: at, kind: 'upsert', fields: decision === 'reject' ? { decision } : {} }]);
  // The review stays open: the decision can be made again once the cause is fixed.
  const [first] = refused;
  if (first) throw new PermanentError(first.code, `the ${decision} decision on review ${review.id} was refused by the queue: ${first.reason}`);
}

/**
 * Rejects a held change: the golden record keeps its value and nothing is written. A rejected identity match means
 * "a different person": the held record is queued again to sync as a new one. A rejected suggestion is remembered
 * as declined: the vendor's person is not suggested again.
 */
export async function rejectReview(deps: DecideReviewDeps, id: string): Promise<ReviewDecision> {
  const review = await deps.reviews.get(id);
  if (!review) return { status: 'not-found', id };
  if (review.identity) {
    await queueDecision(deps, review, 'reject');
    return { status: 'rejected', id };
  }
  if (review.suggestion) await deps.declined?.put({ id: review.id, at: new Date(deps.clock.nowMs()).toISOString() });
  await deps.reviews.remove(id);
  return { status: 'rejected', id };
}
