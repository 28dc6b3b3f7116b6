import { describe, expect, it } from 'vitest';
import { prefetchBatch } from '#app/prefetch-batch';
import { processChange } from '#app/process-change';
import { RetryableError } from '#domain/errors';
import type { ChangeEvent } from '#domain/change-event';
import { processorSetup } from '#test/support/processor-setup';

const setup = processorSetup;

let n = 0;
const change = (sourceId: string, kind: ChangeEvent['kind'] = 'upsert', source = 'hubspot', objectType = 'contacts'): ChangeEvent => ({
  source,
  objectType,
  sourceId,
  eventId: `e${++n}`,
  occurredAt: new Date(Date.parse('2026-11-23T09:00:00Z') + n * 1000).toISOString(),
  kind,
  fields: {},
});

describe('prefetchBatch', () => {
  it('reads the batch’s links and entities in one batch read, and a second change of an entity sees the first one’s write', async () => {
    const { deps, hubspotRecords, salesforce, state } = setup();
    hubspotRecords.records.set('1', { email: 'p1@example.com', lastname: 'One' });
    await processChange(deps, change('1'));
    hubspotRecords.records.set('1', { email: 'p1@example.com', lastname: 'Uno' });
    const events = [change('1'), change('1')];

    const batchDeps = await prefetchBatch(deps, events);
    const first = await processChange(batchDeps, events[0]!);
    hubspotRecords.records.set('1', { email: 'p1@example.com', lastname: 'Eins' });
    const second = await processChange(batchDeps, events[1]!);

    expect(state.batchReads).toBe(1);
    expect([first.status, second.status]).toEqual(['synced', 'synced']);
    expect(salesforce.updates.map((u) => u.records[0]?.fields['LastName'])).toEqual(['Uno', 'Eins']);
    expect((await state.getEntity('hubspot:contacts:1'))?.version).toBe(3);
  });

  it('fails with a retryable error when the entity changed elsewhere after the batch read it', async () => {
    const { deps, hubspotRecords, state } = setup();
    hubspotRecords.records.set('1', { email: 'p1@example.com', lastname: 'One' });
    await processChange(deps, change('1'));
    hubspotRecords.records.set('1', { email: 'p1@example.com', lastname: 'Uno' });
    const event = change('1');

    const batchDeps = await prefetchBatch(deps, [event]);
    const elsewhere = await state.getEntity('hubspot:contacts:1');
    await state.putEntity(elsewhere!);

    await expect(processChange(batchDeps, event)).rejects.toBeInstanceOf(RetryableError);
  });

  it('takes a record that syncs out of quarantine, and costs no delete for records that were never in it', async () => {
    const { deps, hubspotRecords, quarantine } = setup();
    hubspotRecords.records.set('1', { email: 'p1@example.com' });
    hubspotRecords.records.set('2', { email: 'p2@example.com', lastname: 'Two' });
    const [missingLastName, fine] = [change('1'), change('2')];
    expect(await processChange(deps, missingLastName)).toMatchObject({ status: 'quarantined' });
    hubspotRecords.records.set('1', { email: 'p1@example.com', lastname: 'One' });
    const removalsBefore = quarantine.removals;

    const batchDeps = await prefetchBatch(deps, [change('1'), fine]);
    await processChange(batchDeps, change('1'));
    await processChange(batchDeps, fine);

    expect(await quarantine.list()).toEqual([]);
    expect(quarantine.removals - removalsBefore).toBe(1);
  });
});
