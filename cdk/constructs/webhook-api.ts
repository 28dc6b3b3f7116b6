import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Properties of a {@link WebhookApi}. */
export interface WebhookApiProps {
  /** Steady-state requests per second across all routes; greater than 0. @default 100 */
  readonly rateLimit?: number;
  /** Burst capacity in requests; an integer greater than 0. @default 200 */
  readonly burstLimit?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: RetentionDays;
}

/**
 * One JSON line per request, without bodies, headers or query strings (they may carry signatures and PII).
 * HTTP API variables: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The HTTP API vendors post webhooks to. Its `$default` stage is throttled (webhook storms must not exhaust the
 * account's Lambda concurrency) and access-logged to a log group with a retention. Routes are added by
 * {@link WebhookEndpoint}s and the {@link HealthEndpoint} (`GET /health`, IAM-authorized). HTTP APIs cannot cap a
 * request body below 10 MB, so the handler enforces the cap.
 */
export class WebhookApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: WebhookApiProps = {}) {
    super(scope, id);
    const rateLimit = props.rateLimit ?? 100;
    const burstLimit = props.burstLimit ?? 200;
    if (!(rateLimit > 0) || !Number.isFinite(rateLimit)) {
      throw new Error(`throttling rate limit ${rateLimit} must be a number greater than 0 (requests per second)`);
    }
    if (!Number.isInteger(burstLimit) || burstLimit <= 0) {
      throw new Error(`throttling burst limit ${burstLimit} must be an integer greater than 0 (requests)`);
    }

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Syncline: vendor webhooks',
      // The stage is created below, with throttling and access logs, which the implicit default stage lacks.
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.accessLogRetention ?? RetentionDays.ONE_MONTH });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit, burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: ACCESS_LOG_FORMAT },
    });
  }

  /** The base URL of the `$default` stage, ending in `/`. */
  get url(): string {
    return this.stage.url;
  }
}
