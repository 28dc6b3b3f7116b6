/** How many changes wait, now. */
export interface QueueDepth {
  waiting: number;
  inFlight: number;
  /** Age of the oldest message in seconds, where the queue service tells it. */
  oldestAgeSec?: number;
}

/** Port: the depths of the changes queue and its dead-letter queue (SQS GetQueueAttributes, or CloudWatch's age metric). */
export interface QueueDepths {
  changes(): Promise<QueueDepth>;
  deadLetter(): Promise<QueueDepth>;
}
