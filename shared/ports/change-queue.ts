import type { ChangeEvent } from '#domain/change-event';

/** Why the queue would not take a change: its fault is in the change itself, so sending it again cannot help. */
export const QueueRefusal = {
  /** Larger than a queue message may be, and the processor could not read its values again (a snapshot). */
  TooLarge: 'MESSAGE_TOO_LARGE',
  /** Characters the queue does not allow in a message. */
  InvalidCharacters: 'MESSAGE_INVALID_CHARACTERS',
  /** Any other fault the queue found in the message. */
  Refused: 'MESSAGE_REFUSED',
} as const;
export type QueueRefusal = (typeof QueueRefusal)[keyof typeof QueueRefusal];

/** A change the queue refused, with the reason in words (never the change's values). */
export interface RefusedChange {
  event: ChangeEvent;
  code: QueueRefusal;
  reason: string;
}

/** What became of an enqueue: every event not listed in `refused` is on the queue. */
export interface EnqueueResult {
  refused: RefusedChange[];
}

/** Port: the FIFO queue between webhooks/pollers and the processor. */
export interface ChangeQueue {
  /**
   * Enqueues events in order. Message group = the record's identity, deduplication id = source and event id.
   * A change the queue cannot take as it is (too large, refused characters) is reported in `refused` and the
   * others are enqueued: one bad record never holds back the rest. Throws RetryableError only when the queue
   * itself stays unavailable; events enqueued before that stay enqueued (a retry is absorbed by deduplication).
   */
  enqueue(events: readonly ChangeEvent[]): Promise<EnqueueResult>;
}
