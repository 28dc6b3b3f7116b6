import type { ChangeEvent } from '#domain/change-event';

/** A connector an operator paused (`syncline pause`), and since when (ISO time). */
export interface PausedConnector {
  connector: string;
  since: string;
}

/** A change kept aside while a connector it touches is paused, to go through the normal path once it resumes. */
export interface ParkedChange {
  /** Unique within its connector, and in the order the changes were parked: their resend order. */
  id: string;
  /** The paused connector that holds it back. */
  connector: string;
  event: ChangeEvent;
  /** Its FIFO message group, kept for the resend, so a record's changes stay in one group. */
  groupId: string;
  at: string;
}

/** Port: which connectors are paused, and the changes parked behind each. */
export interface PauseStore {
  /** Every paused connector (one read). */
  paused(): Promise<PausedConnector[]>;
  /** Whether one connector is paused (one read of its item). */
  isPaused(connector: string): Promise<boolean>;
  /** Pauses it; false when it was paused already (the first `since` stays). */
  pause(connector: string, at: string): Promise<boolean>;
  /** Resumes it; false when it was not paused. */
  resume(connector: string): Promise<boolean>;
  /**
   * Parks changes behind `connector`, all of them, only while it is paused: false, and nothing parked, when it is not
   * paused (any more). A change parked is therefore always there for the drain that follows its resume.
   */
  park(connector: string, changes: readonly ParkedChange[]): Promise<boolean>;
  /** The first `limit` changes parked behind `connector`, in parking order. */
  parked(connector: string, limit: number): Promise<ParkedChange[]>;
  /** How many changes are parked behind `connector`. */
  countParked(connector: string): Promise<number>;
  /** Removes parked changes once they are back on the changes queue. */
  unpark(connector: string, ids: readonly string[]): Promise<void>;
}

/** Port: sends parked changes back to the changes queue, in order, each in its own message group. */
export interface ParkedChangeQueue {
  /** The ids sent; those the queue refused are left out, with the reason. */
  resend(changes: readonly ParkedChange[]): Promise<{ sent: string[]; refused: { id: string; reason: string }[] }>;
}
