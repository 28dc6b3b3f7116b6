import type { ErrorCategory } from '#domain/error-category';

/**
 * What `syncline health`, `GET /health` and the dashboard show. Plain JSON: times are ISO strings, rates are
 * fractions (0.021 is 2.1%).
 */
export interface HealthReport {
  /** When the report was made. */
  at: string;
  /** One row per sync of the contract (source → target, object), in the contract's order. */
  integrations: IntegrationHealth[];
  queues: {
    /** Changes waiting in the changes queue, in flight, and the age of the oldest in seconds (when known). */
    changes: { waiting: number; inFlight: number; oldestAgeSec?: number };
    /** Changes that failed 5 times and wait in the dead-letter queue. */
    deadLetter: { waiting: number };
  };
  /** Changes in the quarantine and items in review, now. */
  quarantined: number;
  inReview: number;
  /** The last hour's failures and quarantined changes, grouped, most frequent first. */
  recentErrors: RecentError[];
  /** Per vendor: calls in the last 24 hours and the share of its daily allocation used (when it has one). */
  quota: { vendor: string; calls24h: number; usedPercent?: number }[];
  /** Since midnight UTC. */
  dataQuality: { enriched: number; duplicatesPrevented: number; quarantined: number; activitiesLogged: { source: string; count: number }[] };
  /** Per data vendor (ZoomInfo): the day's credits against the cap, and the last enrichment batch run. */
  enrichment?: EnrichmentHealth[];
  /** Connectors paused by an operator (`syncline pause`): their changes are parked until resumed. */
  paused: string[];
  /** Volume, failures and latency over the last hours, in buckets, for charts. */
  series: HealthSeries;
}

export type IntegrationStatus = 'Active' | 'Degraded' | 'Stopped';

export interface IntegrationHealth {
  /** `<source>><target>`, as the metrics' `integration` dimension. */
  integration: string;
  source: string;
  target: string;
  object: string;
  /** e.g. `HubSpot → Salesforce`. */
  title: string;
  status: IntegrationStatus;
  /** Why it is not Active, in words. */
  reason?: string;
  /** The last change that went through (written, or nothing to write); absent if none in the look-back. */
  lastSyncAt?: string;
  /** The last hour. */
  received: number;
  synced: number;
  failed: number;
  /** failed / (synced + failed), 0 when neither. */
  errorRate: number;
  /** Event time to target write, over the last hour. */
  latencyMs?: { p50: number; p99: number };
  /** The last hour's failures by category. */
  errors: { category: ErrorCategory; count: number }[];
}

export interface RecentError {
  /** The integration or source it concerns (`hubspot>salesforce`, or `hubspot` for a change not yet routed). */
  where: string;
  category: ErrorCategory;
  /** A vendor or Syncline code (`STRING_TOO_LONG`), or the category when there is none. */
  code: string;
  count: number;
  /** One reason, as it was recorded (never values of the record). */
  example?: string;
  hint: string;
}

export interface HealthSeries {
  bucketSec: number;
  /** One point per bucket, oldest first, summed over integrations. */
  points: { at: string; synced: number; failed: number; received: number; p50Ms?: number; p99Ms?: number }[];
}

/** A data vendor's lookups: the UTC day's credits against `dailyCredits`, and the batch's last run. */
export interface EnrichmentHealth {
  vendor: string;
  creditsToday: number;
  dailyCredits: number;
  /** Today's run, or yesterday's when none ran yet today. */
  lastRun?: { day: string; finishedAt?: string; summary?: string; failedChunks?: number };
}
