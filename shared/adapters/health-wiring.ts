import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { HealthDeps } from '#app/health-deps';
import { CONNECTOR_CATALOG } from '#config/connector-catalog';
import type { Contract } from '#config/contract-schema';
import { enabledConnectors } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { systemClock } from '#ports/clock';
import { BudgetMetric } from '#ports/metrics';
import type { MetricsReader } from '#ports/metrics-reader';
import { CloudWatchMetricsReader, sqsOldestAgeReader, type GetMetricDataSender } from './aws/cloudwatch-metrics-reader.ts';
import { pausedConnectors } from './aws/dynamodb-pause-store.ts';
import { DynamoDbCreditLedger, DynamoDbEnrichRunStore } from './aws/dynamodb-enrich-runs.ts';
import { runIdOf } from '#app/enrich-batch';
import { dayOf } from '#app/enrich-entity';
import type { EnrichmentHealth } from '#app/health-types';
import { DynamoDbQuarantineStore } from './aws/dynamodb-quarantine-store.ts';
import { DynamoDbReviewStore } from './aws/dynamodb-review-store.ts';
import { SqsQueueDepths } from './aws/sqs-queue-depths.ts';

/** Where the health report reads from: the stack's (or the local hub's) clients and names. */
export interface HealthSources {
  contract: Contract;
  metrics: MetricsReader;
  documents: DynamoDBDocumentClient;
  sqs: SQSClient;
  stateTable: string;
  changesQueueUrl: string;
  deadLetterQueueUrl?: string;
  /** The age of a queue's oldest message in seconds, where it can be read. */
  oldestAgeSec?: (queueUrl: string) => Promise<number>;
}

/** A deployed stack's metrics for the report: Syncline's series and the changes queue's oldest-message age, from CloudWatch. */
export function cloudWatchSources(cloudwatch: GetMetricDataSender): Pick<HealthSources, 'metrics' | 'oldestAgeSec'> {
  return { metrics: new CloudWatchMetricsReader(cloudwatch), oldestAgeSec: sqsOldestAgeReader(cloudwatch) };
}

/** The health report's ports over DynamoDB, SQS and a metrics reader (CloudWatch deployed, the hub's store locally). */
export function healthDeps(s: HealthSources): HealthDeps {
  const enabled = enabledConnectors(s.contract);
  const catalog = CONNECTOR_CATALOG as Record<string, { title: string } | undefined>;
  return {
    plan: toSyncPlan(s.contract),
    metrics: s.metrics,
    queues: new SqsQueueDepths(s.sqs, s.changesQueueUrl, s.deadLetterQueueUrl, s.oldestAgeSec),
    quarantine: new DynamoDbQuarantineStore(s.documents, s.stateTable),
    reviews: new DynamoDbReviewStore(s.documents, s.stateTable),
    paused: () => pausedConnectors(s.documents, s.stateTable),
    enrichment: () => enrichmentHealth(s, systemClock.nowMs()),
    titleOf: (vendor) => catalog[vendor]?.title ?? vendor,
    vendors: enabled,
    budgeted: Object.keys(BudgetMetric).filter((v) => enabled.includes(v)),
    clock: systemClock,
  };
}

/** Each enabled data vendor's credits today and the batch's last run (today's, else yesterday's). */
async function enrichmentHealth(s: HealthSources, nowMs: number): Promise<EnrichmentHealth[]> {
  const enrichers = toSyncPlan(s.contract).enrichers ?? {};
  if (Object.keys(enrichers).length === 0) return [];
  const ledger = new DynamoDbCreditLedger(s.documents, s.stateTable);
  const runs = new DynamoDbEnrichRunStore(s.documents, s.stateTable);
  const today = dayOf(nowMs);
  const run = (await runs.getRun(runIdOf(today))) ?? (await runs.getRun(runIdOf(dayOf(nowMs - 86_400_000))));
  return Promise.all(
    Object.entries(enrichers).map(async ([vendor, settings]) => ({
      vendor,
      creditsToday: await ledger.used(vendor, today),
      dailyCredits: settings.dailyCredits,
      ...(run && { lastRun: { day: run.day, ...(run.finishedAt && { finishedAt: run.finishedAt }), ...(run.summary && { summary: run.summary.text, failedChunks: run.summary.failedChunks }) } }),
    })),
  );
}
