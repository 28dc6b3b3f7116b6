/** One message in the dead-letter queue, as the queue holds it. */
export interface DeadLetter {
  /** The queue's message id: what an operator names in `dlq show` and `dlq redrive`. */
  id: string;
  /** The body exactly as it was sent (a change event's JSON). */
  body: string;
  /** The FIFO message group: the record's identity. */
  groupId: string;
  /**
   * When the queue took the message (ISO time). AWS resets it when it moves a message into a FIFO dead-letter queue,
   * so there it is when the change was dead-lettered.
   */
  sentAt?: string;
  /** When it was first received (ISO time). */
  firstReceivedAt?: string;
  /** How often it was received, the processor's deliveries and each look at the DLQ included. */
  receiveCount: number;
}

/** What a walk over the dead-letter queue did. */
export interface DeadLetterWalk {
  /** The messages it saw and left where they were. */
  kept: DeadLetter[];
  /** The messages it moved back to the changes queue. */
  moved: DeadLetter[];
  /** Messages it was asked to move but could not, with the reason; they are still in the DLQ. */
  failed: { letter: DeadLetter; reason: string }[];
  /**
   * How many messages the queue held when the walk began (approximate, as the queue reports it). More than were
   * seen means some could not be reached: in a FIFO queue, a message waits behind an earlier one of its group.
   */
  approximateCount: number;
}

/**
 * Port: the dead-letter queue of the changes queue. Looking consumes nothing: every message a walk does not move
 * stays in the queue, visible again once the walk ends.
 */
export interface DeadLetterQueue {
  /**
   * Visits every message it can reach, once. `move` sends a message back to the changes queue (same body and
   * group) and then deletes it from the DLQ; `keep` leaves it.
   */
  walk(decide: (letter: DeadLetter) => 'move' | 'keep'): Promise<DeadLetterWalk>;
}
