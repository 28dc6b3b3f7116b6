import { Logger } from '@aws-lambda-powertools/logger';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { emitHealthGauges, type HealthGauges } from '#app/health-gauges';
import { healthReport } from '#app/health-report';
import { readHealthEnv } from '#config/env';
import { loadContract } from '#config/load-contract';
import { jsonResponse } from '#adapters/aws/api-gateway';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { isScheduledEvent, type ScheduledEvent } from '#adapters/aws/scheduled-event';
import { resilientDynamoDbDocuments, resilientSqsClient } from '#adapters/aws/resilient-clients';
import { cloudWatchSources, healthDeps } from '#adapters/health-wiring';

/**
 * `GET /health` (IAM-authorized: API Gateway refuses an unsigned request, or one from a principal without
 * `execute-api:Invoke` on the route, with 403 before this runs): the health report as JSON, made from CloudWatch, the
 * queues and the state table, the same report `syncline health` prints. Every 5 minutes an EventBridge rule invokes
 * it too: then it emits the quarantine, review and paused-connector gauges instead.
 */
const env = readHealthEnv();
const logger = new Logger({ serviceName: 'syncline' });
const metrics = new EmfMetrics();
const deps = healthDeps({
  contract: loadContract(env.contractFile),
  ...cloudWatchSources(new CloudWatchClient({})),
  documents: resilientDynamoDbDocuments(),
  sqs: resilientSqsClient(),
  stateTable: env.stateTable,
  changesQueueUrl: env.changesQueueUrl,
  deadLetterQueueUrl: env.deadLetterQueueUrl,
});

type ApiEvent = APIGatewayProxyEventV2WithIAMAuthorizer;
const failure = (error: unknown) => ({ error: error instanceof Error ? error.name : 'unknown', reason: error instanceof Error ? error.message : String(error) });

export function handler(event: ApiEvent): Promise<APIGatewayProxyStructuredResultV2>;
export function handler(event: ScheduledEvent): Promise<HealthGauges>;
export async function handler(event: ApiEvent | ScheduledEvent): Promise<APIGatewayProxyStructuredResultV2 | HealthGauges> {
  if (isScheduledEvent(event)) {
    try {
      const gauges = await emitHealthGauges(deps, metrics);
      logger.info('health gauges emitted', { correlationId: event.id, ...gauges });
      return gauges;
    } catch (error) {
      logger.error('health gauges failed', { correlationId: event.id, ...failure(error) });
      throw error; // so the function's Errors metric counts a run without gauges
    } finally {
      metrics.flush();
    }
  }
  // Who asked, as IAM authenticated them (`requestContext.authorizer.iam`): the access log has no caller.
  const caller = event.requestContext.authorizer?.iam?.userArn;
  try {
    const report = await healthReport(deps);
    logger.info('health report served', { ...(caller ? { caller } : {}), integrations: report.integrations.length, notActive: report.integrations.filter((i) => i.status !== 'Active').map((i) => i.integration) });
    // A report is a moment's view: no cache between the operator and the stores.
    return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(report) };
  } catch (error) {
    logger.error('health report failed', { ...(caller ? { caller } : {}), ...failure(error) });
    // The body never carries internal text (an AWS error names ARNs); the log line above says what failed.
    return jsonResponse(503, { error: 'unavailable', message: 'The health report could not be made right now (CloudWatch, SQS or DynamoDB did not answer); try again, or read the health function’s log.' });
  }
}
