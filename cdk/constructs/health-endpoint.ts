import { Duration, Validations } from 'aws-cdk-lib';
import { HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { EnvName } from '#config/env-names';
import { NodeFunction } from './node-function.ts';
import type { WebhookApi } from './webhook-api.ts';
import { ENRICHMENT_PARTITIONS, PAUSED_PARTITION, QUARANTINE_PARTITION, REVIEW_PARTITION } from './state-partitions.ts';

/**
 * HTTP APIs give an integration at most 30 seconds (API Gateway quotas for HTTP APIs, "Maximum integration timeout"):
 * the function stops before the API gives up on it, so a slow report ends as the function's own 503.
 */
const HEALTH_TIMEOUT = Duration.seconds(25);

/** How often the function emits the quarantine, review and paused-connector gauges. */
export const GAUGE_INTERVAL = Duration.minutes(5);

/** Properties of a {@link HealthEndpoint}. */
export interface HealthEndpointProps {
  readonly api: WebhookApi;
  /** changes.fifo, whose depth the report shows. */
  readonly queue: IQueue;
  /** Its dead-letter queue, whose depth the report shows. */
  readonly deadLetterQueue: IQueue;
  /** The state table, whose quarantine, review queue and paused set the report reads. */
  readonly stateTable: ITable;
  /** Absolute path of the repository root. */
  readonly projectRoot: string;
  /** Absolute path of the contract, bundled: the report lists its integrations. */
  /** The contract and the model files it names: bundle path → file, copied into the bundle. */
  readonly contractFiles: Readonly<Record<string, string>>;
  readonly bundledContractFile: string;
}

/**
 * `GET /health` on the webhook API and the function behind it: the health report as JSON. The route is
 * IAM-authorized (`AWS_IAM`): API Gateway answers 403 to a request that is not SigV4-signed, or whose principal is not
 * allowed `execute-api:Invoke` on it, and never invokes the function then
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html). The function may
 * read metrics, the two queues' attributes and the quarantine, review and paused items of the state table; nothing
 * else, and it writes nothing. An EventBridge rule also invokes it every {@link GAUGE_INTERVAL}: it then emits the
 * sizes of the quarantine, the review queue and the paused set as metrics (EMF, through its log), for the dashboard.
 */
export class HealthEndpoint extends Construct {
  readonly function: NodejsFunction;
  readonly route: HttpRoute;
  /** The rule that invokes the function for its gauges. */
  readonly gaugeSchedule: Rule;

  constructor(scope: Construct, id: string, props: HealthEndpointProps) {
    super(scope, id);
    this.function = new NodeFunction(this, 'Handler', {
      projectRoot: props.projectRoot,
      entry: 'functions/health.ts',
      timeout: HEALTH_TIMEOUT,
      memorySize: 256,
      description: 'Syncline: the health report (GET /health) and the quarantine, review and paused gauges (every 5 minutes)',
      environment: {
        [EnvName.StateTable]: props.stateTable.tableName,
        [EnvName.ChangesQueueUrl]: props.queue.queueUrl,
        [EnvName.DeadLetterQueueUrl]: props.deadLetterQueue.queueUrl,
        [EnvName.ContractFile]: props.bundledContractFile,
      },
      bundledFiles: props.contractFiles,
    }).function;

    // GetMetricData has no resource type: "you must specify all resources ("*")" (Service Authorization Reference,
    // Amazon CloudWatch: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html).
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [props.queue.queueArn, props.deadLetterQueue.queueArn] }));
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [props.stateTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [QUARANTINE_PARTITION, REVIEW_PARTITION, PAUSED_PARTITION, ...ENRICHMENT_PARTITIONS] } },
      }),
    );
    // On the role, whose default policy holds the statement: any other wildcard still fails synthesis.
    Validations.of(this.function.role as IConstruct).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'cloudwatch:GetMetricData supports no resource-level permissions, so IAM requires Resource "*" (Service Authorization Reference, Amazon CloudWatch); it reads metrics only, and the statement allows that one action',
    });

    this.route = new HttpRoute(this, 'Route', {
      httpApi: props.api.httpApi,
      routeKey: HttpRouteKey.with('/health', HttpMethod.GET),
      integration: new HttpLambdaIntegration('Integration', this.function),
      authorizer: new HttpIamAuthorizer(),
    });

    this.gaugeSchedule = new Rule(this, 'GaugeSchedule', {
      description: `Syncline: the quarantine, review and paused gauges every ${GAUGE_INTERVAL.toMinutes()} minutes`,
      schedule: Schedule.rate(GAUGE_INTERVAL),
      // A tick the next one supersedes is not worth delivering late: the next run reads the stores afresh.
      targets: [new LambdaFunction(this.function, { retryAttempts: 2, maxEventAge: GAUGE_INTERVAL })],
    });
  }
}
