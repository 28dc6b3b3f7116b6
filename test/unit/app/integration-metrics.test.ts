import { describe, expect, it } from 'vitest';
import { processChange } from '#app/process-change';
import type { ChangeEvent } from '#domain/change-event';
import { RetryableError, VendorPaused } from '#domain/errors';
import { Dimension, integrationName, MetricName } from '#ports/metrics';
import { processorSetup } from '#test/support/processor-setup';

const occurredAt = '2026-11-23T09:58:00Z';
const fromHubspot = (eventId: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId: '101', eventId, occurredAt, kind: 'upsert', fields: {} });
const toSalesforce = { [Dimension.integration]: integrationName('hubspot', 'salesforce'), [Dimension.object]: 'person' };

describe('processChange counts each change per integration', () => {
  it('counts a written change as synced, with its lag from the event time to the write', async () => {
    // Prepare
    const { deps, hubspotRecords, metrics } = processorSetup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace' });

    // Act
    await processChange(deps, fromHubspot('e1'));

    // Assess
    expect(metrics.values(MetricName.IntegrationSynced, toSalesforce)).toEqual([1]);
    expect(metrics.values(MetricName.SyncLatency, toSalesforce)).toEqual([deps.clock.nowMs() - Date.parse(occurredAt)]);
    expect(metrics.values(MetricName.IntegrationFailed, { ...toSalesforce, [Dimension.category]: 'vendor-5xx' })).toEqual([]);
  });

  it("counts a vendor's 5xx as a failed attempt with its category, and a repeat of a done change not at all", async () => {
    // Prepare
    const { deps, hubspotRecords, metrics } = processorSetup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace' });
    hubspotRecords.failNext = new RetryableError('HubSpot answered 503');

    // Act
    await expect(processChange(deps, fromHubspot('e1'))).rejects.toThrow(/503/);
    await processChange(deps, fromHubspot('e1'));
    await processChange(deps, fromHubspot('e1'));

    // Assess
    expect(metrics.values(MetricName.IntegrationFailed, { ...toSalesforce, [Dimension.category]: 'vendor-5xx' })).toEqual([1]);
    expect(metrics.values(MetricName.IntegrationSynced, toSalesforce)).toEqual([1]);
  });

  it("does not count a wait for a vendor's allocation as a failure", async () => {
    // Prepare
    const { deps, hubspotRecords, metrics } = processorSetup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace' });
    hubspotRecords.failNext = new VendorPaused('hubspot', Date.now() + 60_000, 'the share is spent');

    // Act
    await expect(processChange(deps, fromHubspot('e1'))).rejects.toThrow(VendorPaused);

    // Assess
    expect([...metrics.byDimensions.keys()].filter((k) => k.startsWith(MetricName.IntegrationFailed))).toEqual([]);
  });

  it('counts a quarantined change as failed with the category of its code', async () => {
    // Prepare: no LastName, which Salesforce requires.
    const { deps, hubspotRecords, metrics } = processorSetup();
    hubspotRecords.records.set('101', { email: 'ada@example.com' });

    // Act
    const result = await processChange(deps, fromHubspot('e1'));

    // Assess
    expect(result.status).toBe('quarantined');
    expect(metrics.values(MetricName.IntegrationFailed, { ...toSalesforce, [Dimension.category]: 'validation' })).toEqual([1]);
  });
});
