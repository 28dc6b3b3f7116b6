import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { readEnrichRunEnv } from '#config/env';
import { parseEnrichRunEvent } from '#config/enrich-run-event';
import { loadContract } from '#config/load-contract';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { resilientDynamoDbDocuments, resilientSqsClient } from '#adapters/aws/resilient-clients';
import { buildEnrichRunDeps, runEnrichTask, type EnrichRunAnswer } from '#adapters/enrich-run-deps';
import { setCallDeadline } from '#adapters/vendors/call-deadline';
import { once } from '#adapters/wiring';

/**
 * The enrichment state machine's tasks → select what is due, look a chunk up, record a chunk that kept failing, or
 * add the run up → the task's answer, which the machine carries to its next state.
 */
const env = readEnrichRunEnv();
const logger = new Logger({ serviceName: 'syncline' });
const metrics = new EmfMetrics();

const deps = once(() => buildEnrichRunDeps({ contract: loadContract(env.contractFile), documents: resilientDynamoDbDocuments(), sqs: resilientSqsClient(), stateTable: env.stateTable, changesQueueUrl: env.queueUrl, secretIds: env.secretIds, ...(env.secretsFile ? { secretsFile: env.secretsFile } : {}), metrics }));

export const handler = async (event: unknown, context: Context): Promise<EnrichRunAnswer> => {
  logger.addContext(context);
  // Every vendor call gives up before the function times out; the machine's retry does the chunk again.
  setCallDeadline(Date.now() + context.getRemainingTimeInMillis());
  try {
    const request = parseEnrichRunEvent(event);
    const answer = await runEnrichTask(await deps(), request);
    logger.info('enrich run', { action: request.action, ...('runId' in request ? { correlationId: request.runId } : {}), ...('summary' in answer ? { summary: answer.summary } : { summary: answer.text }) });
    return answer;
  } finally {
    metrics.flush();
  }
};
