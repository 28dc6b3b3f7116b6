import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { JitterType, type StateMachine, type TaskInput, type TaskStateBase, type Timeout } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { RunInputError } from '#domain/errors';

/** The error of a run that cannot succeed by trying again ({@link RunInputError}'s name, as Lambda reports it). */
const NOT_RETRIED: RunInputError['name'] = 'RunInputError';

/**
 * Errors of the Lambda service itself (the invocation never ran, or its answer was lost), retried as the Step
 * Functions guide advises for every Lambda task:
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
export const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/**
 * A task of a Syncline state machine invoking `fn` with `payload`: the state is the function's answer itself (not the
 * Invoke API's envelope), a `RunInputError` fails at once (no retry changes what the input asks for), and Lambda's
 * own errors are retried with backoff and full jitter (concurrent executions retrying in step would collide again).
 * The caller adds its own retriers after these: retriers are matched in order.
 */
export function lambdaTask(scope: Construct, name: string, fn: IFunction, options: { payload: TaskInput; taskTimeout: Timeout; resultPath?: string }): TaskStateBase {
  const task = new LambdaInvoke(scope, name, {
    lambdaFunction: fn,
    payload: options.payload,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    taskTimeout: options.taskTimeout,
    ...(options.resultPath ? { resultPath: options.resultPath } : {}),
  });
  task.addRetry({ errors: [NOT_RETRIED], maxAttempts: 0 });
  task.addRetry({ errors: LAMBDA_SERVICE_ERRORS, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6, jitterStrategy: JitterType.FULL });
  return task;
}

/**
 * The two wildcards of a machine's role that no narrower grant can replace (cdk-nag AwsSolutions-IAM5), each
 * acknowledged alone so that any other wildcard still fails synthesis. `fn` is the one function its tasks invoke.
 */
export function acknowledgeMachineRoleWildcards(machine: StateMachine, fn: IFunction, what: string): void {
  const stack = Stack.of(machine);
  const functionId = stack.resolve(stack.getLogicalId(fn.node.defaultChild as CfnElement)) as string;
  const validations = Validations.of(machine.role);
  validations.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'log delivery (logs:CreateLogDelivery and the rest) and X-Ray tracing (xray:PutTraceSegments, GetSamplingRules, ...) support no resource-level permissions, so AWS documents Resource "*" for them: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy and https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html',
  });
  validations.acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
    reason: `the Lambda task's invoke grant covers the ${what} function's own versions and aliases (<function ARN>:*) beside the function; no other function`,
  });
}
