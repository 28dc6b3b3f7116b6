import { describe, expect, it } from 'vitest';
import { processChange, type ProcessChangeDeps } from '#app/process-change';
import { approveReview, rejectReview } from '#app/decide-review';
import { resolveIdentity, storeEntity } from '#app/resolve-identity';
import { RetryableError } from '#domain/errors';
import { COMPARISON_COUNT, LEVEL_SCHEME } from '#domain/identity/comparison-levels';
import type { ChangeEvent } from '#domain/change-event';
import { MetricName } from '#ports/metrics';
import { processorSetup } from '#test/support/processor-setup';
import type { MemoryAudit } from '#test/support/fakes';
import { MemoryQueue } from '#test/support/fakes';

const setup = processorSetup;

let n = 0;
const at = () => new Date(Date.parse('2026-11-23T09:00:00Z') + ++n * 60_000).toISOString();
const fromHubspot = (sourceId: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId: `h${++n}`, occurredAt: at(), kind: 'upsert', fields: {} });
const fromSalesforce = (sourceId: string, objectType = 'Contact'): ChangeEvent => ({ source: 'salesforce', objectType, sourceId, eventId: `s${++n}`, occurredAt: at(), kind: 'upsert', fields: {} });

describe('write-time identity in processChange', () => {
  /** A person known from Salesforce only: stored with its match index, linked to no HubSpot record yet. */
  async function knownFromSalesforce(deps: ProcessChangeDeps, id: string, values: Record<string, string>) {
    const golden = { version: 1, fields: Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { value, source: 'salesforce', observedAt: 0, eventId: 'salesforce:e0' }])) };
    await storeEntity(deps, { entityId: `salesforce:Contact:${id}`, object: 'person', golden, links: { salesforce: `Contact:${id}` }, written: {}, version: 0 });
  }

  it('links a new record from another system to the person it matches by e-mail key (plus-alias, case)', async () => {
    const { deps, metrics } = setup();
    await knownFromSalesforce(deps, '003A', { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });

    const state = await resolveIdentity(deps, fromHubspot('1'), 'person', { email: 'Ada+crm@Example.com', lastName: 'Lovelace' });

    expect(state).toMatchObject({ entityId: 'salesforce:Contact:003A', links: { salesforce: 'Contact:003A', hubspot: 'contacts:1' }, version: 1 });
    expect(metrics.of(MetricName.RecordsMatched)).toBe(1);
  });

  it('links by a nickname and a personal address that spells the name at the same company domain, saying why', async () => {
    const { deps } = setup();
    await knownFromSalesforce(deps, '003R', { email: 'robert.smith@acme.example', firstName: 'Robert', lastName: 'Smith' });

    const state = await resolveIdentity(deps, fromHubspot('7'), 'person', { email: 'bobby.s@gmail.com', firstName: 'Bob', lastName: 'Smith', website: 'https://www.acme.example/team' });

    expect(state.entityId).toBe('salesforce:Contact:003R');
    const [decision] = await (deps.audit as MemoryAudit).history('hubspot:contacts:7');
    expect(decision).toMatchObject({ field: 'identity', before: null, after: 'salesforce:Contact:003R' });
    expect(decision?.actor).toMatch(/^syncline match: person-model p=(0\.99|1\.00)\d+: e-mail \(same employer\) \+\d+\.\d, given name \+\d+\.\d, family name \+\d+\.\d/);
  });

  it('makes a new person of a same-name colleague with a numbered address, and of a same-name person elsewhere', async () => {
    const { deps } = setup();
    await knownFromSalesforce(deps, '003R', { email: 'robert.smith@acme.example', firstName: 'Robert', lastName: 'Smith' });

    // Mail administrators number the second Robert Smith's mailbox.
    const colleague = await resolveIdentity(deps, fromHubspot('8'), 'person', { email: 'robert.smith2@acme.example', firstName: 'Bob', lastName: 'Smith' });
    const elsewhere = await resolveIdentity(deps, fromHubspot('9'), 'person', { email: 'robert.smith@initech.example', firstName: 'Robert', lastName: 'Smith' });

    expect([colleague.entityId, elsewhere.entityId]).toEqual(['hubspot:contacts:8', 'hubspot:contacts:9']);
    expect([colleague.version, elsewhere.version]).toEqual([0, 0]);
  });

  it('fails with a retryable error while another create holds the e-mail claim, and matches that person once stored', async () => {
    const { deps, state } = setup();
    await state.claimKeys('salesforce:Contact:003Z', ['email|email=lin@example.com']);

    await expect(resolveIdentity(deps, fromHubspot('5'), 'person', { email: 'lin@example.com', lastName: 'Lin' })).rejects.toBeInstanceOf(RetryableError);

    await knownFromSalesforce(deps, '003Z', { email: 'lin@example.com', lastName: 'Lin' });
    expect((await resolveIdentity(deps, fromHubspot('5'), 'person', { email: 'lin@example.com', lastName: 'Lin' })).entityId).toBe('salesforce:Contact:003Z');
  });

  it('links a record carrying the id of a linked record of another system (external-id tier), whatever its values', async () => {
    const { deps } = setup();
    await knownFromSalesforce(deps, '003E', { email: 'old@example.com', lastName: 'Other' });

    const state = await resolveIdentity(deps, fromHubspot('3'), 'person', { email: 'new@elsewhere.example', lastName: 'Renamed' }, { salesforce: '003E' });

    expect(state.entityId).toBe('salesforce:Contact:003E');
  });

  it('holds a person a target refuses as a duplicate (DUPLICATES_DETECTED) for review, creating nothing', async () => {
    const { deps, hubspotRecords, salesforce, reviews } = setup();
    hubspotRecords.records.set('4', { email: 'dup@example.com', lastname: 'Dup' });
    salesforce.nextResult = { ok: false, code: 'DUPLICATES_DETECTED', message: 'Use one of these records?', retryable: false };

    const result = await processChange(deps, fromHubspot('4'));

    expect(result).toMatchObject({ status: 'held-for-review', code: 'DUPLICATES_DETECTED' });
    expect((await reviews.list()).map((r) => [r.id, r.identity?.code])).toEqual([['identity#hubspot:contacts:4', 'DUPLICATES_DETECTED']]);
    expect(salesforce.records.size).toBe(0);
  });

  it('finds the person in the target by e-mail before creating one there: links and updates the existing record', async () => {
    const { deps, salesforceRecords, hubspotRecords, hubspot, salesforce } = setup();
    hubspotRecords.records.set('1', { email: 'ada@example.com', lastname: 'Lovelace' });
    hubspot.records.set('made-in-hubspot', { Id: '1', email: 'ada@example.com', lastname: 'Lovelace' });
    salesforceRecords.records.set('003X', { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace' });

    const result = await processChange(deps, fromSalesforce('003X'));

    // Neither record was made by Syncline: each learns the other's id.
    expect(result).toMatchObject({
      status: 'synced',
      writes: [
        { target: 'hubspot', recordKey: 'hubspot:contacts:1', created: false },
        { target: 'salesforce', recordKey: 'salesforce:Contact:003X', created: false, changes: [{ field: 'HubSpot_Id__c', before: null, after: '1' }] },
      ],
    });
    expect(hubspot.calls).toEqual([]);
    expect(hubspot.updates).toEqual([{ objectType: 'contacts', records: [{ id: '1', fields: { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', syncline_salesforce_id: '003X' } }] }]);
    expect(salesforce.updates).toEqual([{ objectType: 'Contact', records: [{ id: '003X', fields: { HubSpot_Id__c: '1' } }] }]);

    // A later Salesforce change carries the link it now holds: the title goes to HubSpot, no link is written again.
    salesforceRecords.records.set('003X', { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', Title: 'CTO', HubSpot_Id__c: '1' });
    await processChange(deps, fromSalesforce('003X'));
    expect(hubspot.updates.at(-1)?.records).toEqual([{ id: '1', fields: { jobtitle: 'CTO' } }]);
    expect(salesforce.updates).toHaveLength(1);
  });

  it('holds a record that would give a person a second record in the same system for review, then makes it a new person when rejected', async () => {
    const { deps, hubspotRecords, reviews, state } = setup();
    hubspotRecords.records.set('1', { email: 'grace@example.com', lastname: 'Hopper' });
    hubspotRecords.records.set('2', { email: 'GRACE@example.com', lastname: 'Hopper' });
    await processChange(deps, fromHubspot('1'));

    const held = await processChange(deps, fromHubspot('2'));

    expect(held).toMatchObject({ status: 'held-for-review', code: 'DUPLICATE_IN_SOURCE' });
    const [review] = await reviews.list();
    expect(review).toMatchObject({ id: 'identity#hubspot:contacts:2', field: 'identity', identity: { candidates: ['entity:hubspot:contacts:1'] } });
    expect(await state.entityOf('hubspot:contacts:2')).toBeUndefined();

    const queue = new MemoryQueue();
    await rejectReview({ reviews, queue, clock: deps.clock }, review!.id);
    const replayed = await processChange(deps, queue.events[0]!);

    expect(replayed).toMatchObject({ status: 'synced', entityId: 'hubspot:contacts:2' });
    expect(await reviews.list()).toEqual([]);
  });

  it.each([
    ['reject', false, 'hubspot:contacts:41'],
    ['approve', true, 'salesforce:Contact:003J'],
  ] as const)('holds a possible match for review, and keeps the %s decision as a label of the pair (levels, never values)', async (decision, match, entityId) => {
    const { deps, hubspotRecords, salesforceRecords, reviews, labels } = setup();
    await knownFromSalesforce(deps, '003J', { firstName: 'John', lastName: 'Smith', phone: '+1 415 782 3300', company: 'Initech' });
    salesforceRecords.records.set('003J', { FirstName: 'John', LastName: 'Smith', Phone: '+1 415 782 3300' });
    // The names and the line say one person, the suffix says his son.
    hubspotRecords.records.set('41', { firstname: 'John', lastname: 'Smith Jr.', email: 'jsmithjr@initech.example', phone: '(415) 782-3300', company: 'Initech' });

    const held = await processChange(deps, fromHubspot('41'));

    expect(held).toMatchObject({ status: 'held-for-review', code: 'POSSIBLE_MATCH', candidates: ['entity:salesforce:Contact:003J'] });
    const [review] = await reviews.list();
    expect(review?.identity?.reason).toMatch(/may be a record already known \(match probability 0\.\d\d, person-model\): a person decides/);
    expect(review?.identity?.levels).toEqual({ scheme: LEVEL_SCHEME, pairs: [expect.any(Array)] });
    expect(review?.identity?.levels?.pairs[0]).toHaveLength(COMPARISON_COUNT);

    const queue = new MemoryQueue();
    await (decision === 'approve' ? approveReview : rejectReview)({ reviews, queue, clock: deps.clock }, review!.id);
    const replayed = await processChange(deps, queue.events[0]!);

    expect(replayed).toMatchObject({ status: 'synced', entityId });
    expect(await labels.list()).toEqual([{ id: `identity#hubspot:contacts:41#${review?.at}#0`, at: expect.any(String), scheme: LEVEL_SCHEME, levels: review?.identity?.levels?.pairs[0], match }]);
    expect(JSON.stringify(await labels.list())).not.toMatch(/Smith|initech/i);
  });

  it('approving a same-system duplicate cannot link it: it stays held, for a merge in the source system', async () => {
    const { deps, hubspotRecords, reviews, state } = setup();
    hubspotRecords.records.set('1', { email: 'x@example.com', lastname: 'X' });
    await processChange(deps, fromHubspot('1'));
    hubspotRecords.records.set('2', { email: 'x@example.com', lastname: 'X' });
    await processChange(deps, fromHubspot('2'));
    const [review] = await reviews.list();

    const queue = new MemoryQueue();
    await approveReview({ reviews, queue, clock: deps.clock }, review!.id);
    const replayed = await processChange(deps, queue.events[0]!);

    expect(replayed).toMatchObject({ status: 'held-for-review', code: 'DUPLICATE_IN_SOURCE' });
    expect(state.entities.size).toBe(1);
  });
});
