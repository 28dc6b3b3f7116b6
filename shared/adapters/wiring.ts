import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IngestWebhookDeps } from '#app/ingest-webhook';
import type { ProcessChangeDeps } from '#app/process-change';
import type { Metrics } from '#ports/metrics';
import { systemClock } from '#ports/clock';
import type { SecretSource } from '#ports/secret-source';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import type { readProcessorEnv, readWebhookEnv } from '#config/env';
import { DynamoDbAuditLog } from './aws/dynamodb-audit-log.ts';
import { DynamoDbIdempotencyStore } from './aws/dynamodb-idempotency-store.ts';
import { DynamoDbStateStore } from './aws/dynamodb-state-store.ts';
import { localFileSecretSource, secretsManagerSource } from './aws/secret-sources.ts';
import { SqsChangeQueue } from './aws/sqs-change-queue.ts';
import { connectorFor } from './vendors/registry.ts';

/** Secrets Manager in AWS; the local secrets file when `SYNCLINE_SECRETS_FILE` is set (local mode). */
export function secretSourceFor(secretIds: Record<string, string>, secretsFile: string | undefined): SecretSource {
  return secretsFile ? localFileSecretSource(secretsFile, secretIds) : secretsManagerSource(secretIds);
}

/** Builds the webhook use case's dependencies (once per cold start). */
export async function buildWebhookDeps(env: ReturnType<typeof readWebhookEnv>, metrics: Metrics): Promise<IngestWebhookDeps> {
  const connector = connectorFor(env.source);
  if (!connector.webhookSource) throw new Error(`connector ${env.source} does not receive webhooks`);
  const secret = await secretSourceFor(env.secretIds, env.secretsFile).get(env.source);
  return { source: connector.webhookSource(secret), queue: new SqsChangeQueue(new SQSClient({}), env.queueUrl), metrics, clock: systemClock, maxBodyBytes: env.maxBodyBytes };
}

/** Builds the processor's dependencies (once per cold start): stores, and a reader/writer per connector that has one. */
export async function buildProcessorDeps(env: ReturnType<typeof readProcessorEnv>, metrics: Metrics): Promise<ProcessChangeDeps> {
  const plan = toSyncPlan(loadContract(env.contractFile));
  const secrets = secretSourceFor(env.secretIds, env.secretsFile);
  const readers: ProcessChangeDeps['readers'] = {};
  const writers: ProcessChangeDeps['writers'] = {};
  for (const name of Object.keys(env.secretIds)) {
    const connector = connectorFor(name);
    if (!connector.reader && !connector.writer) continue;
    const secret = await secrets.get(name);
    if (connector.reader) readers[name] = connector.reader(secret);
    if (connector.writer) writers[name] = connector.writer(secret);
  }
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  return {
    plan,
    readers,
    writers,
    idempotency: new DynamoDbIdempotencyStore(documents, env.idempotencyTable),
    state: new DynamoDbStateStore(documents, env.stateTable),
    audit: new DynamoDbAuditLog(documents, env.auditTable),
    metrics,
    clock: systemClock,
  };
}

/** Memoizes an async factory; a failed attempt is forgotten so the next invocation tries again. */
export function once<T>(factory: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
