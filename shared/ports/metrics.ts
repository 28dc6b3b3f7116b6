/**
 * The fixed metric vocabulary. Every metric Syncline emits is named here, so alarms (cdk/) and emitters
 * (shared/adapters/aws/) cannot drift apart. Emitted as CloudWatch EMF in namespace {@link METRICS_NAMESPACE}
 * with the single dimension `service` = {@link METRICS_SERVICE}.
 */
export const MetricName = {
  /** Change events accepted by a webhook and enqueued. */
  ChangesReceived: 'ChangesReceived',
  /** Webhook requests refused (bad signature, stale timestamp, malformed or oversized body). */
  WebhooksRejected: 'WebhooksRejected',
  /** Events of an accepted webhook batch that could not be read (unknown shape); logged with their index and reason. */
  WebhookEventsSkipped: 'WebhookEventsSkipped',
  /** Changes of an accepted webhook the queue would not take (too large, refused characters): quarantined with the reason, the rest of the delivery goes on. */
  ChangesRefusedByQueue: 'ChangesRefusedByQueue',
  /** Change events processed to completion (written, or nothing to write). */
  ChangesSynced: 'ChangesSynced',
  /** Change events that could not be written and wait in the quarantine with their reason. */
  ChangesQuarantined: 'ChangesQuarantined',
  /** Change events the contract does not sync (no mapping, a delete, a record gone at the source). */
  ChangesIgnored: 'ChangesIgnored',
  /** Field changes ignored because another system is that field's system of record and has set it. */
  FieldsIgnoredNotOwner: 'FieldsIgnoredNotOwner',
  /** Field values a target would not take (an Outreach sequence status it cannot reach): its own value is recorded and sent back to the others. */
  FieldsKeptByTarget: 'FieldsKeptByTarget',
  /** Field observations older than what the golden record holds (out-of-order events); they never regress a field. */
  FieldsStale: 'FieldsStale',
  /** Conflicting changes to review-policy fields, held for a person. */
  FieldsHeldForReview: 'FieldsHeldForReview',
  /** Change events that brought nothing new: mostly Syncline's own writes coming back (loop prevention), or repeats. */
  EchoesDropped: 'EchoesDropped',
  /** Records flagged (never deleted) because their counterpart was deleted in another system; a burst raises one alarm. */
  RecordsSoftDeleted: 'RecordsSoftDeleted',
  /** Soft-deleted records whose flag was cleared because the deleting system restored the record in time. */
  RecordsRestored: 'RecordsRestored',
  /** Restores that came after the grace period: the records stay flagged for a person. */
  RestoresAfterGrace: 'RestoresAfterGrace',
  /** Links moved to the surviving record after a merge at the source, or to the Contact a Lead was converted into. */
  LinksRepointed: 'LinksRepointed',
  /** Records written to a target system. */
  RecordsWritten: 'RecordsWritten',
  /** Records from a system recognised as a person (entity) Syncline already knows, by a match rule: no new record. */
  RecordsMatched: 'RecordsMatched',
  /** Records that may be a known person but not certainly (ambiguous match, a target's duplicate rule): held for review. */
  MatchesHeldForReview: 'MatchesHeldForReview',
  /** Change events skipped because they were already processed (idempotency hit). */
  DuplicatesSkipped: 'DuplicatesSkipped',
  /** Change events that failed with a retryable error and went back to the queue. */
  SyncRetries: 'SyncRetries',
  /** Change events that failed permanently. */
  SyncFailures: 'SyncFailures',
  /** Changes that failed because DynamoDB or SQS was unreachable, timing out or throttling (not the change's fault). */
  InfrastructureErrors: 'InfrastructureErrors',
  /** Changes sent back to the end of their group, unprocessed, because the infrastructure stayed down for the invocation. */
  ChangesDeferred: 'ChangesDeferred',
  /** Rounds of a batch that waited for a vendor's allocation (Syncline's share spent, or the vendor said stop). */
  VendorPauses: 'VendorPauses',
  /**
   * Salesforce's daily allocation used, in percent of Syncline's share of it (`dailyShare`), as the org's own usage
   * report and the calls taken since put it: one value per call taken (alarm on its Maximum).
   */
  SalesforceBudgetUsed: 'SalesforceBudgetUsed',
  /** HubSpot's daily limit used, in percent of Syncline's share of it, likewise. */
  HubspotBudgetUsed: 'HubspotBudgetUsed',
  /** Records whose golden record took fields from a data vendor (ZoomInfo) on a lookup. */
  RecordsEnriched: 'RecordsEnriched',
  /** Lookups the data vendor answered without a sure match: nothing written, not asked again until the record is stale. */
  EnrichmentNoMatch: 'EnrichmentNoMatch',
  /** Lookups that failed (timeout, rate limit, credits used up): the change is written without them, and a later change asks again. */
  EnrichmentFailures: 'EnrichmentFailures',
  /** Lookup credits taken from the day's cap (`dailyCredits`), by the processor and the daily batch. */
  EnrichmentCredits: 'EnrichmentCredits',
  /**
   * The day's credits used, in percent of the cap, as the ledger counted them with each take: one value per take
   * (alarm on its Maximum at 80).
   */
  EnrichmentCreditsUsed: 'EnrichmentCreditsUsed',
  /** Lookups an enrichment batch execution had answered (matched or not). */
  EnrichmentLookups: 'EnrichmentLookups',
  /** Of those, sure matches: their fields went to the processor. */
  EnrichmentMatches: 'EnrichmentMatches',
  /** Records an enrichment batch execution could not look up (a vendor's refusal, a chunk that kept failing). */
  EnrichmentBatchFailures: 'EnrichmentBatchFailures',
  /** People a data vendor suggested as new contacts of the accounts it looked up, held for review. */
  ContactsSuggested: 'ContactsSuggested',
  /** Suggested contacts a person approved that were created (or found already known and enriched). */
  SuggestionsApplied: 'SuggestionsApplied',
  /** Enrichment batch runs that completed (their summary is in `syncline health`). */
  EnrichmentRuns: 'EnrichmentRuns',
  /** Chunks of an enrichment run that kept failing after their retries: the run went on without them. */
  EnrichmentChunksFailed: 'EnrichmentChunksFailed',
  /** Scheduled poller runs that completed (changes found or not). */
  PollRuns: 'PollRuns',
  /** Scheduled poller runs that failed for one object; its cursor stays where it was and the next run retries. */
  PollFailures: 'PollFailures',
  /**
   * Records a reconciliation found out of step: missing from a system, holding values never synced, or one entity
   * not linked. Anything above 0 means changes were lost on the way (the run sends them through again).
   */
  ReconcileDrift: 'ReconcileDrift',
  /** Reconciliation runs that completed. */
  ReconcileRuns: 'ReconcileRuns',
  /** Changes waiting in the quarantine, counted every 5 minutes by the health function (a gauge: alarm on its Maximum). */
  QuarantineSize: 'QuarantineSize',
  /** Items waiting in the review queue for a person, counted every 5 minutes likewise. */
  ReviewSize: 'ReviewSize',
  /** Connectors an operator paused (`syncline pause`), counted every 5 minutes likewise. */
  ConnectorsPaused: 'ConnectorsPaused',

  // Per integration and per vendor: the series behind `syncline health`, GET /health, the dashboards and the alarms
  // of one integration. Each is emitted with the dimensions its comment names (see `Dimension`), beside `service`.

  /** Changes a source reported (webhook or poller), by `source` and `sourceObject` (the vendor's object type). */
  ChangesReceivedFrom: 'ChangesReceivedFrom',
  /** Changes of one integration processed to completion (written to the target, or nothing to write), by `integration` and `object`. */
  IntegrationSynced: 'IntegrationSynced',
  /** Failed attempts of one integration (each delivery that failed counts), by `integration`, `object` and `category` (see `ErrorCategory`). */
  IntegrationFailed: 'IntegrationFailed',
  /** Milliseconds from the vendor's event time to the write in the target, by `integration` and `object`. */
  SyncLatency: 'SyncLatency',
  /** Calls taken from a vendor's API, by `vendor`. */
  VendorCalls: 'VendorCalls',
  /** Activities (e-mails, calls) logged in a target, by `source` (the tool they were recorded in). */
  ActivitiesLogged: 'ActivitiesLogged',
  /** Days until a vendor credential expires, by `vendor` (alarm on its Minimum). */
  CredentialDaysLeft: 'CredentialDaysLeft',
  /** OAuth token refreshes a vendor refused or that failed, by `vendor`. */
  OAuthRefreshFailures: 'OAuthRefreshFailures',
} as const;

export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** Failed attempts above this share of all attempts within an hour make a failure rate too high (percent). */
export const FAILURE_RATE_PERCENT = 1;

/**
 * A too-high failure rate also needs this many failed attempts in the hour: at a few changes an hour, one retried
 * 429 is several percent, and the stoppage alarms already speak for a quiet pipeline.
 */
export const FAILURE_RATE_MIN_FAILED = 3;

/** The dimension names of the per-integration and per-vendor metrics. */
export const Dimension = {
  /** `<source>><target>`, e.g. `hubspot>salesforce` (see `integrationName`). */
  integration: 'integration',
  /** The contract's object name, e.g. `person`. */
  object: 'object',
  /** An `ErrorCategory`. */
  category: 'category',
  source: 'source',
  /** The vendor's own object type, e.g. `Contact`. */
  sourceObject: 'sourceObject',
  vendor: 'vendor',
} as const;

export type MetricDimensions = Readonly<Partial<Record<(typeof Dimension)[keyof typeof Dimension], string>>>;

/** The `integration` dimension of changes from `source` written to `target`. */
export const integrationName = (source: string, target: string): string => `${source}>${target}`;

/** The vendors whose calls are taken from a shared budget, and the metric of each budget's use. */
export const BudgetMetric = {
  salesforce: MetricName.SalesforceBudgetUsed,
  hubspot: MetricName.HubspotBudgetUsed,
} as const;
export type BudgetedVendor = keyof typeof BudgetMetric;

export const METRICS_NAMESPACE = 'Syncline';
export const METRICS_SERVICE = 'syncline';

/** Port: counts business events. Implementations flush at the end of each invocation. */
export interface Metrics {
  count(name: MetricName, value?: number): void;
  /** Counts under dimensions (one series per integration, vendor or category). */
  countBy(name: MetricName, dimensions: MetricDimensions, value?: number): void;
  /** One observation of a duration in milliseconds (percentiles are taken over them). */
  timing(name: MetricName, dimensions: MetricDimensions, ms: number): void;
}

/** Metrics that go nowhere, for runs whose counts no one reads (a dry run, a CLI preview). */
export const noMetrics: Metrics = { count: () => undefined, countBy: () => undefined, timing: () => undefined };
