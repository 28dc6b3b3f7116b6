import type { ChangeQueue } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import type { ReviewStore } from '#ports/stores';
import { REVIEW_SOURCE } from './process-change.ts';

export interface DecideReviewDeps {
  reviews: ReviewStore;
  queue: ChangeQueue;
  clock: Clock;
}

export type ReviewDecision = { status: 'approved' | 'rejected'; id: string } | { status: 'not-found'; id: string };

/**
 * Approves a held change: it is queued as a change event from the review queue, so the processor applies it
 * through the normal path (golden record, targets, audit) and closes the review.
 */
export async function approveReview(deps: DecideReviewDeps, id: string): Promise<ReviewDecision> {
  const review = await deps.reviews.get(id);
  if (!review) return { status: 'not-found', id };
  const at = new Date(deps.clock.nowMs()).toISOString();
  await deps.queue.enqueue([{ source: REVIEW_SOURCE, objectType: review.object, sourceId: review.id, eventId: `approve-${review.at}`, occurredAt: at, kind: 'upsert', fields: {} }]);
  return { status: 'approved', id };
}

/**
 * Rejects a held change: the golden record keeps its value and nothing is written. A rejected identity match means
 * "a different person": the held record is queued again to sync as a new one.
 */
export async function rejectReview(deps: DecideReviewDeps, id: string): Promise<ReviewDecision> {
  const review = await deps.reviews.get(id);
  if (!review) return { status: 'not-found', id };
  if (review.identity) {
    const at = new Date(deps.clock.nowMs()).toISOString();
    await deps.queue.enqueue([{ source: REVIEW_SOURCE, objectType: review.object, sourceId: review.id, eventId: `reject-${review.at}`, occurredAt: at, kind: 'upsert', fields: { decision: 'reject' } }]);
    return { status: 'rejected', id };
  }
  await deps.reviews.remove(id);
  return { status: 'rejected', id };
}
