import { functionErrorAlarm } from './alarms.ts';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Alarm, IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONNECTOR_CATALOG, type ConnectorProfile } from '#config/connector-catalog';
import { EnvName } from '#config/env-names';
import { NodeFunction } from './node-function.ts';
import { QUARANTINE_PARTITION } from './state-partitions.ts';
import type { WebhookApi } from './webhook-api.ts';

/** A source name is a URL path segment, an environment value and part of construct ids. */
const SOURCE_NAME = /^[a-z][a-z0-9-]*$/;


/**
 * Why the route has no API Gateway authorizer (cdk-nag AwsSolutions-APIG4), true for this source: its verifier's
 * scheme, from the connector catalog. A source the catalog does not describe fails synthesis.
 */
export function webhookAuthorizationReason(source: string): string {
  const verification = (CONNECTOR_CATALOG as Readonly<Record<string, ConnectorProfile>>)[source]?.verification;
  if (!verification) throw new Error(`webhook source "${source}" has no verification in the connector catalog; describe how its requests are authenticated there`);
  return `API Gateway's IAM and JWT authorizers cannot check what vendors send; every ${source} request is authenticated in the handler: ${verification}`;
}

/** The default body cap: HubSpot sends at most 100 events per request, far below 256 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 262_144;

/** The largest body cap allowed: 10 MiB, what API Gateway HTTP APIs accept at all. */
export const MAX_BODY_BYTES_LIMIT = 10 * 1024 * 1024;

/** Properties of a {@link WebhookEndpoint}. */
export interface WebhookEndpointProps {
  readonly api: WebhookApi;
  /** The vendor, e.g. `hubspot`; the route is `POST /webhooks/<source>`. */
  readonly source: string;
  /** The FIFO queue change events go to; the function may only send to it. */
  readonly queue: IQueue;
  /** The state table, whose quarantine takes the changes the queue refuses; the function may get and put quarantine items only. */
  readonly stateTable: ITable;
  /** The source's secret (signing secret); the only secret this function may read. */
  readonly secret: ISecret;
  /** Absolute path of the repository root. */
  readonly projectRoot: string;
  /** @default 'functions/webhook.ts' */
  readonly entry?: string;
  /** Bodies above this are refused with 413 by the handler; 1 byte to 10 MiB. @default 262144 */
  readonly maxBodyBytes?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** Where the error alarm notifies. @default - no action */
  readonly alarmAction?: IAlarmAction;
}

/**
 * `POST /webhooks/<source>` and the function behind it, one per vendor. Each function gets `SOURCE`, the body cap,
 * the queue URL, the state table and its own secret id; it may send to the changes queue, get and put quarantine
 * items (a change the queue refuses waits there) and read its own secret, nothing else.
 * An alarm fires when the function fails repeatedly, because failed webhooks never reach the queue and so never
 * show in the stoppage alarm.
 */
export class WebhookEndpoint extends Construct {
  readonly source: string;
  readonly function: NodejsFunction;
  readonly route: HttpRoute;
  readonly errorAlarm: Alarm;

  constructor(scope: Construct, id: string, props: WebhookEndpointProps) {
    super(scope, id);
    if (!SOURCE_NAME.test(props.source)) {
      throw new Error(`webhook source "${props.source}" is not a valid name; use lower-case letters, digits and hyphens, starting with a letter (e.g. hubspot)`);
    }
    const maxBodyBytes = props.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
      throw new Error(`body cap ${maxBodyBytes} bytes is out of range; use an integer from 1 to ${MAX_BODY_BYTES_LIMIT} (10 MiB)`);
    }
    this.source = props.source;

    this.function = new NodeFunction(this, 'Handler', {
      projectRoot: props.projectRoot,
      entry: props.entry ?? 'functions/webhook.ts',
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: 256,
      description: `Syncline: verifies and enqueues ${props.source} webhooks`,
      environment: {
        [EnvName.Source]: props.source,
        [EnvName.MaxBodyBytes]: String(maxBodyBytes),
        [EnvName.ChangesQueueUrl]: props.queue.queueUrl,
        [EnvName.StateTable]: props.stateTable.tableName,
        [EnvName.ConnectorSecrets]: Stack.of(this).toJsonString({ [props.source]: props.secret.secretArn }),
      },
    }).function;
    props.queue.grantSendMessages(this.function);
    props.secret.grantRead(this.function);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.stateTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [QUARANTINE_PARTITION] } },
      }),
    );

    this.route = new HttpRoute(this, 'Route', {
      httpApi: props.api.httpApi,
      routeKey: HttpRouteKey.with(`/webhooks/${props.source}`, HttpMethod.POST),
      integration: new HttpLambdaIntegration('Integration', this.function),
    });
    Validations.of(this.route).acknowledge({ id: 'AwsSolutions-APIG4', reason: webhookAuthorizationReason(props.source) });

    this.errorAlarm = functionErrorAlarm(this, this.function, {
      threshold: 5,
      description: `The ${props.source} webhook function failed 5 or more times within 5 minutes; the vendor's deliveries are not reaching the queue.`,
      action: props.alarmAction,
    });
  }
}
