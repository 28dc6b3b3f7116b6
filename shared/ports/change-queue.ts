import type { ChangeEvent } from '#domain/change-event';

/** Port: the FIFO queue between webhooks/pollers and the processor. */
export interface ChangeQueue {
  /**
   * Enqueues events in order. Message group = the record's identity, deduplication id = source and event id.
   * Throws RetryableError if any event could not be enqueued (the vendor then redelivers the whole request).
   */
  enqueue(events: readonly ChangeEvent[]): Promise<void>;
}
