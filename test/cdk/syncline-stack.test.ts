import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#cdk/app';
import { FunctionMetadata } from '#cdk/constructs/node-function';
import { EnvName } from '#config/env-names';
import { LocalAlarms } from '#local/runner/alarms';
import type { CfnTemplate } from '#local/runner/template';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from '#ports/metrics';

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Effect: string; Resource: unknown };

// One synthesized stack for the whole file: importing and synthesizing aws-cdk-lib is the slow part.
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  const { stack } = buildApp({ bundling: false });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
});

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function functionsFrom(entry: string): [string, Resource][] {
  return ofType('AWS::Lambda::Function').filter(([, r]) => r.Metadata?.[FunctionMetadata.Entry] === entry);
}

function envOf(fn: Resource): Record<string, unknown> {
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

/** Every statement of every IAM policy attached to the function's role. */
function statementsOf(fn: Resource): Statement[] {
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

function actions(s: Statement): string[] {
  return Array.isArray(s.Action) ? s.Action : [s.Action];
}

function resourceList(s: Statement): unknown[] {
  return Array.isArray(s.Resource) ? s.Resource : [s.Resource];
}

function secretIdByName(name: string): string {
  const found = ofType('AWS::SecretsManager::Secret').find(([, r]) => r.Properties.Name === name);
  if (!found) throw new Error(`no secret named ${name}`);
  return found[0];
}

function queueIds(): { changes: string; dlq: string } {
  const queues = ofType('AWS::SQS::Queue');
  const changes = queues.find(([, q]) => q.Properties.RedrivePolicy !== undefined);
  const dlq = queues.find(([, q]) => q.Properties.RedrivePolicy === undefined);
  if (!changes || !dlq) throw new Error('expected the changes queue and its DLQ');
  return { changes: changes[0], dlq: dlq[0] };
}

describe('SynclineStack from syncline.yaml', () => {
  it('creates one webhook function per webhook source, all from functions/webhook.ts, each with its SOURCE', () => {
    const webhooks = functionsFrom('functions/webhook.ts');

    expect(webhooks.map(([, fn]) => envOf(fn)[EnvName.Source]).sort()).toEqual(['gong', 'hubspot', 'outreach', 'salesforce', 'stripe']);
    for (const [, fn] of webhooks) {
      expect(fn.Metadata?.[FunctionMetadata.Handler]).toBe('handler');
      expect(envOf(fn)).toMatchObject({ [EnvName.MaxBodyBytes]: '262144', [EnvName.ChangesQueueUrl]: { Ref: queueIds().changes } });
    }
  });

  it('routes POST /webhooks/<source> for each webhook source', () => {
    const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);

    expect(routeKeys.sort()).toEqual(['GET /health', 'POST /webhooks/gong', 'POST /webhooks/hubspot', 'POST /webhooks/outreach', 'POST /webhooks/salesforce', 'POST /webhooks/stripe']);
  });

  it('tags every function with its entry and handler for the local runner', () => {
    const functions = ofType('AWS::Lambda::Function');

    expect(functions.length).toBe(7 + functionsFrom('functions/webhook.ts').length);
    expect(functionsFrom('functions/health.ts')).toHaveLength(1);
    expect(functionsFrom('functions/check-credentials.ts')).toHaveLength(1);
    expect(functionsFrom('functions/process.ts')).toHaveLength(1);
    expect(functionsFrom('functions/reconcile.ts')).toHaveLength(1);
    expect(functionsFrom('functions/sync-run.ts')).toHaveLength(1);
    expect(functionsFrom('functions/poll.ts')).toHaveLength(1);
    expect(functionsFrom('functions/alert.ts')).toHaveLength(1);
    for (const [, fn] of functions) expect(fn.Metadata?.[FunctionMetadata.Handler]).toBe('handler');
  });

  it('runs every function on Node.js 22, arm64, with Powertools settings and its own log group', () => {
    for (const [, fn] of ofType('AWS::Lambda::Function')) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
      expect(envOf(fn)).toMatchObject({ POWERTOOLS_SERVICE_NAME: METRICS_SERVICE, POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE, NODE_OPTIONS: '--enable-source-maps' });
      expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.any(String) } });
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('makes changes.fifo a FIFO queue with explicit deduplication and a FIFO DLQ after 5 receives', () => {
    const { changes, dlq } = queueIds();

    expect(resources[changes]?.Properties).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: false,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(resources[dlq]?.Properties).toMatchObject({ FifoQueue: true, SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    for (const queue of [changes, dlq]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queue }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it('sets the visibility timeout to at least 6 × the processor timeout', () => {
    const [[, processor] = []] = functionsFrom('functions/process.ts');
    const visibility = resources[queueIds().changes]?.Properties.VisibilityTimeout as number;

    expect(processor?.Properties.Timeout).toBe(60);
    expect(visibility).toBeGreaterThanOrEqual(6 * 60);
  });

  it('feeds the processor from changes.fifo with partial batch responses', () => {
    const [[processorId] = []] = functionsFrom('functions/process.ts');

    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueIds().changes, 'Arn'] },
      FunctionName: { Ref: processorId },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // Few invocations, each with a full window: vendors written at their batch floor.
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('creates on-demand, PITR, encrypted tables with their keys and TTL attributes', () => {
    const tables = ofType('AWS::DynamoDB::Table').map(([, t]) => t);
    const keysOf = (t: Resource) => (t.Properties.KeySchema as { AttributeName: string }[]).map((k) => k.AttributeName).join('+');
    const ttlOf = (t: Resource) => (t.Properties.TimeToLiveSpecification as { AttributeName: string }).AttributeName;

    expect(tables.map((t) => `${keysOf(t)}:${ttlOf(t)}`).sort()).toEqual(['id:expiration', 'pk+sk:expiresAt', 'pk+sk:expiresAt']);
    for (const table of tables) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { Enabled: true },
      });
    }
    expect(tables.filter((t) => keysOf(t) === 'pk+sk').map((t) => [t.DeletionPolicy, t.Properties.DeletionProtectionEnabled])).toEqual([
      ['Retain', true],
      ['Retain', true],
    ]);
  });

  it('gives the processor its tables, the contract file and every enabled connector secret', () => {
    const [[, processor] = []] = functionsFrom('functions/process.ts');
    const env = envOf(processor as Resource);
    const tableRefs = ofType('AWS::DynamoDB::Table').map(([id]) => ({ Ref: id }));

    expect([env[EnvName.IdempotencyTable], env[EnvName.StateTable], env[EnvName.AuditTable]]).toEqual(expect.arrayContaining(tableRefs));
    expect(env[EnvName.ContractFile]).toBe('syncline.yaml');
    expect(JSON.stringify(env[EnvName.ConnectorSecrets])).toBe(
      JSON.stringify({
        'Fn::Join': ['', ['{"hubspot":"', { Ref: secretIdByName('syncline/hubspot') }, '","outreach":"', { Ref: secretIdByName('syncline/outreach') }, '","salesforce":"', { Ref: secretIdByName('syncline/salesforce') }, '"}']],
      }),
    );
    const secretGrants = statementsOf(processor as Resource).filter((s) => actions(s).some((a) => a.startsWith('secretsmanager:')));
    // Gong and Stripe only push: their secrets stay with their webhook functions.
    expect(secretGrants.flatMap(resourceList)).toEqual([{ Ref: secretIdByName('syncline/hubspot') }, { Ref: secretIdByName('syncline/outreach') }, { Ref: secretIdByName('syncline/salesforce') }]);
  });

  it('creates a secret named syncline/<connector> per enabled connector, and Gong\'s API key one of its own', () => {
    const names = ofType('AWS::SecretsManager::Secret').map(([, s]) => s.Properties.Name);

    expect(names.sort()).toEqual(['syncline/gong', 'syncline/gong-api', 'syncline/hubspot', 'syncline/outreach', 'syncline/salesforce', 'syncline/slack', 'syncline/stripe']);
  });

  it('posts alarms to Slack from one function subscribed to the alerts topic, which reads only the slack secret', () => {
    const [[id, fn] = ['', undefined]] = functionsFrom('functions/alert.ts');
    const topics = ofType('AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [id, 'Arn'] }, TopicArn: { Ref: topics[0]?.[0] } });
    const statements = statementsOf(fn!);
    const secretReads = statements.filter((s) => actions(s).some((a) => a.startsWith('secretsmanager:')));
    expect(secretReads.flatMap(resourceList)).toEqual([{ Ref: secretIdByName('syncline/slack') }]);
    expect(statements.flatMap(actions).every((a) => /^(logs|secretsmanager):/.test(a))).toBe(true);
  });

  it('lets each webhook function read only its own secret, only send to changes.fifo and only get and put quarantine items', () => {
    const [[, processor] = []] = functionsFrom('functions/process.ts');
    for (const [, fn] of functionsFrom('functions/webhook.ts')) {
      const source = envOf(fn)[EnvName.Source] as string;
      const statements = statementsOf(fn);
      const touching = (service: string) => statements.filter((s) => actions(s).some((a) => a.startsWith(`${service}:`)));

      expect(touching('secretsmanager').flatMap(resourceList)).toEqual([{ Ref: secretIdByName(`syncline/${source}`) }]);
      expect(touching('sqs').flatMap(actions).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
      expect(touching('sqs').flatMap(resourceList)).toEqual([{ 'Fn::GetAtt': [queueIds().changes, 'Arn'] }]);
      expect(envOf(fn)[EnvName.StateTable]).toEqual(envOf(processor as Resource)[EnvName.StateTable]);
      expect(touching('dynamodb')).toEqual([
        expect.objectContaining({
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: { 'Fn::GetAtt': [(envOf(fn)[EnvName.StateTable] as { Ref: string }).Ref, 'Arn'] },
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['quarantine'] } },
        }),
      ]);
      expect(statements.flatMap(actions).every((a) => /^(logs|sqs|secretsmanager|dynamodb):/.test(a))).toBe(true);
      expect(JSON.stringify(envOf(fn)[EnvName.ConnectorSecrets])).toBe(JSON.stringify({ 'Fn::Join': ['', [`{"${source}":"`, { Ref: secretIdByName(`syncline/${source}`) }, '"}']] }));
    }
  });

  it('creates one poller per polled source from functions/poll.ts, with its queue, state table and bundled contract', () => {
    const pollers = functionsFrom('functions/poll.ts');
    const [[, processor] = []] = functionsFrom('functions/process.ts');

    expect(pollers.map(([, fn]) => envOf(fn)[EnvName.Source])).toEqual(['salesforce']);
    for (const [, fn] of pollers) {
      expect(envOf(fn)).toMatchObject({ [EnvName.ChangesQueueUrl]: { Ref: queueIds().changes }, [EnvName.ContractFile]: 'syncline.yaml', [EnvName.PollLookbackSeconds]: '0' });
      expect(envOf(fn)[EnvName.StateTable]).toEqual(envOf(processor as Resource)[EnvName.StateTable]);
      expect(fn.Properties.Timeout).toBeLessThan(60);
    }
  });

  it('invokes each poller every minute from an EventBridge rule, without Lambda retries that could overlap runs', () => {
    const [[pollerId] = []] = functionsFrom('functions/poll.ts');

    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [pollerId, 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [pollerId, 'Arn'] }, Principal: 'events.amazonaws.com' });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: pollerId }, MaximumRetryAttempts: 0 });
  });

  it('lets each poller send to changes.fifo, get and put only cursor, quarantine and paused-set items, and read only its own secret', () => {
    for (const [, fn] of functionsFrom('functions/poll.ts')) {
      const source = envOf(fn)[EnvName.Source] as string;
      const statements = statementsOf(fn);
      const touching = (service: string) => statements.filter((s) => actions(s).some((a) => a.startsWith(`${service}:`)));

      expect(touching('secretsmanager').flatMap(resourceList)).toEqual([{ Ref: secretIdByName(`syncline/${source}`) }]);
      expect(touching('sqs').flatMap(resourceList)).toEqual([{ 'Fn::GetAtt': [queueIds().changes, 'Arn'] }]);
      expect(touching('dynamodb')).toEqual([
        expect.objectContaining({
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: { 'Fn::GetAtt': [(envOf(fn)[EnvName.StateTable] as { Ref: string }).Ref, 'Arn'] },
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['cursor#*', 'quarantine', 'paused'] } },
        }),
      ]);
      expect(statements.flatMap(actions).every((a) => /^(logs|sqs|secretsmanager|dynamodb):/.test(a))).toBe(true);
    }
  });

  it('alarms when polls keep failing', () => {
    const [[pollerId] = []] = functionsFrom('functions/poll.ts');

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: pollerId } }],
      Threshold: 3,
      AlarmActions: [{ Ref: ofType('AWS::SNS::Topic')[0]?.[0] }],
    });
  });

  it('alarms when nothing synced for 30 minutes (six 5-minute buckets) while changes arrived or waited in the queue', () => {
    const metric = (name: string) => ({
      Metric: { Namespace: METRICS_NAMESPACE, MetricName: name, Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }] },
      Period: 300,
      Stat: 'Sum',
    });
    const queueMetric = (name: string) =>
      Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/SQS', MetricName: name, Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueIds().changes, 'QueueName'] } }] }), Period: 300, Stat: 'Maximum' }) });

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(FILL(synced, 0) == 0 AND (FILL(received, 0) > 0 OR FILL(waiting, 0) + FILL(inflight, 0) > 0), 1, 0)', ReturnData: true }),
        { Id: 'received', MetricStat: metric(MetricName.ChangesReceived), ReturnData: false },
        { Id: 'synced', MetricStat: metric(MetricName.ChangesSynced), ReturnData: false },
        queueMetric('ApproximateNumberOfMessagesVisible'),
        queueMetric('ApproximateNumberOfMessagesNotVisible'),
      ]),
      EvaluationPeriods: 6,
      DatapointsToAlarm: 6,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: ofType('AWS::SNS::Topic')[0]?.[0] }],
    });
  });

  it('alarms when a message reaches the DLQ', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueIds().dlq, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: ofType('AWS::SNS::Topic')[0]?.[0] }],
    });
  });

  it('raises one alert per burst of soft deletes (any in 5 minutes, back to OK when they stop)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: MetricName.RecordsSoftDeleted,
      Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      OKActions: [{ Ref: ofType('AWS::SNS::Topic')[0]?.[0] }],
    });
  });

  it('alarms on any infrastructure error of the processor (one in 5 minutes), back to OK when they stop', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === MetricName.InfrastructureErrors);

    expect(alarms.map(([id]) => id)).toEqual([expect.stringMatching(/InfrastructureErrorsAlarm/)]);
    expect(alarms[0]?.[1].Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: ofType('AWS::SNS::Topic')[0]?.[0] }],
      OKActions: [{ Ref: ofType('AWS::SNS::Topic')[0]?.[0] }],
    });
    // The local hub evaluates it too, from the processor's EMF lines.
    const local = new LocalAlarms(template.toJSON() as CfnTemplate);
    local.observe(JSON.stringify({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['service']], Metrics: [{ Name: MetricName.InfrastructureErrors, Unit: 'Count' }] }] }, service: METRICS_SERVICE, [MetricName.InfrastructureErrors]: 1 }));
    expect(local.alerts.filter((a) => a.alarm === alarms[0]?.[0]).map((a) => a.state)).toEqual(['ALARM']);
  });

  it("alarms when Salesforce's or HubSpot's budget reaches 60% of Syncline's daily share, back to OK when it falls", () => {
    for (const metric of [MetricName.SalesforceBudgetUsed, MetricName.HubspotBudgetUsed]) {
      const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === metric);

      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.[1].Properties).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 60,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: ofType('AWS::SNS::Topic')[0]?.[0] }],
        OKActions: [{ Ref: ofType('AWS::SNS::Topic')[0]?.[0] }],
      });
    }
  });

  it('lets the processor send deferred changes to changes.fifo only, whose URL it is given, and top a full batch up to 1,000 from it', () => {
    const [[, processor] = []] = functionsFrom('functions/process.ts');
    const sqs = statementsOf(processor as Resource).filter((s) => actions(s).some((a) => a.startsWith('sqs:')));

    expect(envOf(processor as Resource)[EnvName.ChangesQueueUrl]).toEqual({ Ref: queueIds().changes });
    expect(envOf(processor as Resource)[EnvName.WindowMaxRecords]).toBe('1000');
    // What its event source needs to consume the queue (which also covers topping up: receive, delete and change
    // visibility, batch calls included), and SendMessage; on changes.fifo alone.
    expect([...new Set(sqs.flatMap(actions))].sort()).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'sqs:SendMessage']);
    expect(sqs.flatMap(resourceList)).toEqual(sqs.map(() => ({ 'Fn::GetAtt': [queueIds().changes, 'Arn'] })));
  });

  it('sends every alarm to the one encrypted, TLS-only alerts topic', () => {
    const [[topicId, topic] = []] = ofType('AWS::SNS::Topic');

    expect(ofType('AWS::SNS::Topic')).toHaveLength(1);
    expect(topic?.Properties.KmsMasterKeyId).toBeDefined();
    for (const [, alarm] of ofType('AWS::CloudWatch::Alarm')) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('throttles and access-logs the $default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });

  it('outputs the webhook base URL, the alerts topic ARN, and what the operator CLI reaches the stack by', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    expect(Object.keys(outputs).sort()).toEqual(['AlertsTopicArn', 'AuditTableName', 'ChangesQueueUrl', 'DashboardUrl', 'DeadLetterQueueUrl', 'HealthUrl', 'IdempotencyTableName', 'StateTableName', 'SyncRunStateMachineArn', 'WebhookBaseUrl']);
    expect(outputs.DeadLetterQueueUrl?.Value).toEqual({ Ref: expect.stringMatching(/ChangesDlq/) });
    expect(outputs.AlertsTopicArn?.Value).toEqual({ Ref: ofType('AWS::SNS::Topic')[0]?.[0] });
  });

  it('reconciles daily: reads only the systems it compares (the two CRMs, and the activity of Outreach and Gong), may send changes, and alarms on any drift', () => {
    const [[id, fn] = ['', undefined]] = functionsFrom('functions/reconcile.ts');
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties?.['Targets']).includes(id));
    // Connector → the secret its full read uses: Gong's API key, never its webhook rule's key.
    const readable = { gong: 'gong-api', hubspot: 'hubspot', outreach: 'outreach', salesforce: 'salesforce' };

    const reconciler = fn as Resource;
    // CONNECTOR_SECRETS is a Fn::Join of `{"gong":"`, the secret's Ref, `","hubspot":"`, ...: read it back as connector → Ref.
    const parts = (envOf(reconciler)[EnvName.ConnectorSecrets] as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    const named = Object.fromEntries(parts.flatMap((part, i) => (typeof part === 'string' && /"(\w[\w-]*)":"$/.test(part) ? [[/"(\w[\w-]*)":"$/.exec(part)?.[1], parts[i + 1]]] : [])));
    expect(named).toEqual(Object.fromEntries(Object.entries(readable).map(([connector, secret]) => [connector, { Ref: secretIdByName(`syncline/${secret}`) }])));
    const secretGrants = statementsOf(reconciler).filter((st) => actions(st).some((a) => a.startsWith('secretsmanager:')));
    expect(secretGrants.flatMap(resourceList)).toEqual(expect.arrayContaining(Object.values(readable).map((c) => ({ Ref: secretIdByName(`syncline/${c}`) }))));
    expect(secretGrants.flatMap(resourceList)).toHaveLength(4);
    expect(statementsOf(reconciler).some((st) => actions(st).includes('sqs:SendMessage'))).toBe(true);
    expect(rules.map(([, r]) => r.Properties?.['ScheduleExpression'])).toEqual(['cron(30 3 * * ? *)']);
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties?.['MetricName'] === 'ReconcileDrift');
    expect(alarms.map(([, a]) => [a.Properties?.['Threshold'], a.Properties?.['Period']])).toEqual([[1, 86400]]);
  });
});
