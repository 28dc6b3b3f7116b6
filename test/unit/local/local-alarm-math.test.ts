import { describe, expect, it } from 'vitest';
import { LocalAlarms, snsAlarmEvent, type LocalAlert } from '#local/runner/alarms';
import type { CfnTemplate } from '#local/runner/template';

const SERVICE = { Name: 'service', Value: 'syncline' };
const metricStat = (MetricName: string, dims: Record<string, string>, Stat = 'Sum', Period = 300) => ({
  Metric: { Namespace: 'Syncline', MetricName, Dimensions: [SERVICE, ...Object.entries(dims).map(([Name, Value]) => ({ Name, Value }))] },
  Period,
  Stat,
});
const alarm = (Properties: Record<string, unknown>) => ({ Type: 'AWS::CloudWatch::Alarm', Properties: { EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching', ...Properties } });
const HUBSPOT_PERSON = { integration: 'hubspot>salesforce', object: 'person' };

/** The alarms another stack might define over the per-integration and per-vendor series. */
const template: CfnTemplate = {
  Resources: {
    HubspotPersonStoppage: alarm({
      AlarmDescription: 'hubspot>salesforce person stopped',
      Metrics: [
        { Id: 'expr_1', Expression: 'IF(FILL(synced, 0) == 0 AND FILL(received, 0) > 0, 1, 0)', Label: 'stopped' },
        { Id: 'received', MetricStat: metricStat('ChangesReceivedFrom', { source: 'hubspot', sourceObject: 'contact' }), ReturnData: false },
        { Id: 'synced', MetricStat: metricStat('IntegrationSynced', HUBSPOT_PERSON), ReturnData: false },
      ],
      Threshold: 1,
      EvaluationPeriods: 6,
      DatapointsToAlarm: 6,
    }),
    SalesforceBudget: alarm({ Namespace: 'Syncline', MetricName: 'SalesforceBudgetUsed', Dimensions: [SERVICE], Statistic: 'Maximum', Period: 300, Threshold: 60 }),
    OutreachTokenExpiry: alarm({ Namespace: 'Syncline', MetricName: 'CredentialDaysLeft', Dimensions: [SERVICE, { Name: 'vendor', Value: 'outreach' }], Statistic: 'Minimum', Period: 3600, Threshold: 7, ComparisonOperator: 'LessThanOrEqualToThreshold' }),
    HubspotPersonSynced: alarm({ Namespace: 'Syncline', MetricName: 'IntegrationSynced', Dimensions: [SERVICE, { Name: 'object', Value: 'person' }, { Name: 'integration', Value: 'hubspot>salesforce' }], Statistic: 'Sum', Period: 300, Threshold: 3 }),
    HubspotPersonLatency: alarm({ Namespace: 'Syncline', MetricName: 'SyncLatency', Dimensions: [SERVICE, { Name: 'integration', Value: 'hubspot>salesforce' }, { Name: 'object', Value: 'person' }], ExtendedStatistic: 'p90', Period: 300, Threshold: 1000 }),
    FailureRate: alarm({
      Metrics: [
        { Id: 'rate', Expression: '100 * failed / (failed + synced)' },
        { Id: 'failed', MetricStat: metricStat('IntegrationFailed', { ...HUBSPOT_PERSON, category: 'vendor' }), ReturnData: false },
        { Id: 'synced', MetricStat: metricStat('IntegrationSynced', HUBSPOT_PERSON), ReturnData: false },
      ],
      Threshold: 50,
    }),
    Rate: alarm({ Metrics: [{ Id: 'e', Expression: 'RATE(m)' }, { Id: 'm', MetricStat: metricStat('ChangesSynced', {}), ReturnData: false }], Threshold: 1 }),
    UnknownId: alarm({ Metrics: [{ Id: 'e', Expression: 'm + other' }, { Id: 'm', MetricStat: metricStat('ChangesSynced', {}), ReturnData: false }], Threshold: 1 }),
    Cycle: alarm({ Metrics: [{ Id: 'e', Expression: 'f + m' }, { Id: 'f', Expression: 'e', ReturnData: false }, { Id: 'm', MetricStat: metricStat('ChangesSynced', {}), ReturnData: false }], Threshold: 1 }),
    MixedPeriods: alarm({ Metrics: [{ Id: 'e', Expression: 'a + b' }, { Id: 'a', MetricStat: metricStat('ChangesSynced', {}, 'Sum', 60), ReturnData: false }, { Id: 'b', MetricStat: metricStat('ChangesReceived', {}), ReturnData: false }], Threshold: 1 }),
    TrimmedMean: alarm({ Namespace: 'Syncline', MetricName: 'SyncLatency', Dimensions: [SERVICE], ExtendedStatistic: 'tm90', Period: 300, Threshold: 1 }),
    LambdaErrors: alarm({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: 'f' }], Statistic: 'Sum', Period: 300, Threshold: 1 }),
    Anomaly: alarm({ Metrics: [{ Id: 'ad', Expression: 'ANOMALY_DETECTION_BAND(m)' }, { Id: 'm', MetricStat: metricStat('ChangesSynced', {}), ReturnData: true }], ThresholdMetricId: 'ad', ComparisonOperator: 'GreaterThanUpperThreshold' }),
  },
};

/** One EMF document as Powertools writes it: the dimension set beside `service`, values at the top level. */
function emf(at: number, metrics: Record<string, number | number[]>, dimensions: Record<string, string> = {}, sets?: string[][]): string {
  const names = ['service', ...Object.keys(dimensions)];
  return JSON.stringify({ _aws: { Timestamp: at, CloudWatchMetrics: [{ Namespace: 'Syncline', Dimensions: sets ?? [names], Metrics: Object.keys(metrics).map((Name) => ({ Name, Unit: 'Count' })) }] }, service: 'syncline', ...dimensions, ...metrics });
}

const T0 = Date.parse('2026-12-01T10:00:00Z');

/** Local alarms on a clock the test sets: each observed line is evaluated at the clock's time. */
function localAlarms(options: { timeScale?: number } = {}) {
  const clock = { now: T0 };
  const alerts: LocalAlert[] = [];
  const alarms = new LocalAlarms(template, (a) => alerts.push(a), undefined, { ...options, clock: () => clock.now });
  /** Observes `lines` at `at`. */
  const observe = (at: number, ...lines: string[]) => {
    clock.now = at;
    for (const line of lines) alarms.observe(line);
  };
  return { alarms, alerts, clock, observe };
}
const states = (alerts: LocalAlert[], id: string) => alerts.filter((a) => a.alarm === id).map((a) => [a.state, a.value]);
const CONTACT = { source: 'hubspot', sourceObject: 'contact' };

describe('local metric-math and dimensioned alarms', () => {
  it('lists what it cannot evaluate: other functions, unknown or circular ids, mixed periods, other statistics and namespaces, anomaly bands', () => {
    expect(new LocalAlarms(template).notEvaluated).toEqual(['Rate', 'UnknownId', 'Cycle', 'MixedPeriods', 'TrimmedMean', 'LambdaErrors', 'Anomaly']);
  });

  it('raises the per-integration stoppage once every bucket had changes received and none synced, and resolves it when syncs resume', () => {
    // Prepare: 5-minute buckets run in 5 s.
    const { alerts, observe } = localAlarms({ timeScale: 1 / 60 });

    // Act: a change arrives in each of six buckets; only other integrations' and objects' changes sync.
    let before: unknown[] = [];
    for (let bucket = 0; bucket < 6; bucket++) {
      if (bucket === 5) before = states(alerts, 'HubspotPersonStoppage');
      observe(
        T0 + bucket * 5_000 + 1_000,
        emf(T0 + bucket * 5_000 + 1_000, { ChangesReceivedFrom: 1 }, CONTACT),
        emf(T0 + bucket * 5_000 + 1_000, { IntegrationSynced: [1, 1] }, { integration: 'salesforce>hubspot', object: 'person' }),
        emf(T0 + bucket * 5_000 + 1_000, { IntegrationSynced: 1 }, { integration: 'hubspot>salesforce', object: 'company' }),
      );
    }
    const stopped = states(alerts, 'HubspotPersonStoppage');
    observe(T0 + 27_000, emf(T0 + 27_000, { IntegrationSynced: 1 }, HUBSPOT_PERSON));

    // Assess
    expect(before).toEqual([]);
    expect(stopped).toEqual([['ALARM', 1]]);
    expect(states(alerts, 'HubspotPersonStoppage')).toEqual([
      ['ALARM', 1],
      ['OK', 0],
    ]);
    const message = JSON.parse(snsAlarmEvent(alerts[0] as LocalAlert, 'arn:aws:sns:us-east-1:000000000000:alerts', 'us-east-1').Records[0]?.Sns.Message ?? '{}') as { NewStateReason: string };
    expect(message.NewStateReason).toBe("Evaluated locally: the expression's value over the period was 1.");
  });

  it("fails to raise the stoppage while the integration's changes sync, even slowly, or while nothing arrives", () => {
    const { alarms, observe } = localAlarms({ timeScale: 1 / 60 });

    for (let bucket = 0; bucket < 8; bucket++) {
      const at = T0 + bucket * 5_000 + 1_000;
      observe(at, emf(at, { ChangesReceivedFrom: 3 }, CONTACT), ...(bucket % 5 === 2 ? [emf(at, { IntegrationSynced: 1 }, HUBSPOT_PERSON)] : []));
    }
    alarms.evaluate(T0 + 100_000);

    expect(alarms.alerts).toEqual([]);
  });

  it("raises the budget alarm on the period's Maximum reaching 60, whatever the other values of the period", () => {
    const { alarms, alerts, observe } = localAlarms();

    observe(T0, emf(T0, { SalesforceBudgetUsed: [12, 30, 59] }));
    const below = states(alerts, 'SalesforceBudget');
    observe(T0 + 2_000, emf(T0 + 2_000, { SalesforceBudgetUsed: [20, 61, 40] }));
    alarms.evaluate(T0 + 303_000);

    expect(below).toEqual([]);
    expect(states(alerts, 'SalesforceBudget')).toEqual([
      ['ALARM', 61],
      ['OK', 0],
    ]);
  });

  it('keeps an alarm raised when an evaluation arrives late with an earlier time (a queue sample that finished after newer datapoints)', () => {
    const { alarms, alerts, observe } = localAlarms();

    observe(T0 + 1_000, emf(T0 + 1_000, { SalesforceBudgetUsed: 70 }));
    alarms.evaluate(T0 + 500);

    expect(states(alerts, 'SalesforceBudget')).toEqual([['ALARM', 70]]);
  });

  it("raises the token expiry alarm on the vendor's own Minimum at 7 days or less, not on another vendor's", () => {
    const { alerts, observe } = localAlarms();

    observe(T0, emf(T0, { CredentialDaysLeft: 1 }, { vendor: 'hubspot' }), emf(T0, { CredentialDaysLeft: 1 }), emf(T0, { CredentialDaysLeft: [30, 8] }, { vendor: 'outreach' }));
    const early = states(alerts, 'OutreachTokenExpiry');
    observe(T0 + 2_000, emf(T0 + 2_000, { CredentialDaysLeft: [9, 7] }, { vendor: 'outreach' }));

    expect(early).toEqual([]);
    expect(states(alerts, 'OutreachTokenExpiry')).toEqual([['ALARM', 7]]);
  });

  it('keeps each dimension set its own series: other integrations, objects and the service-only series do not count', () => {
    const { alerts, observe } = localAlarms();

    observe(
      T0,
      emf(T0, { IntegrationSynced: [1, 1] }, HUBSPOT_PERSON),
      emf(T0, { IntegrationSynced: 5 }, { integration: 'salesforce>hubspot', object: 'person' }),
      emf(T0, { IntegrationSynced: 5 }, { integration: 'hubspot>salesforce', object: 'company' }),
      emf(T0, { IntegrationSynced: 5 }),
      emf(T0, { IntegrationSynced: 5 }, { ...HUBSPOT_PERSON, category: 'vendor' }),
    );
    const mixed = states(alerts, 'HubspotPersonSynced');
    // One document may list several dimension sets: each is a series of its own.
    observe(T0 + 2_000, emf(T0 + 2_000, { IntegrationSynced: 1 }, HUBSPOT_PERSON, [['service'], ['service', 'integration', 'object']]));

    expect(mixed).toEqual([]);
    expect(states(alerts, 'HubspotPersonSynced')).toEqual([['ALARM', 3]]);
  });

  it('raises a p90 latency alarm from the observations of the period, and a failure-rate alarm from two series', () => {
    const { alerts, observe } = localAlarms();

    observe(
      T0,
      emf(T0, { SyncLatency: [100, 200, 300, 400, 500, 600, 700, 800, 900, 5000] }, HUBSPOT_PERSON),
      emf(T0, { IntegrationSynced: 1 }, HUBSPOT_PERSON),
      emf(T0, { IntegrationFailed: 1 }, { ...HUBSPOT_PERSON, category: 'vendor' }),
    );
    const firstPeriod = alerts.map((a) => [a.alarm, a.state, a.value]);
    observe(T0 + 2_000, emf(T0 + 2_000, { SyncLatency: 2000, IntegrationFailed: 1 }, HUBSPOT_PERSON));

    expect(firstPeriod).toEqual([['FailureRate', 'ALARM', 50]]);
    expect(states(alerts, 'HubspotPersonLatency')).toEqual([['ALARM', 2000]]);
    expect(alerts.find((a) => a.alarm === 'HubspotPersonLatency')?.statistic).toBe('p90');
  });
});
