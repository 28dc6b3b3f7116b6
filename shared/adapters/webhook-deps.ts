import { SQSClient } from '@aws-sdk/client-sqs';
import type { IngestWebhookDeps } from '#app/ingest-webhook';
import type { readWebhookEnv } from '#config/env';
import { systemClock } from '#ports/clock';
import type { Metrics } from '#ports/metrics';
import { SqsChangeQueue } from './aws/sqs-change-queue.ts';
import { secretBackedWebhookSource } from './vendors/secret-backed-webhook-source.ts';
import { webhookConnectorFor } from './vendors/webhook-registry.ts';
import { secretSourceFor } from './wiring.ts';

/** Builds the webhook use case's dependencies. Only the source's verifier, no vendor SDK; the secret is read per request (cached). */
export function buildWebhookDeps(env: ReturnType<typeof readWebhookEnv>, metrics: Metrics): IngestWebhookDeps {
  return {
    source: secretBackedWebhookSource(webhookConnectorFor(env.source), secretSourceFor(env.secretIds, env.secretsFile)),
    queue: new SqsChangeQueue(new SQSClient({}), env.queueUrl),
    metrics,
    clock: systemClock,
    maxBodyBytes: env.maxBodyBytes,
  };
}
