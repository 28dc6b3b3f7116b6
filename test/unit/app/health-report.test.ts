import { describe, expect, it } from 'vitest';
import { healthReport, type HealthDeps } from '#app/health-report';
import type { SyncPlan } from '#domain/mapping';
import { Dimension, integrationName, MetricName } from '#ports/metrics';
import type { QuarantineItem } from '#ports/stores';
import { LocalMetricStore } from '#local/runner/metric-store';
import { FakeClock } from '#test/support/fakes';

const NOW = Date.parse('2026-12-07T15:30:20Z');
const MIN = 60_000;

/** Two integrations from HubSpot's contacts and one from Outreach's prospects. */
const plan: Pick<SyncPlan, 'syncs' | 'objects'> = {
  syncs: [
    { object: 'person', from: 'hubspot', to: 'salesforce' },
    { object: 'person', from: 'hubspot', to: 'outreach' },
    { object: 'activity', from: 'outreach', to: 'salesforce' },
  ],
  objects: {
    person: { systems: { hubspot: { objects: ['contacts'] }, salesforce: { objects: ['Contact', 'Lead'] }, outreach: { objects: ['prospect'] } } },
    activity: { systems: { outreach: { objects: ['mailing', 'call'] }, salesforce: { objects: ['Task'] } } },
  } as unknown as SyncPlan['objects'],
};

const hsToSf = { [Dimension.integration]: integrationName('hubspot', 'salesforce'), [Dimension.object]: 'person' };
const hsToOr = { [Dimension.integration]: integrationName('hubspot', 'outreach'), [Dimension.object]: 'person' };
const received = { [Dimension.source]: 'hubspot', [Dimension.sourceObject]: 'contacts' };

function depsWith(metrics: LocalMetricStore, more: Partial<HealthDeps> = {}): HealthDeps {
  return {
    plan,
    metrics,
    queues: { changes: async () => ({ waiting: 3, inFlight: 1 }), deadLetter: async () => ({ waiting: 2, inFlight: 0 }) },
    quarantine: { list: async () => [] },
    reviews: { list: async () => [] },
    titleOf: (v) => ({ hubspot: 'HubSpot', salesforce: 'Salesforce', outreach: 'Outreach' })[v] ?? v,
    clock: new FakeClock(NOW),
    ...more,
  };
}

const quarantined = (code: string, minutesAgo: number, reason = `${code} on a field`): QuarantineItem =>
  ({ id: `q-${code}-${minutesAgo}`, at: new Date(NOW - minutesAgo * MIN).toISOString(), code, reason, attempts: 1, event: { source: 'hubspot', objectType: 'contacts', sourceId: '1', eventId: 'e', occurredAt: '', kind: 'upsert', fields: {} } }) as unknown as QuarantineItem;

describe('healthReport', () => {
  it('shows an integration with traffic and no failures as Active, with its last sync, lag and counts', async () => {
    // Prepare
    const metrics = new LocalMetricStore();
    metrics.add(MetricName.ChangesReceivedFrom, received, NOW - 4 * MIN, [10]);
    metrics.add(MetricName.IntegrationSynced, hsToSf, NOW - 3 * MIN, [10]);
    metrics.add(MetricName.SyncLatency, hsToSf, NOW - 3 * MIN, [100, 200, 300, 400, 5_000]);

    // Act
    const report = await healthReport(depsWith(metrics));

    // Assess
    const row = report.integrations.find((i) => i.integration === 'hubspot>salesforce');
    expect(row).toMatchObject({ title: 'HubSpot → Salesforce', object: 'person', status: 'Active', received: 10, synced: 10, failed: 0, errorRate: 0, latencyMs: { p50: 300, p99: 5_000 } });
    expect(Date.parse(row?.lastSyncAt ?? '')).toBeGreaterThanOrEqual(NOW - 3 * MIN);
    expect(Date.parse(row?.lastSyncAt ?? '')).toBeLessThanOrEqual(NOW);
    expect(report.queues).toEqual({ changes: { waiting: 3, inFlight: 1 }, deadLetter: { waiting: 2 } });
  });

  it('turns Degraded above 1% failures in the last hour, naming the categories, and not for failures older than that', async () => {
    // Prepare
    const metrics = new LocalMetricStore();
    metrics.add(MetricName.IntegrationSynced, hsToSf, NOW - 10 * MIN, [95]);
    metrics.add(MetricName.IntegrationFailed, { ...hsToSf, [Dimension.category]: 'vendor-5xx' }, NOW - 9 * MIN, [4]);
    metrics.add(MetricName.IntegrationFailed, { ...hsToSf, [Dimension.category]: 'rate-limit' }, NOW - 9 * MIN, [1]);
    metrics.add(MetricName.IntegrationSynced, hsToOr, NOW - 10 * MIN, [100]);
    metrics.add(MetricName.IntegrationFailed, { ...hsToOr, [Dimension.category]: 'vendor-5xx' }, NOW - 90 * MIN, [50]);

    // Act
    const report = await healthReport(depsWith(metrics));

    // Assess
    const [toSalesforce, toOutreach] = report.integrations;
    expect(toSalesforce).toMatchObject({ status: 'Degraded', synced: 95, failed: 5, errorRate: 0.05 });
    expect(toSalesforce?.errors).toEqual(expect.arrayContaining([{ category: 'vendor-5xx', count: 4 }, { category: 'rate-limit', count: 1 }]));
    expect(toSalesforce?.reason).toMatch(/5\.0% .*4 vendor-5xx/);
    expect(toOutreach).toMatchObject({ status: 'Active', failed: 0 });
    expect(report.recentErrors[0]).toMatchObject({ where: 'hubspot>salesforce', category: 'vendor-5xx', count: 4 });
    expect(report.series.points.reduce((a, p) => a + p.failed, 0)).toBe(55);
  });

  it('turns Stopped when changes arrived in the window and none went through nor failed, and Active again once one does', async () => {
    // Prepare
    const metrics = new LocalMetricStore();
    metrics.add(MetricName.IntegrationSynced, hsToSf, NOW - 40 * MIN, [5]);
    metrics.add(MetricName.ChangesReceivedFrom, received, NOW - 8 * MIN, [3]);
    const deps = depsWith(metrics);

    // Act
    const stopped = await healthReport(deps);
    metrics.add(MetricName.IntegrationSynced, hsToSf, NOW - 1 * MIN, [3]);
    const recovered = await healthReport(deps);

    // Assess
    expect(stopped.integrations.slice(0, 2).map((i) => i.status)).toEqual(['Stopped', 'Stopped']);
    expect(stopped.integrations[0]?.reason).toMatch(/none went through/);
    // Outreach's activities had no traffic: quiet, not stopped.
    expect(stopped.integrations[2]?.status).toBe('Active');
    expect(recovered.integrations[0]?.status).toBe('Active');
  });

  it('stays Stopped past the window while the queue does not drain: its oldest change waits longer than the window and nothing went through', async () => {
    // Prepare: the last change arrived 40 minutes ago, older than the 15-minute window, and still waits.
    const metrics = new LocalMetricStore();
    metrics.add(MetricName.IntegrationSynced, hsToSf, NOW - 90 * MIN, [5]);
    metrics.add(MetricName.ChangesReceivedFrom, received, NOW - 40 * MIN, [2]);
    const waiting = (oldestAgeSec: number) => depsWith(metrics, { queues: { changes: async () => ({ waiting: 2, inFlight: 0, oldestAgeSec }), deadLetter: async () => ({ waiting: 0, inFlight: 0 }) } });

    // Act
    const stuck = await healthReport(waiting(40 * 60));
    const drained = await healthReport(depsWith(metrics, { queues: { changes: async () => ({ waiting: 0, inFlight: 0 }), deadLetter: async () => ({ waiting: 0, inFlight: 0 }) } }));

    // Assess
    expect(stuck.integrations.slice(0, 2).map((i) => i.status)).toEqual(['Stopped', 'Stopped']);
    expect(stuck.integrations[0]?.reason).toMatch(/oldest queued change has waited 40 min and none of this integration's went through since/);
    // Outreach had no change among those waiting.
    expect(stuck.integrations[2]?.status).toBe('Active');
    // An empty queue and an old arrival: quiet, not stopped.
    expect(drained.integrations[0]?.status).toBe('Active');
  });

  it("keeps Active an integration that went through after the queue's oldest change arrived: another integration's change is the one waiting", async () => {
    // Prepare: HubSpot → Salesforce received and synced 25 and 24 minutes ago; the oldest change (30 min) is another's.
    const metrics = new LocalMetricStore();
    metrics.add(MetricName.ChangesReceivedFrom, received, NOW - 25 * MIN, [1]);
    metrics.add(MetricName.IntegrationSynced, hsToSf, NOW - 24 * MIN, [1]);
    const deps = depsWith(metrics, { queues: { changes: async () => ({ waiting: 1, inFlight: 0, oldestAgeSec: 30 * 60 }), deadLetter: async () => ({ waiting: 0, inFlight: 0 }) } });

    // Act
    const report = await healthReport(deps);

    // Assess
    expect(report.integrations[0]?.status).toBe('Active');
  });

  it('turns Stopped for a paused connector and says how to resume it', async () => {
    // Act
    const report = await healthReport(depsWith(new LocalMetricStore(), { paused: async () => ['outreach'] }));

    // Assess
    expect(report.integrations.map((i) => i.status)).toEqual(['Active', 'Stopped', 'Stopped']);
    expect(report.integrations[1]?.reason).toMatch(/syncline resume outreach/);
    expect(report.paused).toEqual(['outreach']);
  });

  it("groups the last hour's quarantined changes by source and code with a hint, and counts only today's data quality", async () => {
    // Prepare
    const metrics = new LocalMetricStore();
    const midnight = Date.parse('2026-12-07T00:00:00Z');
    metrics.add(MetricName.RecordsEnriched, {}, midnight - MIN, [100]);
    metrics.add(MetricName.RecordsEnriched, {}, midnight + MIN, [150]);
    metrics.add(MetricName.ActivitiesLogged, { [Dimension.source]: 'outreach' }, NOW - 5 * MIN, [2_340]);
    metrics.add(MetricName.RecordsMatched, {}, NOW - 5 * MIN, [12]);
    const items = [quarantined('STRING_TOO_LONG', 5), quarantined('STRING_TOO_LONG', 20), quarantined('AUTH_FAILED', 30), quarantined('STRING_TOO_LONG', 120)];

    // Act
    const report = await healthReport(depsWith(metrics, { quarantine: { list: async () => items } }));

    // Assess
    expect(report.recentErrors).toEqual([
      { where: 'hubspot', category: 'validation', code: 'STRING_TOO_LONG', count: 2, example: 'STRING_TOO_LONG on a field', hint: expect.stringMatching(/quarantine list/) },
      { where: 'hubspot', category: 'auth', code: 'AUTH_FAILED', count: 1, example: 'AUTH_FAILED on a field', hint: expect.stringMatching(/credential/) },
    ]);
    expect(report.quarantined).toBe(4);
    expect(report.dataQuality).toMatchObject({ enriched: 150, duplicatesPrevented: 12, activitiesLogged: [{ source: 'outreach', count: 2_340 }] });
  });

  it('keeps Active a change that arrived a moment ago and is on its way, and failures below three in the hour', async () => {
    // Prepare
    const metrics = new LocalMetricStore();
    metrics.add(MetricName.ChangesReceivedFrom, received, NOW - 20_000, [1]);
    metrics.add(MetricName.IntegrationSynced, hsToSf, NOW - 30 * MIN, [8]);
    metrics.add(MetricName.IntegrationFailed, { ...hsToSf, [Dimension.category]: 'timeout' }, NOW - 20 * MIN, [2]);

    // Act
    const report = await healthReport(depsWith(metrics));

    // Assess: 2 failed of 10 is 20%, but two timeouts are not yet a failing integration.
    expect(report.integrations[0]).toMatchObject({ status: 'Active', failed: 2, errorRate: 0.2 });
  });

  it("shows each enabled vendor's calls in the last day and a budgeted one's share used", async () => {
    // Prepare
    const metrics = new LocalMetricStore();
    metrics.add(MetricName.VendorCalls, { [Dimension.vendor]: 'salesforce' }, NOW - 3 * 3_600_000, [120]);
    metrics.add(MetricName.VendorCalls, { [Dimension.vendor]: 'zoominfo' }, NOW - 30 * MIN, [25]);
    metrics.add(MetricName.VendorCalls, { [Dimension.vendor]: 'zoominfo' }, NOW - 30 * 3_600_000, [999]);
    metrics.add(MetricName.SalesforceBudgetUsed, {}, NOW - 10 * MIN, [12, 14]);

    // Act
    const report = await healthReport(depsWith(metrics, { vendors: ['salesforce', 'hubspot', 'zoominfo'], budgeted: ['salesforce', 'hubspot'] }));

    // Assess: HubSpot made no call and has no usage yet; ZoomInfo's call of yesterday is not in the last day.
    expect(report.quota).toEqual([
      { vendor: 'salesforce', calls24h: 120, usedPercent: 14 },
      { vendor: 'zoominfo', calls24h: 25 },
    ]);
  });
});

