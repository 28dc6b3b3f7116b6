import { z } from 'zod';
import { PermanentError } from '#domain/errors';
import type { AlertSeverity, SlackAlert } from './alert.ts';

/**
 * The JSON CloudWatch publishes to SNS on an alarm's state change (the SNS record's `Message`). Only the keys read
 * here are named; the rest (AWSAccountId, Trigger.Dimensions, metric-math `Metrics`…) are ignored.
 */
const AlarmMessage = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: z.string().nullish(),
  AlarmArn: z.string().optional(),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  OldStateValue: z.string().optional(),
  NewStateReason: z.string().default(''),
  StateChangeTime: z.string().min(1),
  Trigger: z
    .object({
      MetricName: z.string().optional(),
      Namespace: z.string().optional(),
      Threshold: z.number().optional(),
      ComparisonOperator: z.string().optional(),
      Period: z.number().optional(),
      EvaluationPeriods: z.number().optional(),
    })
    .optional(),
});
type AlarmMessage = z.infer<typeof AlarmMessage>;

/**
 * The alarms Syncline's stack defines, recognised by their construct id inside the generated alarm name
 * (`<stack>-<LogicalId><hash>-<suffix>`; the local runner reports the logical id itself). Order matters: first match.
 */
const KNOWN: ReadonlyArray<{ pattern: RegExp; title: (m: RegExpExecArray) => string; severity: AlertSeverity }> = [
  { pattern: /SyncStoppageAlarm/, title: () => 'Sync stopped', severity: 'critical' },
  { pattern: /DlqDepthAlarm/, title: () => 'Changes are waiting in the dead-letter queue', severity: 'critical' },
  { pattern: /Webhook-?([A-Za-z0-9]+?)ErrorAlarm/, title: (m) => `The ${m[1] ?? ''} webhook function is failing`, severity: 'critical' },
  { pattern: /Poller-?([A-Za-z0-9]+?)ErrorAlarm/, title: (m) => `The ${m[1] ?? ''} poller is failing`, severity: 'warning' },
  { pattern: /FailureSpikeAlarm/, title: () => 'Changes are failing permanently', severity: 'warning' },
  { pattern: /InfrastructureErrorsAlarm/, title: () => 'DynamoDB or SQS is failing the processor', severity: 'critical' },
  { pattern: /SoftDeleteBurstAlarm/, title: () => 'Records were deleted in bulk', severity: 'warning' },
  { pattern: /EnrichmentFailingAlarm/, title: () => 'Enrichment lookups are failing', severity: 'warning' },
];

function classify(name: string): { title: string; severity: AlertSeverity } {
  for (const known of KNOWN) {
    const m = known.pattern.exec(name);
    if (m) return { title: known.title(m), severity: known.severity };
  }
  return { title: name, severity: 'warning' };
}

/** The console link, when the alarm ARN gives the region (the message's `Region` is a display name, not a code). */
function consoleLink(alarm: AlarmMessage): string | undefined {
  const region = /^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):/.exec(alarm.AlarmArn ?? '')?.[1];
  if (!region) return undefined;
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarm.AlarmName)}`;
}

function detailsOf(alarm: AlarmMessage): Record<string, string> {
  const t = alarm.Trigger;
  const details: Record<string, string> = { Alarm: alarm.AlarmName, State: `${alarm.OldStateValue ?? '?'} → ${alarm.NewStateValue}`, Since: alarm.StateChangeTime };
  if (t?.MetricName) details['Metric'] = t.Namespace ? `${t.Namespace} ${t.MetricName}` : t.MetricName;
  else if (t) details['Metric'] = 'metric math';
  if (t?.ComparisonOperator !== undefined && t.Threshold !== undefined) details['Threshold'] = `${t.ComparisonOperator} ${t.Threshold}`;
  if (alarm.NewStateReason) details['Reason'] = alarm.NewStateReason;
  return details;
}

/**
 * Turns a CloudWatch alarm notification (the SNS message, as a JSON string or parsed) into a Slack alert. ALARM
 * takes the severity of the alarm it is (stoppage, dead letters and webhook failures are critical); OK is a
 * recovery; INSUFFICIENT_DATA is info. The message carries metric names, states and thresholds only, no records.
 * @throws PermanentError `INVALID_ALARM_MESSAGE` when it is not an alarm notification.
 */
export function alertFromCloudWatchAlarm(message: unknown): SlackAlert {
  let input = message;
  if (typeof message === 'string') {
    try {
      input = JSON.parse(message);
    } catch {
      throw new PermanentError('INVALID_ALARM_MESSAGE', 'The SNS message is not JSON; expected a CloudWatch alarm notification.');
    }
  }
  const parsed = AlarmMessage.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PermanentError('INVALID_ALARM_MESSAGE', `The SNS message is not a CloudWatch alarm notification: ${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}.`);
  }
  const alarm = parsed.data;
  const { title, severity } = classify(alarm.AlarmName);
  const state = alarm.NewStateValue;
  const link = consoleLink(alarm);
  return {
    title: state === 'OK' ? `Resolved: ${title}` : title,
    severity: state === 'OK' ? 'ok' : state === 'INSUFFICIENT_DATA' ? 'info' : severity,
    summary: alarm.AlarmDescription || alarm.NewStateReason || `${alarm.AlarmName} is ${state}.`,
    details: detailsOf(alarm),
    ...(link ? { link } : {}),
  };
}
