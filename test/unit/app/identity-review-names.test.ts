import { describe, expect, it } from 'vitest';
import { processChange } from '#app/process-change';
import type { ChangeEvent } from '#domain/change-event';
import { processorSetup } from '#test/support/processor-setup';

const change = (id: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId: id, eventId: `e${id}`, occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} });

describe('identity reviews name the record they hold', () => {
  it('stores the held record\'s names and e-mail with the review, for the review list', async () => {
    // Prepare: Ada synced from HubSpot; a second HubSpot contact with her e-mail is the same person, twice in one system.
    const { deps, hubspotRecords, reviews } = processorSetup();
    hubspotRecords.records.set('1', { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com' });
    hubspotRecords.records.set('2', { firstname: 'Augusta Ada', lastname: 'King', email: 'ADA@example.com', jobtitle: 'Countess' });
    await processChange(deps, change('1'));

    // Act
    const result = await processChange(deps, change('2'));

    // Assess
    expect(result).toMatchObject({ status: 'held-for-review', code: 'DUPLICATE_IN_SOURCE' });
    expect((await reviews.list())[0]?.identity?.subject).toEqual({ firstName: 'Augusta Ada', lastName: 'King', email: 'ada@example.com' });
  });
});
