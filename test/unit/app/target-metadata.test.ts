import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processChange } from '#app/process-change';
import { cachedFields, FIELDS_TTL_MS, FRESH_MIN_AGE_MS } from '#adapters/vendors/cached-fields';
import type { ChangeEvent } from '#domain/change-event';
import { refusedByTargetFields } from '#domain/target-values';
import type { TargetField } from '#ports/crm';
import { processorSetup } from '#test/support/processor-setup';

const fromHubspot = (eventId: string, sourceId = '101'): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} });

/** Contact's fields as a Salesforce describe reports them: Title holds 128 characters, a restricted lifecycle picklist. */
const CONTACT: Record<string, TargetField> = {
  LastName: { type: 'string', length: 80, writable: true },
  Title: { type: 'string', length: 128, writable: true },
  Email: { type: 'email', length: 80, writable: true },
  HubSpot_Lifecycle_Stage__c: { type: 'picklist', length: 255, allowed: ['Subscriber', 'Lead', 'MQL', 'SQL', 'Opportunity', 'Customer'], writable: true },
};

/** The processor, its Salesforce writer answering `fields` from CONTACT and counting the reads. */
function withMetadata() {
  const setup = processorSetup();
  const reads: string[] = [];
  setup.salesforce.fields = async (objectType: string) => {
    reads.push(objectType);
    return objectType === 'Contact' ? CONTACT : {};
  };
  return { ...setup, reads };
}

describe("values checked against the target's metadata before a write", () => {
  it('quarantines a title longer than Salesforce holds with VALUE_TOO_LONG naming the fields and the limit, writing nothing', async () => {
    const { deps, hubspotRecords, salesforce, quarantine } = withMetadata();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', jobtitle: 'Head of '.padEnd(200, 'x') });

    const result = await processChange(deps, fromHubspot('e1'));

    expect(result).toMatchObject({ status: 'quarantined', code: 'VALUE_TOO_LONG' });
    const reason = result.status === 'quarantined' ? result.reason : '';
    expect(reason).toBe('salesforce Contact.Title (person.title) holds at most 128 characters, and the value has 200; shorten it in the source (or widen the field in salesforce), then retry');
    expect(salesforce.calls).toEqual([]);
    expect(await quarantine.list()).toEqual([expect.objectContaining({ id: 'hubspot:contacts:101', code: 'VALUE_TOO_LONG' })]);
  });

  it('quarantines a value a restricted picklist does not list with PICKLIST_VALUE_NOT_ALLOWED and the fix, case-sensitively', async () => {
    const { deps, salesforce, hubspotRecords } = withMetadata();
    const only = { ...CONTACT, HubSpot_Lifecycle_Stage__c: { type: 'picklist', allowed: ['subscriber', 'lead'], writable: true } };
    salesforce.fields = async () => only;
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', lifecyclestage: 'lead' });

    const result = await processChange(deps, fromHubspot('e1'));

    expect(result).toMatchObject({ status: 'quarantined', code: 'PICKLIST_VALUE_NOT_ALLOWED' });
    expect(result.status === 'quarantined' && result.reason).toMatch(/^salesforce Contact\.HubSpot_Lifecycle_Stage__c \(person\.lifecycleStage\) is a restricted picklist that does not take "Lead" \(it takes subscriber, lead\); map the value/);
    expect(salesforce.calls).toEqual([]);
  });

  it('writes values that fit, up to the length and among the picklist values, asking the metadata of the object it writes', async () => {
    const { deps, hubspotRecords, salesforce, reads } = withMetadata();
    for (let i = 0; i < 5; i++) hubspotRecords.records.set(`10${i}`, { email: `p${i}@example.com`, lastname: `P${i}`, jobtitle: 'x'.repeat(128), lifecyclestage: 'lead' });

    for (let i = 0; i < 5; i++) expect(await processChange(deps, fromHubspot(`e${i}`, `10${i}`))).toMatchObject({ status: 'synced' });

    expect(salesforce.calls).toHaveLength(5);
    expect(salesforce.calls[0]?.records[0]?.fields).toMatchObject({ Title: 'x'.repeat(128), HubSpot_Lifecycle_Stage__c: 'Lead' });
    // The writer here keeps nothing (the cache is tested below): each change asks, for Contact only.
    expect(reads).toEqual(['Contact', 'Contact', 'Contact', 'Contact', 'Contact']);
  });
});

describe('when the metadata fails or changes', () => {
  it('writes as before when the metadata cannot be read: the vendor decides', async () => {
    const { deps, hubspotRecords, salesforce } = withMetadata();
    salesforce.fields = async () => {
      throw new Error('describe timed out');
    };
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', jobtitle: 'Analyst' });

    expect(await processChange(deps, fromHubspot('e1'))).toMatchObject({ status: 'synced' });
    expect(salesforce.calls).toHaveLength(1);
  });

  it('asks the vendor afresh before quarantining: a value added to the picklist since passes', async () => {
    const { deps, hubspotRecords, salesforce } = withMetadata();
    const asked: boolean[] = [];
    salesforce.fields = async (_objectType, options) => {
      asked.push(options?.fresh === true);
      const allowed = options?.fresh ? ['Lead', 'Evangelist'] : ['Lead'];
      return { ...CONTACT, HubSpot_Lifecycle_Stage__c: { type: 'picklist', allowed, writable: true } };
    };
    const plan = deps.plan.objects['person']!;
    const lifecycle = plan.fields['lifecycleStage']!;
    deps.plan = { ...deps.plan, objects: { ...deps.plan.objects, person: { ...plan, fields: { ...plan.fields, lifecycleStage: { ...lifecycle, values: { ...lifecycle.values, Evangelist: [] } } } } } };
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', lifecyclestage: 'evangelist' });

    expect(await processChange(deps, fromHubspot('e1'))).toMatchObject({ status: 'synced' });
    expect(asked).toEqual([false, true]);
    expect(salesforce.calls[0]?.records[0]?.fields).toMatchObject({ HubSpot_Lifecycle_Stage__c: 'Evangelist' });
  });
});

describe('refusedByTargetFields', () => {
  const mapping = processorSetup().deps.plan.objects['person']!;

  it('takes any text up to the length and refuses any text over it (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 255 }), (text, length) => {
        const refused = refusedByTargetFields(mapping, 'person', 'salesforce', 'Contact', { Title: text }, { Title: { type: 'string', length } });
        expect(refused?.code).toBe(text.length > length ? 'VALUE_TOO_LONG' : undefined);
        // The message never carries the value (it may be personal data), only its length.
        if (refused && text.length >= 4) expect(refused.message).not.toContain(text);
      }),
    );
  });

  it('checks each value of a multi-select picklist', () => {
    const fields = { Interests__c: { type: 'multipicklist', allowed: ['CRM', 'ERP'], writable: true } };
    expect(refusedByTargetFields(mapping, 'person', 'salesforce', 'Contact', { Interests__c: 'CRM;ERP' }, fields)).toBeUndefined();
    expect(refusedByTargetFields(mapping, 'person', 'salesforce', 'Contact', { Interests__c: 'CRM;HCM' }, fields)?.message).toContain('does not take "HCM"');
  });

  it('leaves empty values, fields the metadata does not know and unrestricted picklists to the vendor', () => {
    const fields = { LeadSource: { type: 'picklist', length: 255, writable: true }, Title: { type: 'string', length: 3, writable: true } };
    expect(refusedByTargetFields(mapping, 'person', 'salesforce', 'Contact', { Title: null, LeadSource: 'Anything new', Other__c: 'x'.repeat(999) }, fields)).toBeUndefined();
  });
});

describe('cachedFields', () => {
  it('reads an object once per hour, shares a read in flight, and after a failure reads again a minute later', async () => {
    let now = 0;
    let reads = 0;
    let fail = true;
    const fields = cachedFields(async (objectType) => {
      reads++;
      if (objectType === 'Flaky' && fail) throw new Error('describe failed');
      return { Name: { type: 'string', length: 80, writable: true } };
    }, () => now);

    await Promise.all([fields('Contact'), fields('Contact'), fields('Contact')]);
    now = FIELDS_TTL_MS - 1;
    await fields('Contact');
    const withinTheHour = reads;
    now = FIELDS_TTL_MS;
    await fields('Contact');
    await expect(fields('Flaky')).rejects.toThrow('describe failed');
    fail = false;
    await expect(fields('Flaky')).rejects.toThrow('describe failed');
    const afterFailure = reads;
    now += FRESH_MIN_AGE_MS;

    expect(await fields('Flaky')).toEqual({ Name: { type: 'string', length: 80, writable: true } });
    expect(withinTheHour).toBe(1);
    expect(afterFailure).toBe(3);
    expect(reads).toBe(4);
  });
});
