import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, type QueueAttributeName, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalQueue } from './provision.ts';
import { resourcesOfType, type CfnTemplate } from './template.ts';

/** A metric alarm of the template that can be evaluated locally. */
interface LocalAlarm {
  id: string;
  /** Where its datapoints are kept: an EMF metric of the functions, or a sampled queue attribute. */
  key: string;
  statistic: string;
  periodMs: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  missingBreaches: boolean;
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
  /** The statistic `value` is, e.g. `Sum` or `Maximum`. */
  statistic?: string;
}

/** Reads one attribute of a local queue now, e.g. `ApproximateNumberOfMessages`. */
export type QueueAttributeReader = (queueUrl: string, attribute: string) => Promise<number>;

/** The local queues whose AWS/SQS metrics are sampled, and how. */
export interface QueueSampling {
  queues: readonly Pick<LocalQueue, 'logicalId' | 'name' | 'url'>[];
  read: QueueAttributeReader;
  /** At most one sample per this many milliseconds. @default 1000 */
  everyMs?: number;
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

const STATISTIC: Record<string, (values: number[]) => number> = {
  Sum: (v) => v.reduce((a, b) => a + b, 0),
  Maximum: (v) => Math.max(...v),
  Minimum: (v) => Math.min(...v),
  Average: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  SampleCount: (v) => v.length,
};

/**
 * The AWS/SQS metrics CloudWatch derives from a queue's attributes (GetQueueAttributes), by metric name.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
const SQS_ATTRIBUTE: Record<string, string> = {
  ApproximateNumberOfMessagesVisible: 'ApproximateNumberOfMessages',
  ApproximateNumberOfMessagesNotVisible: 'ApproximateNumberOfMessagesNotVisible',
  ApproximateNumberOfMessagesDelayed: 'ApproximateNumberOfMessagesDelayed',
};

/** Reads queue attributes from fauxqs (or any SQS). */
export function sqsAttributeReader(sqs: SQSClient): QueueAttributeReader {
  return async (queueUrl, attribute) => {
    const name = attribute as QueueAttributeName;
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [name] }));
    return Number(Attributes[name] ?? 0);
  };
}

/**
 * CloudWatch alarms on one machine. Two kinds are evaluated: single-metric `Sum` alarms on Syncline's own metrics,
 * whose data are the functions' EMF documents, and alarms on a queue's AWS/SQS depth metrics (the DLQ alarm), whose
 * data are samples of the local queue's attributes, as CloudWatch samples SQS. Other AWS service metrics and
 * metric-math alarms are not emitted locally and are listed as not evaluated. Each alarm applies its statistic to
 * each of its last `EvaluationPeriods` periods (sliding with now rather than aligned to period boundaries), is in
 * ALARM when `DatapointsToAlarm` of them breach (missing data does not, as the template's alarms say), and reports
 * each state change once, as CloudWatch notifies SNS.
 */
export class LocalAlarms {
  readonly alerts: LocalAlert[] = [];
  readonly notEvaluated: string[] = [];
  private readonly alarms: LocalAlarm[] = [];
  private readonly points = new Map<string, Datapoint[]>();
  private readonly states = new Map<string, 'ALARM' | 'OK'>();
  /** Sampled queue attributes: datapoint key → queue URL and attribute. */
  private readonly sampled = new Map<string, { url: string; attribute: string }>();
  private lastSampleAt = Number.NEGATIVE_INFINITY;
  private sampling: Promise<void> | undefined;

  constructor(
    template: CfnTemplate,
    private readonly onAlert: (alert: LocalAlert) => void = () => undefined,
    private readonly queues?: QueueSampling,
  ) {
    for (const [id, r] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
      const p = r.Properties ?? {};
      const key = this.dataKey(p);
      if (key === undefined) {
        this.notEvaluated.push(id);
        continue;
      }
      const evaluationPeriods = Number(p['EvaluationPeriods'] ?? 1);
      this.alarms.push({
        id,
        key,
        statistic: String(p['Statistic']),
        periodMs: Number(p['Period'] ?? 300) * 1000,
        evaluationPeriods,
        datapointsToAlarm: Number(p['DatapointsToAlarm'] ?? evaluationPeriods),
        missingBreaches: p['TreatMissingData'] === 'breaching',
        threshold: Number(p['Threshold'] ?? 0),
        comparison: String(p['ComparisonOperator'] ?? 'GreaterThanOrEqualToThreshold'),
        description: String(p['AlarmDescription'] ?? id),
      });
    }
  }

  /** Where an alarm's data come from locally, or undefined when they do not. */
  private dataKey(p: Record<string, unknown>): string | undefined {
    const dims = (p['Dimensions'] as { Name: string; Value: unknown }[] | undefined) ?? [];
    const metric = p['MetricName'];
    if (typeof metric !== 'string' || typeof p['Statistic'] !== 'string' || !(p['Statistic'] in STATISTIC)) return undefined;
    const namespace = String(p['Namespace'] ?? '');
    if (namespace === 'AWS/SQS') {
      const attribute = SQS_ATTRIBUTE[metric];
      const queue = this.queueOf(dims.find((d) => d.Name === 'QueueName')?.Value);
      if (!attribute || !queue || dims.length !== 1) return undefined;
      const key = `sqs|${queue.url}|${attribute}`;
      this.sampled.set(key, { url: queue.url, attribute });
      return key;
    }
    if (p['Statistic'] !== 'Sum' || dims.some((d) => typeof d.Value !== 'string') || namespace === '' || namespace.startsWith('AWS/')) return undefined;
    return `${namespace}|${metric}|${String(dims.find((d) => d.Name === 'service')?.Value ?? '')}`;
  }

  /** A queue named by its name, or by `Fn::GetAtt [<logical id>, QueueName]` as CDK writes it. */
  private queueOf(name: unknown): Pick<LocalQueue, 'url'> | undefined {
    const queues = this.queues?.queues ?? [];
    if (typeof name === 'string') return queues.find((q) => q.name === name);
    const getAtt = (name as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
    return getAtt?.[1] === 'QueueName' ? queues.find((q) => q.logicalId === getAtt[0]) : undefined;
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
        this.record(`${directive.Namespace}|${Name}|${String(doc['service'] ?? '')}`, { at: meta?.Timestamp ?? Date.now(), value });
      }
    }
    this.evaluate(Date.now());
  }

  /**
   * Reads every sampled queue attribute once, at `now`, then evaluates. A queue that does not answer gives no
   * datapoint (missing data), as when CloudWatch has none.
   */
  sample(now: number): Promise<void> {
    if (this.sampling) return this.sampling;
    this.lastSampleAt = now;
    const read = this.queues?.read;
    const reads = [...this.sampled].map(async ([key, { url, attribute }]) => {
      const value = await read?.(url, attribute).catch(() => undefined);
      if (value !== undefined && Number.isFinite(value)) this.record(key, { at: now, value });
    });
    this.sampling = Promise.all(reads).then(() => {
      this.sampling = undefined;
      this.evaluate(now);
    });
    return this.sampling;
  }

  /** Re-evaluates every alarm at `now`; a change of state becomes an alert. Samples the queues when one is due. */
  evaluate(now: number): void {
    if (this.sampled.size > 0 && !this.sampling && now - this.lastSampleAt >= (this.queues?.everyMs ?? 1000)) void this.sample(now).catch(() => undefined);
    for (const alarm of this.alarms) {
      const points = (this.points.get(alarm.key) ?? []).filter((p) => p.at > now - this.retentionMs(alarm.key));
      this.points.set(alarm.key, points);
      let breaching = 0;
      let latest = 0;
      for (let period = 0; period < alarm.evaluationPeriods; period++) {
        const end = now - period * alarm.periodMs;
        const values = points.filter((p) => p.at > end - alarm.periodMs && p.at <= end).map((p) => p.value);
        const value = values.length > 0 ? (STATISTIC[alarm.statistic] ?? STATISTIC['Sum'])?.(values) ?? 0 : undefined;
        if (period === 0) latest = value ?? 0;
        const breaches = value === undefined ? alarm.missingBreaches : (COMPARE[alarm.comparison] ?? COMPARE['GreaterThanOrEqualToThreshold'])?.(value, alarm.threshold);
        if (breaches) breaching++;
      }
      const state = breaching >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
      if (state === (this.states.get(alarm.id) ?? 'OK')) continue;
      this.states.set(alarm.id, state);
      const alert: LocalAlert = { alarm: alarm.id, state, at: new Date(now).toISOString(), value: latest, description: alarm.description, statistic: alarm.statistic };
      this.alerts.push(alert);
      this.onAlert(alert);
    }
  }

  private record(key: string, point: Datapoint): void {
    // Only what an alarm reads: the functions emit many more metrics, and evaluation prunes only alarmed ones.
    if (!this.alarms.some((a) => a.key === key)) return;
    this.points.set(key, [...(this.points.get(key) ?? []), point]);
  }

  /** The longest span any alarm on `key` looks back over. */
  private retentionMs(key: string): number {
    return Math.max(...this.alarms.filter((a) => a.key === key).map((a) => a.periodMs * a.evaluationPeriods));
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
    NewStateReason: `Evaluated locally: the metric's ${(alert.statistic ?? 'Sum').toLowerCase()} over the period was ${alert.value}.`,
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
