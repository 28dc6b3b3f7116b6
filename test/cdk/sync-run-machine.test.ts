import { createRequire } from 'node:module';
import { Template } from 'aws-cdk-lib/assertions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#cdk/app';
import { FunctionMetadata } from '#cdk/constructs/node-function';
import { EnvName } from '#config/env-names';
import { syncRunDefinitionFrom } from '#local/runner/state-machine';
import type { CfnTemplate } from '#local/runner/template';

/** asl-validator 4 is CommonJS without types: `validator(definition)` → `{ isValid, errors }`. */
const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };
/** Validates a copy: asl-validator writes the default `QueryLanguage` into each state it checks. */
const validateAsl = (definition: unknown) => aslValidator(structuredClone(definition));

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };
type Retrier = { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; JitterStrategy?: string };
type TaskState = { Type: 'Task'; Next?: string; Retry?: Retrier[]; Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[]; Parameters?: Record<string, unknown>; TimeoutSeconds?: number };

const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

let template: Template;
let resources: Record<string, Resource>;
let definition: StateMachineDefinition;
let states: Record<string, Record<string, unknown>>;

beforeAll(() => {
  const { stack } = buildApp({ bundling: false });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
  definition = syncRunDefinitionFrom(template.toJSON() as CfnTemplate);
  states = definition.States as unknown as Record<string, Record<string, unknown>>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const tasks = () => Object.entries(states).filter(([, s]) => s['Type'] === 'Task') as [string, TaskState][];
const syncRunFunction = () => {
  const found = ofType('AWS::Lambda::Function').find(([, r]) => r.Metadata?.[FunctionMetadata.Entry] === 'functions/sync-run.ts');
  if (!found) throw new Error('no function from functions/sync-run.ts');
  return found;
};

describe('the sync-run state machine, as synthesized', () => {
  it('passes asl-validator', () => {
    const result = validateAsl(definition);

    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('fails asl-validator once its loop points at a state that does not exist (the check can fail)', () => {
    const broken = JSON.parse(JSON.stringify(definition)) as { States: Record<string, Record<string, unknown>> };
    const [choice] = Object.values(broken.States).filter((s) => s['Type'] === 'Choice');
    if (choice) choice['Default'] = 'NoSuchState';

    expect(validateAsl(broken).isValid).toBe(false);
  });

  it('starts the run, then steps it until the run says done: Start → Step → Choice on $.done, back to Step otherwise', () => {
    const start = states[definition.StartAt] as TaskState;
    const step = states[start.Next ?? ''] as TaskState;
    const choice = states[step.Next ?? ''] as { Type: string; Choices: { Variable: string; BooleanEquals: boolean; Next: string }[]; Default: string };

    expect(start.Parameters).toEqual({ action: 'start', 'job.$': '$.job' });
    expect(step.Parameters).toEqual({ action: 'step', 'runId.$': '$.runId' });
    expect(choice.Type).toBe('Choice');
    expect(choice.Default).toBe(start.Next);
    expect(choice.Choices).toEqual([{ Variable: '$.done', BooleanEquals: true, Next: expect.any(String) }]);
    expect(states[choice.Choices[0]?.Next ?? '']?.['Type']).toBe('Succeed');
  });

  it("invokes the sync-run function directly (the answer is the state), outlasting the function's timeout", () => {
    const [id, fn] = syncRunFunction();
    const definitionJson = JSON.stringify(ofType('AWS::StepFunctions::StateMachine')[0]?.[1].Properties['DefinitionString']);

    expect(fn.Properties['Timeout']).toBe(900);
    expect(definitionJson).toContain(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect(definitionJson).not.toContain('arn:aws:states:::lambda:invoke');
    for (const [, task] of tasks()) expect(task.TimeoutSeconds).toBeGreaterThan(900);
  });

  it('retries every task on Lambda service errors and on a failed step, doubling the wait with full jitter, but never a run asked for the impossible', () => {
    expect(tasks().map(([name]) => name)).toHaveLength(2);
    for (const [, task] of tasks()) {
      expect(task.Retry).toEqual([
        { ErrorEquals: ['RunInputError'], MaxAttempts: 0 },
        expect.objectContaining({ ErrorEquals: LAMBDA_SERVICE_ERRORS, BackoffRate: 2, JitterStrategy: 'FULL', MaxAttempts: 6 }),
        expect.objectContaining({ ErrorEquals: ['States.TaskFailed'], BackoffRate: 2, JitterStrategy: 'FULL', MaxAttempts: 6 }),
      ]);
    }
  });

  it('catches what the retries did not cure into a Fail state that names the error', () => {
    for (const [, task] of tasks()) {
      expect(task.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: expect.any(String) }]);
      expect(states[task.Catch?.[0]?.Next ?? '']).toEqual({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
    }
  });

  it('logs every event with its data to a log group kept 30 days, and traces with X-Ray', () => {
    const [[, machine] = []] = ofType('AWS::StepFunctions::StateMachine');
    const logGroupId = ((machine?.Properties['LoggingConfiguration'] as { Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string] } } }[] }).Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0]) ?? '';

    expect(machine?.Properties).toMatchObject({ LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true }, TracingConfiguration: { Enabled: true } });
    expect(resources[logGroupId]?.Properties).toMatchObject({ RetentionInDays: 30 });
  });

  it('gives the function the state table, read access to the idempotency table, changes.fifo and the secrets of the systems it reads in full', () => {
    const [, fn] = syncRunFunction();
    const env = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties['Roles']).includes(`"${roleId}"`))
      .flatMap(([, p]) => (p.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const onResource = (ref: unknown) => statements.filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify(ref))).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    const idempotencyTable = (env[EnvName.IdempotencyTable] as { Ref: string }).Ref;
    const stateTable = (env[EnvName.StateTable] as { Ref: string }).Ref;
    const secrets = ofType('AWS::SecretsManager::Secret').map(([id, s]) => [s.Properties['Name'], id] as const);

    expect(onResource({ 'Fn::GetAtt': [stateTable, 'Arn'] })).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    expect(onResource({ 'Fn::GetAtt': [idempotencyTable, 'Arn'] }).filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    expect(onResource({ 'Fn::GetAtt': [idempotencyTable, 'Arn'] })).toContain('dynamodb:GetItem');
    expect(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))).toContain('sqs:SendMessage');
    const readableSecrets = secrets.filter(([, id]) => onResource({ Ref: id }).includes('secretsmanager:GetSecretValue')).map(([name]) => name);
    // The two CRMs, and Outreach and Gong's API key for their activity; never Gong's webhook key, Stripe, ZoomInfo or Slack.
    expect(readableSecrets.sort()).toEqual(['syncline/gong-api', 'syncline/hubspot', 'syncline/outreach', 'syncline/salesforce']);
  });

  it('alarms to the alerts topic on any failed execution, and outputs the machine ARN for the CLI', () => {
    const [[machineId] = []] = ofType('AWS::StepFunctions::StateMachine');
    const [[topicId] = []] = ofType('AWS::SNS::Topic');

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
      Statistic: 'Sum',
      Threshold: 1,
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
    expect((template.toJSON().Outputs as Record<string, { Value: unknown }>)['SyncRunStateMachineArn']?.Value).toEqual({ Ref: machineId });
  });
});
