import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { classifyInfrastructureErrors } from './infrastructure-errors.ts';
import { limitInFlight } from './in-flight-limit.ts';

/**
 * HTTP settings for Syncline's own AWS services (NodeHttpHandler options): a dead or black-holed endpoint fails in
 * about a second instead of hanging the invocation, so the processor can wait for the service on its own terms.
 * DynamoDB answers single-item calls in milliseconds and batches well under a second, so 2 s is far above a healthy
 * call (AWS: "Tuning AWS Java SDK HTTP request settings for latency-aware Amazon DynamoDB applications").
 * `throwOnRequestTimeout` turns an exceeded request timeout into a `TimeoutError` instead of a warning.
 */
export const AWS_HTTP_OPTIONS = { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true } as const;

/**
 * Attempts per call, the first included: the SDK's standard retry mode (exponential backoff with jitter, and a retry
 * quota that stops retrying when most calls fail) absorbs a blip; a longer outage is the processor's to wait out.
 */
export const AWS_MAX_ATTEMPTS = 3;

/** Requests a client has in flight at once: the SDK agent's sockets per host (its default `maxSockets`), see {@link limitInFlight}. */
export const AWS_MAX_IN_FLIGHT = 50;

/** Options of a client built here: an endpoint for tests; the environment's (`AWS_ENDPOINT_URL_*`) otherwise. */
export interface ResilientClientOptions {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * The DynamoDB document client every store of the processor uses: short timeouts, bounded retries, at most
 * {@link AWS_MAX_IN_FLIGHT} requests on the wire (the rest wait their turn before their timeouts start), and every
 * unavailable-service error thrown as `InfrastructureUnavailable('dynamodb', reason)`. The document client shares
 * the wrapped client's middleware stack, so the classification covers every command.
 */
export function resilientDynamoDbDocuments(options: ResilientClientOptions = {}): DynamoDBDocumentClient {
  const client = limitInFlight(classifyInfrastructureErrors(new DynamoDBClient({ ...options, maxAttempts: AWS_MAX_ATTEMPTS, requestHandler: { ...AWS_HTTP_OPTIONS, httpAgent: { maxSockets: AWS_MAX_IN_FLIGHT }, httpsAgent: { maxSockets: AWS_MAX_IN_FLIGHT } } }), 'dynamodb'), AWS_MAX_IN_FLIGHT, 'dynamodb');
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** An SQS client with the same timeouts and retries; unavailable-service errors become `InfrastructureUnavailable('sqs', reason)`. */
export function resilientSqsClient(options: ResilientClientOptions = {}): SQSClient {
  return classifyInfrastructureErrors(new SQSClient({ ...options, maxAttempts: AWS_MAX_ATTEMPTS, requestHandler: AWS_HTTP_OPTIONS }), 'sqs');
}
