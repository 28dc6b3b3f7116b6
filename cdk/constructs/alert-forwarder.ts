import { Duration, Stack } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { EnvName } from '#config/env-names';
import { NodeFunction } from './node-function.ts';

/** Properties of an {@link AlertForwarder}. */
export interface AlertForwarderProps {
  /** The alerts topic every alarm notifies. */
  readonly topic: ITopic;
  /** The `syncline/slack` secret (`{"webhookUrl": "https://hooks.slack.com/services/…"}`); the only secret it may read. */
  readonly secret: ISecret;
  readonly projectRoot: string;
  /** @default 'functions/alert.ts' */
  readonly entry?: string;
}

/**
 * Posts each alarm state change on the alerts topic to Slack, formatted for people (what broke, how bad, since
 * when, a console link). SNS invokes it asynchronously, so a Slack outage is retried by Lambda twice more; the topic
 * keeps its other subscribers (e-mail, AWS Chatbot) either way.
 */
export class AlertForwarder extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: AlertForwarderProps) {
    super(scope, id);
    this.function = new NodeFunction(this, 'Handler', {
      projectRoot: props.projectRoot,
      entry: props.entry ?? 'functions/alert.ts',
      // Room for the sender's worst case: three 5-second attempts and two Retry-After waits of up to 10 s.
      timeout: Duration.seconds(60),
      memorySize: 256,
      description: 'Syncline: posts alarm state changes to Slack',
      environment: { [EnvName.ConnectorSecrets]: Stack.of(this).toJsonString({ slack: props.secret.secretArn }) },
    }).function;
    props.secret.grantRead(this.function);
    props.topic.addSubscription(new LambdaSubscription(this.function));
  }
}
