import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IngestWebhookDeps } from '#app/ingest-webhook';
import type { readWebhookEnv } from '#config/env';
import { systemClock } from '#ports/clock';
import type { Metrics } from '#ports/metrics';
import { DynamoDbQuarantineStore } from './aws/dynamodb-quarantine-store.ts';
import { SqsChangeQueue } from './aws/sqs-change-queue.ts';
import { secretBackedWebhookSource } from './vendors/secret-backed-webhook-source.ts';
import { webhookConnectorFor } from './vendors/webhook-registry.ts';
import { secretSourceFor } from './wiring.ts';

/**
 * Builds the webhook use case's dependencies. Only the source's verifier, no vendor SDK; the secret is read per
 * request (cached). The quarantine, in the state table, takes the changes the queue refuses.
 */
export function buildWebhookDeps(env: ReturnType<typeof readWebhookEnv>, metrics: Metrics): IngestWebhookDeps {
  return {
    source: secretBackedWebhookSource(webhookConnectorFor(env.source), secretSourceFor(env.secretIds, env.secretsFile)),
    queue: new SqsChangeQueue(new SQSClient({}), env.queueUrl),
    quarantine: new DynamoDbQuarantineStore(DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }), env.stateTable),
    metrics,
    clock: systemClock,
    maxBodyBytes: env.maxBodyBytes,
  };
}
