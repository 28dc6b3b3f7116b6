import { RetryableError } from '#domain/errors';
import type { SyncPlan } from '#domain/mapping';
import type { Clock } from '#ports/clock';
import type { ParkedChange, PauseStore } from '#ports/pauses';
import { heldBackBy } from './pause-connector.ts';
import type { BatchRecord, PausedChanges, RecordOutcome } from './process-batch.ts';

/**
 * The processor's pause gate: before a batch runs, the changes a paused connector holds back are parked in the state
 * table, and the batch runs without them. The paused set is read once per batch (one query, whatever the batch's
 * size: a window holds up to 1,000 changes), so a pause holds for every batch that starts after it; a batch costs
 * that read, and one conditional write per 99 changes it parks. A set read just before a resume cannot strand a
 * change: parking is conditional on the connector still being paused, and changes behind a connector found resumed
 * are processed in this batch.
 */
export class ParkPaused implements PausedChanges {
  /** The last set read, which stands while the store cannot be read. */
  private last = new Set<string>();

  constructor(private readonly deps: { plan: Pick<SyncPlan, 'syncs' | 'objects'>; pauses: PauseStore; clock: Clock }) {}

  async parkHeld(records: readonly BatchRecord[]): Promise<Map<string, RecordOutcome>> {
    const outcomes = new Map<string, RecordOutcome>();
    const paused = await this.pausedSet();
    if (paused.size === 0) return outcomes;
    const held = new Map<string, { record: BatchRecord; index: number }[]>();
    records.forEach((record, index) => {
      const connector = record.event ? heldBackBy(this.deps.plan, record.event, paused) : undefined;
      if (connector !== undefined) held.set(connector, [...(held.get(connector) ?? []), { record, index }]);
    });
    const now = this.deps.clock.nowMs();
    const at = new Date(now).toISOString();
    for (const [connector, list] of held) {
      // Batch order within one parking time: the order a record's changes came in is their resend order.
      const changes: ParkedChange[] = list.map(({ record, index }) => ({ id: parkedId(now, index, record.messageId), connector, event: record.event as NonNullable<BatchRecord['event']>, groupId: record.groupId, at }));
      try {
        if (await this.deps.pauses.park(connector, changes)) {
          for (const { record } of list) outcomes.set(record.messageId, { status: 'parked', connector });
          continue;
        }
        // Resumed since the set was read: these changes run with the batch.
      } catch (error) {
        // Not parked, and not to be processed while paused: back to the queue, to be parked on a later delivery.
        const failure = new RetryableError(`could not park the change behind paused ${connector}`, { cause: error });
        for (const { record } of list) outcomes.set(record.messageId, { status: 'failed', error: failure });
      }
    }
    return outcomes;
  }

  /**
   * The paused connectors. When the read fails (DynamoDB unavailable), the last set read stands: every change's first
   * step then meets the same outage, which the batch waits out or defers, and the next batch reads the set again.
   */
  private async pausedSet(): Promise<Set<string>> {
    try {
      this.last = new Set((await this.deps.pauses.paused()).map((p) => p.connector));
    } catch {
      // The last set read stands.
    }
    return this.last;
  }
}

/** Ordered ids: parking time (ms, fixed width), the change's place in its batch, and its message id. */
function parkedId(nowMs: number, index: number, messageId: string): string {
  return `${String(nowMs).padStart(15, '0')}#${String(index).padStart(4, '0')}#${messageId}`;
}
