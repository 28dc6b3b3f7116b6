import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processChange, type ProcessChangeDeps } from '#app/process-change';
import type { ChangeEvent } from '#domain/change-event';
import { PermanentError, RetryableError } from '#domain/errors';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { MetricName } from '#ports/metrics';
import { CountingMetrics, FakeClock, MemoryAudit, MemoryIdempotency, MemoryReader, MemoryState, MemoryWriter } from '#test/support/fakes';

function setup() {
  const hubspot = new MemoryReader();
  const salesforce = new MemoryWriter();
  const audit = new MemoryAudit();
  const metrics = new CountingMetrics();
  const deps: ProcessChangeDeps = {
    plan: toSyncPlan(loadContract('syncline.yaml')),
    readers: { hubspot },
    writers: { salesforce },
    idempotency: new MemoryIdempotency(),
    state: new MemoryState(),
    audit,
    metrics,
    clock: new FakeClock(),
  };
  return { deps, hubspot, salesforce, audit, metrics };
}

const change = (eventId: string, sourceId = '101'): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} });

describe('processChange', () => {
  it('reads the HubSpot contact, upserts the mapped Salesforce Contact by HubSpot id, and audits each field', async () => {
    const { deps, hubspot, salesforce, audit, metrics } = setup();
    hubspot.records.set('101', { email: ' Ada@Example.com', firstname: 'Ada', lastname: 'Lovelace', hubspotscore: '77' });

    const result = await processChange(deps, change('e1'));

    expect(result).toMatchObject({ status: 'synced', writes: [{ target: 'salesforce', created: true }] });
    expect(salesforce.calls).toEqual([{ objectType: 'Contact', externalIdField: 'HubSpot_Id__c', records: [{ externalId: '101', fields: { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', HubSpot_Lead_Score__c: 77 } }] }]);
    expect(audit.entries.map((e) => [e.field, e.before, e.after])).toEqual([
      ['Email', null, 'ada@example.com'],
      ['FirstName', null, 'Ada'],
      ['HubSpot_Lead_Score__c', null, 77],
      ['LastName', null, 'Lovelace'],
    ]);
    expect(audit.entries[0]).toMatchObject({ recordKey: 'salesforce:Contact:003000000000000001', sourceKey: 'hubspot:contacts:101', actor: 'syncline', eventId: 'hubspot:e1' });
    expect(metrics.of(MetricName.RecordsWritten)).toBe(1);
  });

  it('sends only changed fields on later changes, with before and after in the audit', async () => {
    const { deps, hubspot, salesforce, audit } = setup();
    hubspot.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', hubspotscore: '10' });
    await processChange(deps, change('e1'));
    hubspot.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', hubspotscore: '35' });

    await processChange(deps, change('e2'));

    expect(salesforce.calls[1]?.records).toEqual([{ externalId: '101', fields: { HubSpot_Lead_Score__c: 35 } }]);
    expect(audit.entries.at(-1)).toMatchObject({ field: 'HubSpot_Lead_Score__c', before: 10, after: 35 });
  });

  it('fills fields Salesforce owns when it creates the record, and never overwrites them afterwards', async () => {
    const { deps, hubspot, salesforce, metrics } = setup();
    hubspot.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', jobtitle: 'Analyst', hubspotscore: '10' });
    await processChange(deps, change('e1'));
    expect(salesforce.calls[0]?.records[0]?.fields).toMatchObject({ Email: 'ada@example.com', LastName: 'Lovelace', Title: 'Analyst' });

    hubspot.records.set('101', { email: 'ada@elsewhere.example', lastname: 'King', jobtitle: 'Director', hubspotscore: '10' });
    const result = await processChange(deps, change('e2'));

    expect(result).toEqual({ status: 'synced', writes: [], unchanged: ['salesforce'] });
    expect(salesforce.calls).toHaveLength(1);
    expect(metrics.of(MetricName.FieldsIgnoredNotOwner)).toBe(3);
  });

  it('makes no call when nothing changed since the last write', async () => {
    const { deps, hubspot, salesforce } = setup();
    hubspot.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace' });
    await processChange(deps, change('e1'));
    const result = await processChange(deps, change('e2'));
    expect(result).toEqual({ status: 'synced', writes: [], unchanged: ['salesforce'] });
    expect(salesforce.calls).toHaveLength(1);
  });

  it('treats a redelivered event as a no-op that reads and writes nothing', async () => {
    const { deps, hubspot, salesforce, metrics } = setup();
    hubspot.records.set('101', { lastname: 'Lovelace', hubspotscore: '1' });
    await processChange(deps, change('e1'));
    hubspot.records.set('101', { lastname: 'Lovelace', hubspotscore: '2' });

    expect(await processChange(deps, change('e1'))).toEqual({ status: 'duplicate' });
    expect(salesforce.calls).toHaveLength(1);
    expect(metrics.of(MetricName.DuplicatesSkipped)).toBe(1);
  });

  it('fails with a retryable error on a vendor 429 and lets the retry process the event', async () => {
    const { deps, hubspot, salesforce } = setup();
    hubspot.records.set('101', { lastname: 'Lovelace' });
    salesforce.nextResult = new RetryableError('rate limited', { retryAfterMs: 1000 });

    await expect(processChange(deps, change('e1'))).rejects.toBeInstanceOf(RetryableError);
    const retried = await processChange(deps, change('e1'));

    expect(retried).toMatchObject({ status: 'synced', writes: [{ created: true }] });
    expect(salesforce.records.get('101')).toMatchObject({ LastName: 'Lovelace' });
  });

  it('fails permanently when the target requires a field the record lacks, writing nothing', async () => {
    const { deps, hubspot, salesforce, audit } = setup();
    hubspot.records.set('101', { email: 'no-last-name@example.com' });
    await expect(processChange(deps, change('e1'))).rejects.toMatchObject({ name: 'PermanentError', code: 'REQUIRED_FIELD_MISSING' });
    expect(salesforce.calls).toEqual([]);
    expect(audit.entries).toEqual([]);
  });

  it('turns a per-record refusal into a permanent or retryable error by its code', async () => {
    const { deps, hubspot, salesforce } = setup();
    hubspot.records.set('101', { lastname: 'L' });
    salesforce.nextResult = { ok: false, code: 'INVALID_FIELD', message: 'No such column', retryable: false };
    await expect(processChange(deps, change('e1'))).rejects.toBeInstanceOf(PermanentError);
    salesforce.nextResult = { ok: false, code: 'UNABLE_TO_LOCK_ROW', message: 'locked', retryable: true };
    await expect(processChange(deps, change('e1'))).rejects.toBeInstanceOf(RetryableError);
  });

  it('never propagates a delete, and ignores objects and systems the contract does not sync', async () => {
    const { deps, salesforce } = setup();
    expect(await processChange(deps, { ...change('d1'), kind: 'delete' })).toEqual({ status: 'ignored', reason: 'not-propagated' });
    expect(await processChange(deps, { ...change('t1'), objectType: 'tickets' })).toEqual({ status: 'ignored', reason: 'no-mapping' });
    expect(await processChange(deps, change('gone', '999'))).toEqual({ status: 'ignored', reason: 'source-record-gone' });
    expect(salesforce.calls).toEqual([]);
  });

  it('for any sequence of deliveries with duplicates, writes each distinct change once and ends with the latest value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('10', '20', '30'), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 8 }), async (edits) => {
        const { deps, hubspot, salesforce } = setup();
        let expectedWrites = 0;
        let last: string | undefined;
        for (const [i, [score, deliveries]] of edits.entries()) {
          hubspot.records.set('101', { lastname: 'Lovelace', hubspotscore: score });
          if (score !== last) expectedWrites++;
          last = score;
          for (let d = 0; d < deliveries; d++) await processChange(deps, change(`e${i}`));
        }
        expect(salesforce.calls).toHaveLength(expectedWrites);
        expect(salesforce.records.get('101')?.['HubSpot_Lead_Score__c']).toBe(Number(last));
      }),
      { numRuns: 300 },
    );
  });
});
