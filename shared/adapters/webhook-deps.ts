import { SQSClient } from '@aws-sdk/client-sqs';
import type { IngestWebhookDeps } from '#app/ingest-webhook';
import type { readWebhookEnv } from '#config/env';
import { systemClock } from '#ports/clock';
import type { Metrics } from '#ports/metrics';
import { SqsChangeQueue } from './aws/sqs-change-queue.ts';
import { webhookConnectorFor } from './vendors/webhook-registry.ts';
import { secretSourceFor } from './wiring.ts';

/** Builds the webhook use case's dependencies. Only the source's verifier, no vendor SDK. */
export async function buildWebhookDeps(env: ReturnType<typeof readWebhookEnv>, metrics: Metrics): Promise<IngestWebhookDeps> {
  const secret = await secretSourceFor(env.secretIds, env.secretsFile).get(env.source);
  return {
    source: webhookConnectorFor(env.source).webhookSource(secret),
    queue: new SqsChangeQueue(new SQSClient({}), env.queueUrl),
    metrics,
    clock: systemClock,
    maxBodyBytes: env.maxBodyBytes,
  };
}
