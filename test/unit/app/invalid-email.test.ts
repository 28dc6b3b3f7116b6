import { describe, expect, it } from 'vitest';
import { processChange } from '#app/process-change';
import type { ChangeEvent } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import { refusedTargetValue } from '#domain/target-values';
import { MemoryWriter } from '#test/support/fakes';
import { processorSetup } from '#test/support/processor-setup';

const fromHubspot = (eventId: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId: '101', eventId, occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} });

describe('an e-mail address the target would refuse', () => {
  it('quarantines the change with INVALID_EMAIL naming the canonical and the target field, writing nothing', async () => {
    // Prepare: HubSpot holds an address Salesforce refuses (an underscore in the domain).
    const { deps, hubspotRecords, salesforce, audit, quarantine } = processorSetup();
    hubspotRecords.records.set('101', { email: 'ada@analytical_engines.example', lastname: 'Lovelace' });

    // Act
    const result = await processChange(deps, fromHubspot('e1'));

    // Assess
    expect(result).toMatchObject({ status: 'quarantined', id: 'hubspot:contacts:101', code: 'INVALID_EMAIL' });
    const reason = result.status === 'quarantined' ? result.reason : '';
    expect(reason).toBe('salesforce would refuse person.email (Contact.Email) as an e-mail address: the domain has a character other than letters, digits, - and dots; correct it in the source, then retry');
    expect(reason).not.toContain('ada@');
    expect(salesforce.calls).toEqual([]);
    expect(salesforce.updates).toEqual([]);
    expect(audit.entries).toEqual([]);
    expect(await quarantine.list()).toEqual([expect.objectContaining({ code: 'INVALID_EMAIL' })]);
  });

  it('rejects for HubSpot an address only Salesforce takes (a.. in the local part), writing nothing to HubSpot', async () => {
    // Prepare: a Salesforce contact whose address follows Salesforce's Japanese-provider exception.
    const { deps, salesforceRecords, hubspot, quarantine } = processorSetup();
    salesforceRecords.records.set('003000000000000009', { Email: 'a..a@test.jp', LastName: 'Tanaka' });
    const event: ChangeEvent = { source: 'salesforce', objectType: 'Contact', sourceId: '003000000000000009', eventId: 's1', occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} };

    // Act
    const result = await processChange(deps, event);

    // Assess
    expect(result).toMatchObject({ status: 'quarantined', code: 'INVALID_EMAIL', reason: expect.stringMatching(/^hubspot would refuse person\.email \(contacts\.email\) as an e-mail address: the local part ends with a dot or has two dots in a row/) });
    expect(hubspot.calls).toEqual([]);
    expect(hubspot.updates).toEqual([]);
    expect((await quarantine.list())[0]?.reason).not.toContain('a..a@test.jp');
  });

  it('writes no target at all when one of them would refuse the address, whichever is written first', async () => {
    // Prepare: Salesforce's address goes to HubSpot (which refuses it) and to Outreach (which takes what either CRM takes).
    const { deps, salesforceRecords, hubspot, quarantine } = processorSetup({ enable: ['hubspot', 'salesforce', 'outreach'] });
    const outreach = new MemoryWriter('7');
    deps.writers['outreach'] = outreach;
    // Outreach first: it takes the address, so only a check before every write keeps it unwritten.
    deps.plan = { ...deps.plan, syncs: [...deps.plan.syncs].sort((a, b) => Number(b.to === 'outreach') - Number(a.to === 'outreach')) };
    salesforceRecords.records.set('003000000000000009', { Email: 'a..a@test.jp', LastName: 'Tanaka' });
    const event: ChangeEvent = { source: 'salesforce', objectType: 'Contact', sourceId: '003000000000000009', eventId: 's2', occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} };

    // Act
    const result = await processChange(deps, event);

    // Assess: quarantined before the first write, so no record exists anywhere without its link.
    expect(result).toMatchObject({ status: 'quarantined', code: 'INVALID_EMAIL' });
    expect(outreach.calls).toEqual([]);
    expect(hubspot.calls).toEqual([]);
    expect(await quarantine.list()).toHaveLength(1);
  });

  it('writes a valid address as before', async () => {
    const { deps, hubspotRecords, salesforce } = processorSetup();
    hubspotRecords.records.set('101', { email: 'Ada.Lovelace+crm@Example.com', lastname: 'Lovelace' });

    const result = await processChange(deps, fromHubspot('e1'));

    expect(result).toMatchObject({ status: 'synced' });
    expect(salesforce.calls[0]?.records[0]?.fields).toMatchObject({ Email: 'ada.lovelace+crm@example.com' });
  });

  it('is a PermanentError, so the processor quarantines it rather than retrying', () => {
    const mapping = processorSetup().deps.plan.objects['person'];
    if (!mapping) throw new Error('the shipped contract has a person object');

    const refused = refusedTargetValue(mapping, 'person', 'hubspot', 'contacts', { email: 'ada@', lastname: 'Lovelace' });

    expect(refused).toBeInstanceOf(PermanentError);
    expect(refused).toMatchObject({ code: 'INVALID_EMAIL', message: expect.stringMatching(/^hubspot would refuse person\.email \(contacts\.email\) as an e-mail address: the domain \(after the @\) is empty/) });
    expect(refusedTargetValue(mapping, 'person', 'hubspot', 'contacts', { email: 'ada@example.com', lastname: 'Lovelace' })).toBeUndefined();
  });
});
