/**
 * The environment contract between the CDK stack (which sets these on each function) and the handlers
 * (which read them once, through shared/config/env.ts). The local runner resolves the same values from the
 * synthesized template.
 */
export const EnvName = {
  /** Webhook function: the vendor this function verifies (`hubspot`, `salesforce`, ...). */
  Source: 'SOURCE',
  /** Webhook function: the FIFO queue change events go to. */
  ChangesQueueUrl: 'CHANGES_QUEUE_URL',
  /** Health function: the dead-letter queue of changes.fifo, whose depth the health report shows. */
  DeadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  /** Webhook function: request bodies above this many bytes are refused with 413. */
  MaxBodyBytes: 'MAX_BODY_BYTES',
  /** JSON object mapping connector name to its secret id (an ARN in AWS, a key of the local secrets file locally). */
  ConnectorSecrets: 'CONNECTOR_SECRETS',
  /** Processor: DynamoDB table names. */
  IdempotencyTable: 'IDEMPOTENCY_TABLE',
  StateTable: 'STATE_TABLE',
  AuditTable: 'AUDIT_TABLE',
  /** Path of the data contract bundled beside the handler. */
  ContractFile: 'SYNCLINE_CONTRACT_FILE',
  /** Local mode only: JSON file holding the secrets, keyed by secret id. Unset in AWS. */
  SecretsFile: 'SYNCLINE_SECRETS_FILE',
  /** Poller: how far back (seconds) the very first poll of an object starts; later polls resume from their cursor. */
  PollLookbackSeconds: 'POLL_LOOKBACK_SECONDS',
  /** Processor: the most changes one invocation works on; a full batch is topped up from the queue to this many. */
  WindowMaxRecords: 'WINDOW_MAX_RECORDS',
  /**
   * Processor: the first backoff (seconds, doubling per delivery) before a failed change the window received itself
   * returns; default 10. The local hub sets it to its own retry delay, as its event source returns failures early.
   */
  WindowReleaseBaseSeconds: 'WINDOW_RELEASE_BASE_SECONDS',
  /**
   * Processor and pollers: how long a vendor paused for its allocation stays paused before one call probes whether
   * it has room again (seconds; default 900). The local hub sets it short, so a sandbox's new day shows at once.
   */
  BudgetProbeSeconds: 'SYNCLINE_BUDGET_PROBE_SECONDS',
  /**
   * Processor: the first wait (ms) before a vendor call that failed without a Retry-After is tried again, doubling for
   * the next three; default 1000 (1, 2, 4, 8 s). For local test runs only; a deployment keeps the default.
   */
  VendorRetryBaseMs: 'SYNCLINE_VENDOR_RETRY_BASE_MS',
} as const;

export type EnvName = (typeof EnvName)[keyof typeof EnvName];
