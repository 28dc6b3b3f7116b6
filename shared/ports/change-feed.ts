import type { ChangeEvent } from '#domain/change-event';

/** One page of changes from a {@link ChangeFeed}. */
export interface ChangePage {
  /** Changes in the order they happened at the source. */
  events: ChangeEvent[];
  /** Where the next poll starts; store it only once `events` are safely enqueued. */
  cursor: string;
  /** True when the page was full, so more changes are probably waiting. */
  more: boolean;
}

/** Port: a source that is polled for changes (it cannot push them), resumed from an opaque cursor. */
export interface ChangeFeed {
  /**
   * Up to `limit` changes of `objectType` after `cursor`, oldest first, each carrying `fields`. Without a cursor the
   * feed starts from its configured lookback, not from the beginning of time. Throws RetryableError on 429/5xx.
   */
  poll(objectType: string, fields: readonly string[], cursor: string | undefined, limit: number): Promise<ChangePage>;
  /** The changes the poller asks for per call: what one vendor call answers with. @default 200 */
  readonly pageSize?: number;
}
