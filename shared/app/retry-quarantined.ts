import type { ChangeQueue } from '#ports/change-queue';
import type { QuarantineItem, QuarantineStore } from '#ports/stores';

/** The source of quarantined rows of an imported file (`syncline import`). */
export const IMPORT_SOURCE = 'import';

export interface RetryQuarantinedDeps {
  quarantine: QuarantineStore;
  queue: ChangeQueue;
}

/** A quarantined change the queue refused again: it stays in the quarantine. */
export interface RetryRefused {
  id: string;
  code: string;
  reason: string;
}

/** `refused` is there only when the queue refused some. */
export type RetryResult = { retried: string[]; missing: string[]; refused?: RetryRefused[] };

/**
 * Sends quarantined changes through the normal path again, e.g. after the missing data was fixed at the source.
 * Each retry gets an event id of its own (the original was completed as "quarantined" and would be skipped as a
 * duplicate); the processor reads the record's current state, so the retry carries the fix. A retry that fails
 * again stays in the quarantine with one more attempt; one that syncs leaves it. Retrying twice before the first
 * retry ran sends the same retry event, which the queue and the processor deduplicate. A change the queue refuses
 * again stays where it is and is reported with the queue's reason.
 */
export async function retryQuarantined(deps: RetryQuarantinedDeps, ids: readonly string[] | 'all'): Promise<RetryResult> {
  const items: (QuarantineItem | null)[] = ids === 'all' ? await deps.quarantine.list() : await Promise.all(ids.map((id) => deps.quarantine.get(id)));
  const found = items.filter((i): i is QuarantineItem => i !== null);
  const missing = ids === 'all' ? [] : ids.filter((id) => !found.some((i) => i.id === id));
  const refused: RetryRefused[] = [];
  for (const item of found) {
    if (item.event.source === IMPORT_SOURCE) {
      // A row of an imported file has no record to read again: the fix is to the file.
      refused.push({ id: item.id, code: 'IMPORT_ROW', reason: 'a row of an imported file: fix it in the file and run syncline import again (the rows already imported are skipped)' });
      continue;
    }
    const base = item.event.eventId.replace(/~retry\d+$/, '');
    // A polled row, or a notification of one property, spoke for the moment it was made: the retry reads the record.
    const { polled: _polled, delta: _delta, partial: _partial, ...event } = item.event;
    const result = await deps.queue.enqueue([{ ...event, eventId: `${base}~retry${item.attempts}` }]);
    for (const r of result.refused) refused.push({ id: item.id, code: r.code, reason: r.reason });
  }
  const retried = found.filter((i) => !refused.some((r) => r.id === i.id)).map((i) => i.id);
  return { retried, missing, ...(refused.length > 0 ? { refused } : {}) };
}
