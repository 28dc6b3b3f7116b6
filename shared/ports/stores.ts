import type { FieldValues } from '#domain/change-event';
import type { FieldChange } from '#domain/diff';

/** Outcome of claiming an idempotency key. A claim's token proves ownership when completing or releasing it. */
export type Claim = { status: 'claimed'; token: string } | { status: 'completed' } | { status: 'in-progress' };

/** Port: remembers which events were processed (7 days), so redeliveries are no-ops. */
export interface IdempotencyStore {
  /** Claims `key` for processing. `completed`: processed before; `in-progress`: another worker holds it now. */
  claim(key: string, nowMs: number): Promise<Claim>;
  /** Marks a claimed key done; later claims answer `completed` until it expires. Throws RetryableError if the claim was taken over. */
  complete(key: string, token: string, nowMs: number): Promise<void>;
  /** Gives a claimed key up after a failure, so a retry can claim it again. A claim taken over by another worker is left alone. */
  release(key: string, token: string): Promise<void>;
}

/** What Syncline last wrote to one target record for one source record. */
export interface TargetSnapshot {
  targetId: string;
  fields: FieldValues;
  version: number;
  updatedAt: string;
}

/** Port: durable sync state (links and last-written snapshots for now). */
export interface StateStore {
  getSnapshot(sourceKey: string, target: string): Promise<TargetSnapshot | null>;
  /** Stores a snapshot if the stored version is still `expectedVersion` (0 = none yet); else throws RetryableError. */
  putSnapshot(sourceKey: string, target: string, snapshot: TargetSnapshot, expectedVersion: number): Promise<void>;
}

/** One audited write of one field. */
export interface AuditEntry extends FieldChange {
  /** The record written, `system:object:id`. */
  recordKey: string;
  /** The record the change came from, `system:object:id`. */
  sourceKey: string;
  eventId: string;
  actor: string;
  at: string;
}

/** Port: the append-only audit trail, kept at least a year. */
export interface AuditLog {
  append(entries: readonly AuditEntry[]): Promise<void>;
  history(recordKey: string): Promise<AuditEntry[]>;
}
