import { randomUUID } from 'node:crypto';
import { resourcesOfType, type CfnTemplate } from './template.ts';

/** A metric alarm of the template that can be evaluated locally: one on a metric the functions emit as EMF. */
interface LocalAlarm {
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  periodMs: number;
  threshold: number;
  comparison: string;
  description: string;
}

/** A state change of a local alarm, as SNS would deliver it. */
export interface LocalAlert {
  alarm: string;
  state: 'ALARM' | 'OK';
  at: string;
  value: number;
  description: string;
}

interface Datapoint {
  at: number;
  value: number;
}

const COMPARE: Record<string, (value: number, threshold: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  GreaterThanThreshold: (v, t) => v > t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

/**
 * CloudWatch alarms on one machine, for the alarms on Syncline's own metrics (single-metric `Sum` alarms; AWS
 * service metrics and metric-math alarms are not emitted locally and are listed as not evaluated). The functions'
 * EMF documents are the data; each alarm compares the sum over its period, sliding rather than aligned to period
 * boundaries, with its threshold, and reports each state change once, as CloudWatch notifies SNS.
 */
export class LocalAlarms {
  readonly alerts: LocalAlert[] = [];
  readonly notEvaluated: string[] = [];
  private readonly alarms: LocalAlarm[] = [];
  private readonly points = new Map<string, Datapoint[]>();
  private readonly states = new Map<string, 'ALARM' | 'OK'>();

  constructor(
    template: CfnTemplate,
    private readonly onAlert: (alert: LocalAlert) => void = () => undefined,
  ) {
    for (const [id, r] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
      const p = r.Properties ?? {};
      const dims = (p['Dimensions'] as { Name: string; Value: unknown }[] | undefined) ?? [];
      if (typeof p['MetricName'] !== 'string' || p['Statistic'] !== 'Sum' || dims.some((d) => typeof d.Value !== 'string') || p['Namespace'] === undefined || String(p['Namespace']).startsWith('AWS/')) {
        this.notEvaluated.push(id);
        continue;
      }
      this.alarms.push({
        id,
        namespace: String(p['Namespace']),
        metricName: p['MetricName'],
        dimensions: Object.fromEntries(dims.map((d) => [d.Name, String(d.Value)])),
        periodMs: Number(p['Period'] ?? 300) * 1000,
        threshold: Number(p['Threshold'] ?? 0),
        comparison: String(p['ComparisonOperator'] ?? 'GreaterThanOrEqualToThreshold'),
        description: String(p['AlarmDescription'] ?? id),
      });
    }
  }

  /** Takes one log line of a function; EMF documents become datapoints, anything else is ignored. */
  observe(line: string): void {
    if (!line.includes('"_aws"')) return;
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const meta = doc['_aws'] as { Timestamp?: number; CloudWatchMetrics?: { Namespace: string; Metrics: { Name: string }[] }[] } | undefined;
    for (const directive of meta?.CloudWatchMetrics ?? []) {
      for (const { Name } of directive.Metrics) {
        const raw = doc[Name];
        const value = Array.isArray(raw) ? raw.reduce((a: number, b: number) => a + b, 0) : Number(raw ?? 0);
        const key = `${directive.Namespace}|${Name}|${String(doc['service'] ?? '')}`;
        this.points.set(key, [...(this.points.get(key) ?? []), { at: meta?.Timestamp ?? Date.now(), value }]);
      }
    }
    this.evaluate(Date.now());
  }

  /** Re-evaluates every alarm at `now`; a change of state becomes an alert. */
  evaluate(now: number): void {
    for (const alarm of this.alarms) {
      const key = `${alarm.namespace}|${alarm.metricName}|${alarm.dimensions['service'] ?? ''}`;
      const recent = (this.points.get(key) ?? []).filter((p) => p.at > now - alarm.periodMs);
      this.points.set(key, recent);
      const value = recent.reduce((sum, p) => sum + p.value, 0);
      // No data is "not breaching", as the template's alarms say.
      const state = recent.length > 0 && (COMPARE[alarm.comparison] ?? COMPARE['GreaterThanOrEqualToThreshold'])?.(value, alarm.threshold) ? 'ALARM' : 'OK';
      if (state === (this.states.get(alarm.id) ?? 'OK')) continue;
      this.states.set(alarm.id, state);
      const alert: LocalAlert = { alarm: alarm.id, state, at: new Date(now).toISOString(), value, description: alarm.description };
      this.alerts.push(alert);
      this.onAlert(alert);
    }
  }
}

/**
 * The SNS event a Lambda subscribed to the alerts topic receives for a local alert, its message shaped as
 * CloudWatch publishes an alarm state change.
 */
export function snsAlarmEvent(alert: LocalAlert, topicArn: string, region: string) {
  const message = {
    AlarmName: alert.alarm,
    AlarmDescription: alert.description,
    AlarmArn: `arn:aws:cloudwatch:${region}:000000000000:alarm:${alert.alarm}`,
    NewStateValue: alert.state,
    OldStateValue: alert.state === 'ALARM' ? 'OK' : 'ALARM',
    NewStateReason: `Evaluated locally: the metric's sum over the period was ${alert.value}.`,
    StateChangeTime: alert.at,
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:local`,
        Sns: { Type: 'Notification', MessageId: randomUUID(), TopicArn: topicArn, Subject: `${alert.state}: "${alert.alarm}"`, Message: JSON.stringify(message), Timestamp: alert.at, MessageAttributes: {} },
      },
    ],
  };
}
