import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, type QueueAttributeName, type SQSClient } from '@aws-sdk/client-sqs';
import { localAlarm, seriesKey, type AlarmContext, type LocalAlarm, type SampledSeries } from './alarm-definitions.ts';
import { emfMetrics } from './metric-store.ts';
import { resourcesOfType, type CfnTemplate } from './template.ts';

/** A state change of a local alarm, as SNS would deliver it. */
export interface LocalAlert {
  alarm: string;
  state: 'ALARM' | 'OK';
  at: string;
  value: number;
  description: string;
  /** The statistic `value` is, e.g. `Sum`, `Maximum` or `p99`; `Expression` for a metric-math alarm. */
  statistic?: string;
}

/** Reads one attribute of a local queue now, e.g. `ApproximateNumberOfMessages`. */
export type QueueAttributeReader = (queueUrl: string, attribute: string) => Promise<number>;

/** The local queues whose AWS/SQS metrics are sampled, and how. */
export interface QueueSampling {
  /** `deadLetter` must be false for a queue's `ApproximateAgeOfOldestMessage` to be evaluated. */
  queues: AlarmContext['queues'];
  read: QueueAttributeReader;
  /** At most one sample per this many milliseconds. @default 1000, times the time scale when it is below 1 (at least 100) */
  everyMs?: number;
}

/** How the local alarms run. */
export interface LocalAlarmsOptions {
  /**
   * Multiplies every alarm period, so a test runs a 5-minute alarm in 5 seconds with 1/60. The oldest message's
   * age is divided by it, so an age threshold passes at the same pace as the periods. @default 1
   */
  timeScale?: number;
  /** The clock `observe` evaluates at. @default Date.now */
  clock?: () => number;
}

interface Datapoint {
  at: number;
  value: number;
}

/** Reads queue attributes from fauxqs (or any SQS); `ApproximateAgeOfOldestMessage` from fauxqs's own queue view. */
export function sqsAttributeReader(sqs: SQSClient): QueueAttributeReader {
  return async (queueUrl, attribute) => {
    if (attribute === 'ApproximateAgeOfOldestMessage') {
      // Asked of the server the client calls (a queue URL may name a host only SQS clients resolve).
      const endpoint = await sqs.config.endpoint?.();
      if (!endpoint) throw new Error('the oldest message age is read from a local SQS endpoint, and this client has none');
      return oldestMessageAgeSeconds(`${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}`, queueUrl.split('/').at(-1) ?? '');
    }
    const name = attribute as QueueAttributeName;
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [name] }));
    return Number(Attributes[name] ?? 0);
  };
}

/**
 * CloudWatch alarms on one machine: single-metric alarms and metric-math alarms (see `metric-math.ts`) over
 * Syncline's own metrics, whose data are the functions' EMF documents, and over a queue's AWS/SQS metrics, whose
 * data are samples of the local queue, as CloudWatch samples SQS. Each series is its namespace, metric and full
 * dimension set; each EMF value is one observation. Alarms on other AWS service metrics, and statistics or math
 * functions not computed here, are listed in `notEvaluated`. Each alarm takes its value in each of its last
 * `EvaluationPeriods` periods (sliding with now rather than aligned to period boundaries), is in ALARM when
 * `DatapointsToAlarm` of them breach (missing data does not, unless `TreatMissingData` is `breaching`), and reports
 * each state change once, as CloudWatch notifies SNS.
 */
export class LocalAlarms {
  readonly alerts: LocalAlert[] = [];
  readonly notEvaluated: string[] = [];
  private readonly alarms: LocalAlarm[] = [];
  private readonly points = new Map<string, Datapoint[]>();
  /** The longest span any alarm looks back over a series, by series key: only these series are kept. */
  private readonly retentionMs = new Map<string, number>();
  private readonly states = new Map<string, 'ALARM' | 'OK'>();
  private readonly sampled = new Map<string, SampledSeries>();
  private readonly timeScale: number;
  private readonly clock: () => number;
  private lastSampleAt = Number.NEGATIVE_INFINITY;
  /** The latest time evaluated: an evaluation never goes back to an earlier one. */
  private evaluatedAt = Number.NEGATIVE_INFINITY;
  private sampling: Promise<void> | undefined;

  constructor(
    template: CfnTemplate,
    private readonly onAlert: (alert: LocalAlert) => void = () => undefined,
    private readonly queues?: QueueSampling,
    options: LocalAlarmsOptions = {},
  ) {
    this.timeScale = options.timeScale ?? 1;
    this.clock = options.clock ?? Date.now;
    if (!(this.timeScale > 0 && Number.isFinite(this.timeScale))) throw new Error(`alarm time scale ${this.timeScale} is not a positive number; use 1 for real time, 1/60 to run an hour in a minute`);
    const context = { queues: queues?.queues ?? [], timeScale: this.timeScale };
    for (const [id, r] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
      const alarm = localAlarm(id, r.Properties ?? {}, context);
      if (!alarm) {
        this.notEvaluated.push(id);
        continue;
      }
      this.alarms.push(alarm);
      for (const { key } of alarm.queries.values()) this.retentionMs.set(key, Math.max(this.retentionMs.get(key) ?? 0, alarm.periodMs * alarm.evaluationPeriods));
      for (const series of alarm.sampled) this.sampled.set(series.key, series);
    }
  }

  /** Takes one log line of a function; EMF documents become datapoints, anything else is ignored. */
  observe(line: string): void {
    const metrics = emfMetrics(line, this.clock);
    if (!metrics) return;
    for (const m of metrics) {
      const key = seriesKey(m.namespace, m.name, m.dimensions);
      for (const value of m.values) this.record(key, { at: m.at, value });
    }
    this.evaluate(this.clock());
  }

  /**
   * Reads every sampled queue attribute once, at `now`, then evaluates. A queue that does not answer gives no
   * datapoint (missing data), as when CloudWatch has none.
   */
  sample(now: number): Promise<void> {
    if (this.sampling) return this.sampling;
    this.lastSampleAt = now;
    const read = this.queues?.read;
    const reads = [...this.sampled.values()].map(async ({ key, url, attribute }) => {
      const value = await read?.(url, attribute).catch(() => undefined);
      if (value === undefined || !Number.isFinite(value)) return;
      // An age passes at the pace of the scaled periods.
      this.record(key, { at: now, value: attribute === 'ApproximateAgeOfOldestMessage' ? value / this.timeScale : value });
    });
    this.sampling = Promise.all(reads).then(() => {
      this.sampling = undefined;
      this.evaluate(now);
    });
    return this.sampling;
  }

  /**
   * Re-evaluates every alarm at `now`; a change of state becomes an alert. Samples the queues when one is due. A
   * `now` earlier than one evaluated before (a queue sample that finished after newer datapoints arrived) is taken
   * as the later one: evaluating the past again would leave out those datapoints and flap the alarm.
   */
  evaluate(at: number): void {
    const now = Math.max(at, this.evaluatedAt);
    this.evaluatedAt = now;
    const everyMs = this.queues?.everyMs ?? Math.max(100, 1000 * Math.min(1, this.timeScale));
    if (this.sampled.size > 0 && !this.sampling && now - this.lastSampleAt >= everyMs) void this.sample(now).catch(() => undefined);
    for (const [key, points] of this.points) this.points.set(key, points.filter((p) => p.at > now - (this.retentionMs.get(key) ?? 0)));
    for (const alarm of this.alarms) {
      let breaching = 0;
      let latest: number | undefined;
      for (let period = 0; period < alarm.evaluationPeriods; period++) {
        const end = now - period * alarm.periodMs;
        const value = alarm.value((queryId) => {
          const query = alarm.queries.get(queryId);
          const values = (this.points.get(query?.key ?? '') ?? []).filter((p) => p.at > end - alarm.periodMs && p.at <= end).map((p) => p.value);
          return query && values.length > 0 ? query.statistic(values) : undefined;
        });
        if (period === 0) latest = value;
        if (value === undefined ? alarm.missingBreaches : alarm.breaches(value, alarm.threshold)) breaching++;
      }
      const state = breaching >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
      if (state === (this.states.get(alarm.id) ?? 'OK')) continue;
      this.states.set(alarm.id, state);
      const alert: LocalAlert = { alarm: alarm.id, state, at: new Date(now).toISOString(), value: latest ?? 0, description: alarm.description, statistic: alarm.statisticName };
      this.alerts.push(alert);
      this.onAlert(alert);
    }
  }

  private record(key: string, point: Datapoint): void {
    // Only what an alarm reads: the functions emit many more series.
    if (!this.retentionMs.has(key)) return;
    const points = this.points.get(key);
    if (points) points.push(point);
    else this.points.set(key, [point]);
  }
}

/**
 * The age in seconds of the oldest message not yet deleted from a fauxqs queue (waiting, delayed or in flight),
 * read from fauxqs's inspection route (`GET /_fauxqs/queues/<name>`), which leaves every message as it was: a
 * ReceiveMessage would hide them. As SQS's metric does, a message received three times or more no longer counts.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
export async function oldestMessageAgeSeconds(endpoint: string, queueName: string, now = Date.now()): Promise<number> {
  type Message = { sentTimestamp: number; approximateReceiveCount: number };
  const response = await fetch(`${endpoint}/_fauxqs/queues/${encodeURIComponent(queueName)}`);
  if (!response.ok) throw new Error(`${endpoint} does not show the messages of ${queueName} (HTTP ${response.status})`);
  const { messages = {} } = (await response.json()) as { messages?: { ready?: Message[]; delayed?: Message[]; inflight?: { message: Message }[] } };
  const all = [...(messages.ready ?? []), ...(messages.delayed ?? []), ...(messages.inflight ?? []).map((m) => m.message)];
  const sent = all.filter((m) => m.approximateReceiveCount < 3).map((m) => m.sentTimestamp);
  return sent.length === 0 ? 0 : Math.max(0, (now - Math.min(...sent)) / 1000);
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
    NewStateReason: `Evaluated locally: ${alert.statistic === 'Expression' ? "the expression's value" : `the metric's ${(alert.statistic ?? 'Sum').toLowerCase()}`} over the period was ${alert.value}.`,
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
