import { Aws, Duration, Fn } from 'aws-cdk-lib';
import { AlarmStatusWidget, Dashboard, GraphWidget, Metric, TextWidget, type IAlarm, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ERROR_CATEGORIES } from '#domain/error-category';
import { BudgetMetric, Dimension, integrationName, METRICS_NAMESPACE, METRICS_SERVICE, MetricName, type BudgetedVendor } from '#ports/metrics';
import { BUDGET_ALARM_PERCENT } from './sync-alarms.ts';

/** Properties of an {@link OperationsDashboard}. */
export interface OperationsDashboardProps {
  /** The contract's active syncs: one row of widgets each. */
  readonly syncs: readonly { readonly from: string; readonly to: string; readonly object: string }[];
  /** `changes.fifo` and its dead-letter queue. */
  readonly queue: IQueue;
  readonly deadLetterQueue: IQueue;
  /** Vendors whose API calls are counted (`VendorCalls`). */
  readonly apiVendors: readonly string[];
  /** Vendors taken from a shared daily budget. */
  readonly budgetVendors: readonly BudgetedVendor[];
  /** Sources whose activities are logged in a target (`ActivitiesLogged`). */
  readonly activitySources: readonly string[];
  /** Vendors whose credential expiry and OAuth refreshes are watched. */
  readonly credentialVendors: readonly string[];
  /** Every alarm of the stack, for the status widget. */
  readonly alarms: readonly IAlarm[];
}

/** A third of the dashboard's 24 columns. */
const THIRD = 8;
const HEIGHT = 6;
/** An alarm status widget lists up to 100 alarms (CloudWatch dashboard body structure, `alarms`). */
const ALARMS_PER_WIDGET = 100;

/** A metric of Syncline's vocabulary under `service` and the given dimensions. */
function metric(metricName: MetricName, dimensions: Record<string, string> = {}, statistic = 'Sum', period = Duration.minutes(5), label?: string): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE, ...dimensions }, statistic, period, ...(label ? { label } : {}) });
}

function graph(title: string, left: Metric[], extra: Partial<ConstructorParameters<typeof GraphWidget>[0]> = {}): GraphWidget {
  return new GraphWidget({ title, left, width: THIRD, height: HEIGHT, ...extra });
}

/**
 * The operator's CloudWatch dashboard: the alarms' states first, then one row per integration (changes synced,
 * failed attempts by error category, sync latency p50/p99), the changes queue (depth, oldest change, DLQ), what
 * waits for a person (the sizes of the quarantine and the review queue, and the paused connectors, which the health
 * function measures every 5 minutes), the pipeline's counters (received, synced, retried, failed; changes entering
 * the quarantine and review), vendor calls and budget use, data quality (records enriched and matched, activities
 * logged) and credentials (days left, failed OAuth refreshes). The same series `syncline health` reads.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(12) });
    this.dashboard.addWidgets(new TextWidget({ markdown: '# Syncline operations\nAlarms, then each integration, the changes queue, vendors, data quality and credentials. `syncline health` reads the same metrics.', width: 24, height: 2 }));
    for (let i = 0; i < props.alarms.length; i += ALARMS_PER_WIDGET) {
      const alarms = props.alarms.slice(i, i + ALARMS_PER_WIDGET);
      this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...alarms], width: 24, height: 2 + Math.ceil(alarms.length / 4) }));
    }
    for (const sync of props.syncs) this.dashboard.addWidgets(...integrationRow(sync));
    this.dashboard.addWidgets(...queueRow(props.queue, props.deadLetterQueue));
    this.dashboard.addWidgets(...waitingRow());
    this.dashboard.addWidgets(...pipelineRow());
    this.dashboard.addWidgets(...vendorRow(props.apiVendors, props.budgetVendors, props.credentialVendors));
    this.dashboard.addWidgets(...qualityRow(props.activitySources, props.credentialVendors));
  }

  /** The dashboard in the CloudWatch console of the stack's region. */
  get url(): string {
    return Fn.join('', ['https://', Aws.REGION, '.console.aws.amazon.com/cloudwatch/home?region=', Aws.REGION, '#dashboards:name=', this.dashboard.dashboardName]);
  }
}

function integrationRow(sync: { from: string; to: string; object: string }): IWidget[] {
  const dims = { [Dimension.integration]: integrationName(sync.from, sync.to), [Dimension.object]: sync.object };
  const name = `${sync.from} → ${sync.to} (${sync.object})`;
  return [
    graph(`${name}: synced`, [metric(MetricName.IntegrationSynced, dims, 'Sum', undefined, 'synced')]),
    graph(`${name}: failed by category`, ERROR_CATEGORIES.map((category) => metric(MetricName.IntegrationFailed, { ...dims, [Dimension.category]: category }, 'Sum', undefined, category)), { stacked: true }),
    graph(`${name}: latency (ms)`, [metric(MetricName.SyncLatency, dims, 'p50', undefined, 'p50'), metric(MetricName.SyncLatency, dims, 'p99', undefined, 'p99')]),
  ];
}

function queueRow(queue: IQueue, dlq: IQueue): IWidget[] {
  const fiveMinutes = { period: Duration.minutes(5), statistic: 'Maximum' };
  return [
    graph('changes.fifo depth', [queue.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, label: 'waiting' }), queue.metricApproximateNumberOfMessagesNotVisible({ ...fiveMinutes, label: 'in flight' })]),
    graph('changes.fifo oldest change (s)', [queue.metricApproximateAgeOfOldestMessage({ ...fiveMinutes, label: 'oldest' })]),
    graph('changes-dlq.fifo depth', [dlq.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, label: 'dead-lettered' })]),
  ];
}

/**
 * Gauges, one value per health run (every 5 minutes): the Maximum of a 5-minute period is the size then; a gap means
 * no run measured it (the health function's own log says why).
 */
function waitingRow(): IWidget[] {
  const gauge = (name: MetricName, label: string) => metric(name, {}, 'Maximum', undefined, label);
  return [
    graph('waiting in quarantine and review', [gauge(MetricName.QuarantineSize, 'quarantined'), gauge(MetricName.ReviewSize, 'in review')], { width: 2 * THIRD }),
    graph('connectors paused', [gauge(MetricName.ConnectorsPaused, 'paused')], { leftYAxis: { min: 0, showUnits: false } }),
  ];
}

function pipelineRow(): IWidget[] {
  const sum = (name: MetricName) => metric(name, {}, 'Sum', undefined, name);
  return [
    graph('changes', [MetricName.ChangesReceived, MetricName.ChangesSynced, MetricName.SyncRetries, MetricName.SyncFailures, MetricName.ChangesDeferred].map(sum)),
    graph('entering quarantine and review', [MetricName.ChangesQuarantined, MetricName.MatchesHeldForReview, MetricName.FieldsHeldForReview].map(sum)),
    graph('ignored, echoes, duplicates', [MetricName.ChangesIgnored, MetricName.EchoesDropped, MetricName.DuplicatesSkipped].map(sum)),
  ];
}

function vendorRow(apiVendors: readonly string[], budgetVendors: readonly BudgetedVendor[], credentialVendors: readonly string[]): IWidget[] {
  return [
    graph('vendor calls', apiVendors.map((vendor) => metric(MetricName.VendorCalls, { [Dimension.vendor]: vendor }, 'Sum', undefined, vendor))),
    graph("budget used (% of Syncline's daily share)", budgetVendors.map((vendor) => metric(BudgetMetric[vendor], {}, 'Maximum', undefined, vendor)), {
      leftAnnotations: [
        { value: BUDGET_ALARM_PERCENT, label: 'alarm' },
        { value: 100, label: 'paused' },
      ],
    }),
    graph('failed OAuth refreshes', credentialVendors.map((vendor) => metric(MetricName.OAuthRefreshFailures, { [Dimension.vendor]: vendor }, 'Sum', undefined, vendor))),
  ];
}

function qualityRow(activitySources: readonly string[], credentialVendors: readonly string[]): IWidget[] {
  const hour = Duration.hours(1);
  return [
    graph('records enriched and matched (per hour)', [metric(MetricName.RecordsEnriched, {}, 'Sum', hour, 'enriched'), metric(MetricName.RecordsMatched, {}, 'Sum', hour, 'matched')]),
    graph('activities logged (per hour)', activitySources.map((source) => metric(MetricName.ActivitiesLogged, { [Dimension.source]: source }, 'Sum', hour, source))),
    graph('credential days left', credentialVendors.map((vendor) => metric(MetricName.CredentialDaysLeft, { [Dimension.vendor]: vendor }, 'Minimum', Duration.days(1), vendor)), {
      leftAnnotations: [
        { value: 7, label: 'alarm: 7 days' },
        { value: 1, label: 'alarm: 1 day' },
      ],
    }),
  ];
}
