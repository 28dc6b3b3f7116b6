import { countReceived } from './count-received.ts';
import { VendorPaused } from '#domain/errors';
import { sourceReadFields, type SyncPlan } from '#domain/mapping';
import type { ChangeFeed } from '#ports/change-feed';
import type { ChangeQueue } from '#ports/change-queue';
import type { CursorStore } from '#ports/cursor-store';
import type { Clock } from '#ports/clock';
import { MetricName, type Metrics } from '#ports/metrics';
import type { PauseStore } from '#ports/pauses';
import type { QuarantineStore } from '#ports/stores';
import { quarantineRefused } from './quarantine-refused.ts';

export interface PollChangesDeps {
  plan: SyncPlan;
  /** The polled source's change feed. */
  feed: ChangeFeed;
  cursors: CursorStore;
  queue: ChangeQueue;
  /** Where a change the queue refuses waits with its reason. */
  quarantine: QuarantineStore;
  clock: Clock;
  metrics: Metrics;
  /** Connectors an operator paused (`syncline pause`): a paused source is not polled, and its cursors stay. */
  pauses?: Pick<PauseStore, 'isPaused'>;
  /** Changes asked for per poll. @default the feed's own page size, else 200 */
  pageSize?: number;
  /**
   * Pages read per object and run, so one run stays well inside the function's timeout: 5, and no more than 4,000
   * rows (each row is a message to enqueue, ten a call, one call after another to keep each record's order).
   */
  maxPages?: number;
}

export interface PollResult {
  /** Changes enqueued, per vendor object. */
  polled: Record<string, number>;
  /** True when some object still had changes waiting after its last page; the next run goes on from there. */
  more: boolean;
  /** Objects whose poll failed, with the reason; their cursors stayed where they were. */
  failed: Record<string, string>;
  /**
   * Objects not polled because their vendor's allocation is spent (a pause, not a failure: no alarm, no retry), with
   * when it resumes (ISO time); their cursors stayed where they were, and the next run after that goes on.
   */
  paused?: Record<string, string>;
  /** True when an operator paused the source: nothing was polled, and the next run after its resume goes on. */
  pausedByOperator?: true;
}

/**
 * The vendor objects a source feeds in the active syncs, with the fields Syncline reads from each: the mapped fields
 * and the link fields, so a feed that reads whole rows (Salesforce's) can hand them over as snapshots.
 */
export function polledObjects(plan: SyncPlan, source: string): Map<string, string[]> {
  const objects = new Map<string, string[]>();
  for (const sync of plan.syncs.filter((s) => s.from === source)) {
    const mapping = plan.objects[sync.object];
    for (const object of mapping?.systems[source]?.objects ?? []) {
      if (mapping && !objects.has(object)) objects.set(object, sourceReadFields(mapping, source, object));
    }
  }
  return objects;
}

/** The most rows one run reads of one object when the pages are large (see {@link PollChangesDeps.maxPages}). */
const MAX_ROWS_PER_RUN = 4_000;

/** The cursor of one polled object: `salesforce:Contact`. */
export const cursorName = (source: string, object: string): string => `${source}:${object}`;

/**
 * Polls every object `source` feeds into an active sync: reads pages of changes after the stored cursor, enqueues
 * them, and only then saves the new cursor. A crash between the two re-reads the page on the next run, which the
 * processor absorbs (it is idempotent on source:eventId): at least once, never lost. One failing object does not
 * hold back the others. A vendor paused for its allocation is skipped until it resumes, with its cursor kept.
 */
export async function pollChanges(deps: PollChangesDeps, input: { source: string }): Promise<PollResult> {
  const result: PollResult = { polled: {}, more: false, failed: {} };
  // Not polling at all keeps every cursor where it is: nothing is skipped, and nothing is parked twice.
  if (await deps.pauses?.isPaused(input.source)) return { ...result, pausedByOperator: true };
  for (const [object, fields] of polledObjects(deps.plan, input.source)) {
    try {
      const { count, more } = await pollObject(deps, input.source, object, fields);
      result.polled[object] = count;
      result.more ||= more;
    } catch (error) {
      if (error instanceof VendorPaused) {
        result.paused = { ...result.paused, [object]: new Date(error.resumeAt).toISOString() };
        continue;
      }
      deps.metrics.count(MetricName.PollFailures);
      result.failed[object] = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
  deps.metrics.count(MetricName.PollRuns);
  return result;
}

async function pollObject(deps: PollChangesDeps, source: string, object: string, fields: readonly string[]): Promise<{ count: number; more: boolean }> {
  const name = cursorName(source, object);
  let cursor = await deps.cursors.getCursor(name);
  let count = 0;
  const pageSize = deps.pageSize ?? deps.feed.pageSize ?? 200;
  const pages = deps.maxPages ?? Math.min(5, Math.max(1, Math.floor(MAX_ROWS_PER_RUN / pageSize)));
  for (let page = 0; page < pages; page++) {
    const changes = await deps.feed.poll(object, fields, cursor, pageSize);
    if (changes.events.length > 0) {
      const { refused } = await deps.queue.enqueue(changes.events);
      // A change the queue refuses waits in the quarantine with its reason, as a webhook's does, before the cursor
      // moves past it: one record never stalls its object's sync, and nothing is skipped silently.
      const quarantined = await quarantineRefused(deps, refused);
      if (quarantined.length > 0) deps.metrics.count(MetricName.ChangesRefusedByQueue, quarantined.length);
      countReceived(deps.metrics, changes.events);
      count += changes.events.length;
    }
    // Saved after the enqueue (at-least-once); also when no change came, so a first poll's starting point is kept.
    if (changes.cursor !== cursor) await deps.cursors.putCursor(name, changes.cursor);
    cursor = changes.cursor;
    if (!changes.more) return { count, more: false };
  }
  return { count, more: true };
}
