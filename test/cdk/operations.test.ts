import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#cdk/app';
import { FunctionMetadata } from '#cdk/constructs/node-function';
import { EnvName } from '#config/env-names';
import { activeSyncs, loadContract } from '#config/load-contract';
import { ERROR_CATEGORIES } from '#domain/error-category';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName, integrationName } from '#ports/metrics';

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };
type AlarmMetric = { Id: string; Expression?: string; ReturnData?: boolean; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] }; Period: number; Stat: string } };
type Widget = { type: string; width?: number; y?: number; properties: { title?: string; alarms?: string[]; metrics?: unknown[][]; annotations?: { horizontal?: { value: number }[] } } };

let resources: Record<string, Resource>;
let outputs: Record<string, { Value: unknown }>;
const contract = loadContract('syncline.yaml');

beforeAll(() => {
  const json = Template.fromStack(buildApp({ bundling: false }).stack).toJSON();
  resources = json.Resources as Record<string, Resource>;
  outputs = json.Outputs as Record<string, { Value: unknown }>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const alarms = () => ofType('AWS::CloudWatch::Alarm');
const topic = () => ({ Ref: ofType('AWS::SNS::Topic')[0]?.[0] });
const service = { Name: 'service', Value: METRICS_SERVICE };
const queueIds = () => {
  const queues = ofType('AWS::SQS::Queue');
  return { changes: queues.find(([, q]) => q.Properties.RedrivePolicy !== undefined)?.[0], dlq: queues.find(([, q]) => q.Properties.RedrivePolicy === undefined)?.[0] };
};

/** The alarms on one metric of Syncline's, by name and exact dimensions (besides `service`). */
function alarmsOn(metricName: string, dimensions: Record<string, string> = {}): Resource[] {
  const expected = JSON.stringify([service, ...Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }))].sort((a, b) => a.Name.localeCompare(b.Name)));
  return alarms()
    .map(([, a]) => a)
    .filter((a) => a.Properties.MetricName === metricName && JSON.stringify(a.Properties.Dimensions) === expected);
}

/** Notifies the alerts topic of ALARM and OK. */
const notifying = () => ({ AlarmActions: [topic()], OKActions: [topic()] });

/** The metric-math alarm whose expression names this metric of Syncline's with these dimensions. */
function mathAlarmsUsing(metricName: string, dimensions: { Name: string; Value: string }[]): Resource[] {
  return alarms()
    .map(([, a]) => a)
    .filter((a) => ((a.Properties.Metrics as AlarmMetric[] | undefined) ?? []).some((m) => m.MetricStat?.Metric.MetricName === metricName && JSON.stringify(m.MetricStat.Metric.Dimensions) === JSON.stringify(dimensions)));
}

describe('the operations alarms', () => {
  it('alarms when more than 1% of attempts failed within an hour, with at least 3 failed, and never without traffic', () => {
    const [alarm, ...others] = mathAlarmsUsing(MetricName.SyncRetries, [service]);
    const metrics = alarm?.Properties.Metrics as AlarmMetric[];

    expect(others).toEqual([]);
    expect(alarm?.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching', ...notifying() });
    const byId = Object.fromEntries(metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat]));
    expect(byId).toEqual(
      Object.fromEntries(
        Object.entries({ synced: MetricName.ChangesSynced, failures: MetricName.SyncFailures, retries: MetricName.SyncRetries, quarantined: MetricName.ChangesQuarantined }).map(([id, name]) => [
          id,
          { Metric: { Namespace: METRICS_NAMESPACE, MetricName: name, Dimensions: [service] }, Period: 3600, Stat: 'Sum' },
        ]),
      ),
    );
    const failed = 'FILL(failures, 0) + FILL(retries, 0) + FILL(quarantined, 0)';
    const attempts = `FILL(synced, 0) + ${failed}`;
    expect(metrics.find((m) => m.ReturnData)?.Expression).toBe(`IF(${failed} >= 3, 100 * (${failed}) / IF(${attempts} > 0, ${attempts}, 1), 0)`);
  });

  it('alarms when the oldest change in changes.fifo has waited an hour for 15 minutes', () => {
    const found = alarms().filter(([, a]) => a.Properties.MetricName === 'ApproximateAgeOfOldestMessage');

    expect(found).toHaveLength(1);
    expect(found[0]?.[1].Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueIds().changes, 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 3600,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      ...notifying(),
    });
  });

  it('alarms on any failed OAuth refresh within 5 minutes, for Salesforce and Outreach, whose clients refresh tokens', () => {
    for (const vendor of ['salesforce', 'outreach']) {
      const found = alarmsOn(MetricName.OAuthRefreshFailures, { vendor });

      expect(found).toHaveLength(1);
      expect(found[0]?.Properties).toMatchObject({ Namespace: METRICS_NAMESPACE, Statistic: 'Sum', Period: 300, Threshold: 1, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching', ...notifying() });
    }
    expect(alarms().filter(([, a]) => a.Properties.MetricName === MetricName.OAuthRefreshFailures)).toHaveLength(2);
  });

  it('alarms 7 days and 1 day before the Salesforce and Outreach credentials expire, on the daily Minimum of the days left', () => {
    for (const vendor of ['salesforce', 'outreach']) {
      const found = alarmsOn(MetricName.CredentialDaysLeft, { vendor });

      expect(found.map((a) => a.Properties.Threshold).sort()).toEqual([1, 7]);
      for (const alarm of found) {
        expect(alarm.Properties).toMatchObject({ Namespace: METRICS_NAMESPACE, Statistic: 'Minimum', Period: 86_400, EvaluationPeriods: 1, ComparisonOperator: 'LessThanOrEqualToThreshold', TreatMissingData: 'notBreaching', ...notifying() });
      }
    }
  });

  it('runs the credential check daily, reading only the secrets of the connectors whose credentials expire, and alarms when it fails', () => {
    const functions = ofType('AWS::Lambda::Function').filter(([, f]) => f.Metadata?.[FunctionMetadata.Entry] === 'functions/check-credentials.ts');
    const [[id, fn] = ['', undefined]] = functions;
    const secretIds = Object.fromEntries(ofType('AWS::SecretsManager::Secret').map(([sid, s]) => [s.Properties.Name, sid]));
    const roleId = (fn?.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes(id));

    expect(functions).toHaveLength(1);
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['cron(0 7 * * ? *)']);
    const secretReads = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')));
    expect(secretReads.flatMap((s) => [s.Resource].flat())).toEqual(expect.arrayContaining([{ Ref: secretIds['syncline/salesforce'] }, { Ref: secretIds['syncline/outreach'] }]));
    expect(secretReads.flatMap((s) => [s.Resource].flat())).toHaveLength(2);
    expect(statements.flatMap((s) => [s.Action].flat()).every((a) => /^(logs|secretsmanager):/.test(a))).toBe(true);
    expect(JSON.stringify((fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables[EnvName.ConnectorSecrets])).toBe(
      JSON.stringify({ 'Fn::Join': ['', ['{"outreach":"', { Ref: secretIds['syncline/outreach'] }, '","salesforce":"', { Ref: secretIds['syncline/salesforce'] }, '"}']] }),
    );
    const errorAlarm = alarms().filter(([, a]) => a.Properties.MetricName === 'Errors' && JSON.stringify(a.Properties.Dimensions).includes(id));
    expect(errorAlarm.map(([, a]) => a.Properties)).toEqual([expect.objectContaining({ Namespace: 'AWS/Lambda', Threshold: 1, ...notifying() })]);
  });

  it('alarms per active sync when none of its changes went through for six 5-minute buckets while its source reported the object', () => {
    const syncs = activeSyncs(contract);
    const stoppages = alarms().filter(([, a]) => ((a.Properties.Metrics as AlarmMetric[] | undefined) ?? []).some((m) => m.MetricStat?.Metric.MetricName === MetricName.IntegrationSynced));

    expect(stoppages).toHaveLength(syncs.length);
    for (const sync of syncs) {
      const sourceObjects = contract.objects[sync.object]?.systems[sync.from]?.objects ?? [];
      const [alarm, ...others] = mathAlarmsUsing(MetricName.IntegrationSynced, [{ Name: 'integration', Value: integrationName(sync.from, sync.to) }, { Name: 'object', Value: sync.object }, service]);
      const metrics = alarm?.Properties.Metrics as AlarmMetric[];

      expect(others).toEqual([]);
      expect(alarm?.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 6, DatapointsToAlarm: 6, TreatMissingData: 'notBreaching', ...notifying() });
      const received = metrics.filter((m) => m.MetricStat?.Metric.MetricName === MetricName.ChangesReceivedFrom);
      expect(received.map((m) => m.MetricStat)).toEqual(
        sourceObjects.map((type) => ({ Metric: { Namespace: METRICS_NAMESPACE, MetricName: MetricName.ChangesReceivedFrom, Dimensions: [service, { Name: 'source', Value: sync.from }, { Name: 'sourceObject', Value: type }] }, Period: 300, Stat: 'Sum' })),
      );
      expect(metrics.find((m) => m.Id === 'synced')?.MetricStat).toMatchObject({ Period: 300, Stat: 'Sum' });
      expect(metrics.find((m) => m.ReturnData)?.Expression).toBe(`IF(FILL(synced, 0) == 0 AND (${received.map((m) => `FILL(${m.Id}, 0)`).join(' + ')}) > 0, 1, 0)`);
    }
    expect(contract.objects['person']?.systems.salesforce?.objects).toEqual(['Contact', 'Lead']);
  });

  it('writes metric math only in the subset the local hub evaluates: metric ids, numbers, + - * /, comparisons, AND, OR, FILL and IF', () => {
    const expressions = alarms().flatMap(([, a]) => {
      const metrics = (a.Properties.Metrics as AlarmMetric[] | undefined) ?? [];
      return metrics.filter((m) => m.Expression).map((m) => ({ expression: m.Expression!, ids: new Set(metrics.filter((o) => o.MetricStat).map((o) => o.Id)) }));
    });

    expect(expressions.length).toBeGreaterThan(10);
    for (const { expression, ids } of expressions) {
      const tokens = expression.match(/[A-Za-z_][A-Za-z0-9_]*\(?|\d+(\.\d+)?|==|!=|>=|<=|[-+*/(),<>]|\S/g) ?? [];
      for (const token of tokens) {
        const allowed = ['FILL(', 'IF(', 'AND', 'OR'].includes(token) || ids.has(token) || /^\d+(\.\d+)?$/.test(token) || ['==', '!=', '>=', '<=', '>', '<', '+', '-', '*', '/', '(', ')', ','].includes(token);
        expect(allowed, `${token} in ${expression}`).toBe(true);
      }
    }
  });
});

/** The dashboard's body with each CloudFormation reference written as `<...>`, parsed. */
function dashboardBody(): { widgets: Widget[] } {
  const [[, dashboard] = []] = ofType('AWS::CloudWatch::Dashboard');
  const parts = (dashboard?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : `<${JSON.stringify(p).replaceAll('"', '')}>`)).join('')) as { widgets: Widget[] };
}

const titled = (title: string) => dashboardBody().widgets.filter((w) => w.properties.title === title);
/** A widget's metrics as `name dimension=value,... stat`. */
const series = (w: Widget | undefined) =>
  (w?.properties.metrics ?? []).map((m) => {
    const options = m.at(-1) as { stat: string };
    const [, name, ...dims] = m.slice(0, -1) as string[];
    const pairs = [];
    for (let i = 0; i < dims.length; i += 2) if (dims[i] !== 'service') pairs.push(`${dims[i]}=${dims[i + 1]}`);
    return `${name} ${pairs.join(',')} ${options.stat}`.replace('  ', ' ');
  });

describe('the operations dashboard', () => {
  it('shows the state of every alarm of the stack', () => {
    const listed = dashboardBody().widgets.filter((w) => w.type === 'alarm').flatMap((w) => w.properties.alarms ?? []);

    expect(listed.sort()).toEqual(alarms().map(([id]) => `<{Fn::GetAtt:[${id},Arn]}>`).sort());
  });

  it('has a row per active sync: synced, failed by error category, latency p50 and p99', () => {
    for (const sync of activeSyncs(contract)) {
      const name = `${sync.from} → ${sync.to} (${sync.object})`;
      const dims = `integration=${integrationName(sync.from, sync.to)},object=${sync.object}`;

      expect(series(titled(`${name}: synced`)[0])).toEqual([`IntegrationSynced ${dims} Sum`]);
      expect(series(titled(`${name}: failed by category`)[0])).toEqual(ERROR_CATEGORIES.map((c) => `IntegrationFailed category=${c},${dims} Sum`));
      expect(series(titled(`${name}: latency (ms)`)[0])).toEqual([`SyncLatency ${dims} p50`, `SyncLatency ${dims} p99`]);
    }
  });

  it('shows the queue depth, its oldest change and the DLQ depth', () => {
    const queueName = (id: string | undefined) => `<{Fn::GetAtt:[${id},QueueName]}>`;
    const { changes, dlq } = queueIds();

    expect(titled('changes.fifo depth')[0]?.properties.metrics?.map((m) => m.slice(0, 4))).toEqual([
      ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queueName(changes)],
      ['AWS/SQS', 'ApproximateNumberOfMessagesNotVisible', 'QueueName', queueName(changes)],
    ]);
    expect(titled('changes.fifo oldest change (s)')[0]?.properties.metrics?.map((m) => m.slice(0, 4))).toEqual([['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', queueName(changes)]]);
    expect(titled('changes-dlq.fifo depth')[0]?.properties.metrics?.map((m) => m.slice(0, 4))).toEqual([['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queueName(dlq)]]);
  });

  it('shows vendor calls, budget use against the 60% alarm, data quality, quarantine and review entries, and credentials', () => {
    expect(series(titled('vendor calls')[0])).toEqual(['VendorCalls vendor=hubspot Sum', 'VendorCalls vendor=outreach Sum', 'VendorCalls vendor=salesforce Sum']);
    expect(series(titled("budget used (% of Syncline's daily share)")[0])).toEqual(['SalesforceBudgetUsed Maximum', 'HubspotBudgetUsed Maximum']);
    expect(titled("budget used (% of Syncline's daily share)")[0]?.properties.annotations?.horizontal?.map((a) => a.value)).toEqual([60, 100]);
    expect(series(titled('records enriched and matched (per hour)')[0])).toEqual(['RecordsEnriched Sum', 'RecordsMatched Sum']);
    expect(series(titled('activities logged (per hour)')[0])).toEqual(['ActivitiesLogged source=outreach Sum', 'ActivitiesLogged source=gong Sum']);
    expect(series(titled('entering quarantine and review')[0])).toEqual(['ChangesQuarantined Sum', 'MatchesHeldForReview Sum', 'FieldsHeldForReview Sum']);
    expect(series(titled('credential days left')[0])).toEqual(['CredentialDaysLeft vendor=outreach Minimum', 'CredentialDaysLeft vendor=salesforce Minimum']);
    expect(series(titled('failed OAuth refreshes')[0])).toEqual(['OAuthRefreshFailures vendor=outreach Sum', 'OAuthRefreshFailures vendor=salesforce Sum']);
  });

  it('shows what waits for a person, measured: the quarantine and review sizes and the paused connectors, in one row after the queue', () => {
    const [waiting] = titled('waiting in quarantine and review');
    const [paused] = titled('connectors paused');

    expect(series(waiting)).toEqual(['QuarantineSize Maximum', 'ReviewSize Maximum']);
    expect(series(paused)).toEqual(['ConnectorsPaused Maximum']);
    // One point per health run, every 5 minutes: the dashboard's default period (300 s, left out of the body) shows each.
    expect([...(waiting?.properties.metrics ?? []), ...(paused?.properties.metrics ?? [])].map((m) => (m.at(-1) as { period?: number }).period ?? 300)).toEqual([300, 300, 300]);
    expect([waiting?.width, paused?.width]).toEqual([16, 8]);
    expect(waiting?.y).toBe(paused?.y);
    expect(waiting?.y).toBeGreaterThan(titled('changes-dlq.fifo depth')[0]?.y ?? Infinity);
  });

  it('outputs the dashboard URL in the console of the stack region', () => {
    const [[dashboardId] = []] = ofType('AWS::CloudWatch::Dashboard');

    expect(outputs.DashboardUrl?.Value).toEqual({
      'Fn::Join': ['', ['https://', { Ref: 'AWS::Region' }, '.console.aws.amazon.com/cloudwatch/home?region=', { Ref: 'AWS::Region' }, '#dashboards:name=', { Ref: dashboardId }]],
    });
  });
});
