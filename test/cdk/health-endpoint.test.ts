import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#cdk/app';
import { FunctionMetadata } from '#cdk/constructs/node-function';
import type { SynclineStack } from '#cdk/syncline-stack';
import { EnvName } from '#config/env-names';
import type { LocalFunction } from '#local/runner/function-host';
import { localSchedules } from '#local/runner/schedules';
import type { CfnTemplate, LocalResource } from '#local/runner/template';

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };
type Statement = { Action: string | string[]; Effect: string; Resource: unknown; Condition?: unknown };

let stack: SynclineStack;
let resources: Record<string, Resource>;
let outputs: Record<string, { Description?: string; Value: unknown }>;
let template: CfnTemplate;

beforeAll(() => {
  ({ stack } = buildApp({ bundling: false }));
  const json = Template.fromStack(stack).toJSON();
  template = json as CfnTemplate;
  resources = json.Resources as Record<string, Resource>;
  outputs = json.Outputs as Record<string, { Value: unknown }>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const idOf = (type: string, prefix: string) => {
  const found = ofType(type).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} whose id starts with ${prefix}, found ${found.length}`);
  return found[0]?.[0] ?? '';
};

/** changes.fifo (the queue with a redrive policy) and its DLQ. */
function queueIds(): { changes: string; dlq: string } {
  const queues = ofType('AWS::SQS::Queue');
  const changes = queues.find(([, q]) => q.Properties.RedrivePolicy !== undefined)?.[0];
  const dlq = queues.find(([, q]) => q.Properties.RedrivePolicy === undefined)?.[0];
  if (!changes || !dlq || queues.length !== 2) throw new Error('expected changes.fifo and its DLQ');
  return { changes, dlq };
}

/** The health function: the one whose entry is functions/health.ts. */
function healthFunction(): [string, Resource] {
  const found = ofType('AWS::Lambda::Function').filter(([, r]) => r.Metadata?.[FunctionMetadata.Entry] === 'functions/health.ts');
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}

describe('GET /health on the deployed stack', () => {
  it('routes GET /health on the webhook API to the health function, IAM-authorized', () => {
    const [functionId] = healthFunction();
    const routes = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === 'GET /health');

    expect(routes).toHaveLength(1);
    const route = routes[0]?.[1] as Resource;
    // AWS_IAM: API Gateway itself answers 403 to an unsigned request or a principal without execute-api:Invoke.
    expect(route.Properties).toMatchObject({ ApiId: { Ref: idOf('AWS::ApiGatewayV2::Api', 'WebhookApiHttpApi') }, AuthorizationType: 'AWS_IAM' });
    expect(route.Properties.AuthorizerId).toBeUndefined();
    const integrationId = ((route.Properties.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1] as { Ref: string }).Ref;
    expect(resources[integrationId]?.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] } });
  });

  it('keeps the webhook routes open to vendors: only GET /health is IAM-authorized', () => {
    const byAuthorization = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => `${String(r.Properties.RouteKey)} ${String(r.Properties.AuthorizationType ?? 'NONE')}`);

    expect(byAuthorization.filter((r) => r.endsWith('AWS_IAM'))).toEqual(['GET /health AWS_IAM']);
    expect(byAuthorization.filter((r) => r.startsWith('POST /webhooks/')).every((r) => r.endsWith('NONE'))).toBe(true);
  });

  it('gives the function the state table, both queue URLs and the bundled contract, and 25 s, inside the 30 s an HTTP API waits', () => {
    const [, fn] = healthFunction();

    expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      [EnvName.StateTable]: { Ref: idOf('AWS::DynamoDB::Table', 'TablesState') },
      [EnvName.ChangesQueueUrl]: { Ref: queueIds().changes },
      [EnvName.DeadLetterQueueUrl]: { Ref: queueIds().dlq },
      [EnvName.ContractFile]: 'syncline.yaml',
    });
    expect(fn.Properties.Timeout).toBe(25);
  });

  it('allows the function exactly: its log group, GetMetricData, the two queues’ attributes, and reads of the quarantine, review, paused, enrichment run and credit items', () => {
    const [, fn] = healthFunction();
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = ofType('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    const { changes, dlq } = queueIds();

    expect(policies).toHaveLength(1);
    expect(resources[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
    expect((policies[0]?.[1].Properties.PolicyDocument as { Statement: Statement[] }).Statement).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [idOf('AWS::Logs::LogGroup', 'HealthHandlerLogs'), 'Arn'] } },
      { Effect: 'Allow', Action: 'cloudwatch:GetMetricData', Resource: '*' },
      { Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: [{ 'Fn::GetAtt': [changes, 'Arn'] }, { 'Fn::GetAtt': [dlq, 'Arn'] }] },
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': [idOf('AWS::DynamoDB::Table', 'TablesState'), 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['quarantine', 'review', 'paused', 'enrich-run#*', 'credits#*'] } },
      },
    ]);
  });

  it('acknowledges to cdk-nag only the wildcard GetMetricData needs, with the reason, on the function’s role', () => {
    const acknowledged = stack.health.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => ({ path: c.node.path, data: m.data as Record<string, string> })))
      .flatMap(({ path, data }) => Object.entries(data).map(([id, reason]) => ({ path, id: id.replace(/^[\w-]+::/, ''), reason })));

    expect(acknowledged.map((a) => `${a.path} ${a.id}`).sort()).toEqual(['Syncline/Health/Handler/Function AwsSolutions-L1', 'Syncline/Health/Handler/Role AwsSolutions-IAM5[Resource::*]']);
    expect(acknowledged.find((a) => a.id === 'AwsSolutions-IAM5[Resource::*]')?.reason).toMatch(/cloudwatch:GetMetricData supports no resource-level permissions/);
  });

  it('outputs the health URL: the stage URL and health', () => {
    expect(outputs['HealthUrl']?.Value).toEqual({
      'Fn::Join': ['', ['https://', { Ref: idOf('AWS::ApiGatewayV2::Api', 'WebhookApiHttpApi') }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/health']],
    });
    expect(outputs['HealthUrl']?.Description).toMatch(/SigV4/);
  });

  it('invokes the function every 5 minutes from an EventBridge rule, for its gauges', () => {
    const [functionId] = healthFunction();
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes(`"${functionId}"`));

    expect(rules).toHaveLength(1);
    const [ruleId, rule] = rules[0] as [string, Resource];
    expect(rule.Properties).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
    // A late tick is dropped after one interval: the next run reads the stores afresh.
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] }, RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 } })]);
    const permissions = ofType('AWS::Lambda::Permission').filter(([, p]) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] }) && p.Properties.Principal === 'events.amazonaws.com');
    expect(permissions.map(([, p]) => p.Properties)).toEqual([expect.objectContaining({ Action: 'lambda:InvokeFunction', SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] } })]);
  });

  it('is run locally by the hub as a 5-minute timer, as it runs the pollers', () => {
    const [functionId] = healthFunction();
    const ids = [...ofType('AWS::Lambda::Function'), ...ofType('AWS::Events::Rule')].map(([id]) => id);
    const local = new Map<string, LocalResource>(ids.map((id) => [id, { ref: id, attributes: { Arn: `arn:aws:lambda:us-east-1:000000000000:function:${id}` } }]));
    const functions = new Map(ofType('AWS::Lambda::Function').map(([id]) => [id, { spec: { logicalId: id } } as LocalFunction]));

    const schedules = localSchedules(template, local, functions).filter((s) => s.fn.spec.logicalId === functionId);

    expect(schedules.map((s) => ({ expression: s.expression, intervalMs: s.intervalMs }))).toEqual([{ expression: 'rate(5 minutes)', intervalMs: 300_000 }]);
  });
});
