import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubspotClient } from '#adapters/vendors/hubspot/reader';
import { hubspotWriter } from '#adapters/vendors/hubspot/writer';
import { RetryableError, VendorPaused } from '#domain/errors';
import type { CrmWriter } from '#ports/crm';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';
import { call } from '../sandboxes/support.ts';

const TOKEN = 'pat-writer-test';
const ID = 'syncline_salesforce_id';

describe('hubspotWriter against the HubSpot sandbox with @hubspot/api-client', () => {
  let sandbox: HubspotSandbox;
  let writer: CrmWriter;
  const records = async (type: string) => ((await call(sandbox.url, `/__sandbox/records/${type}`)).json as { records: { id: string; properties: Record<string, string> }[] }).records;
  const counts = async () => ((await call(sandbox.url, '/__sandbox/calls')).json as { counts: Record<string, number> }).counts;

  beforeAll(async () => {
    sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN });
    writer = hubspotWriter(createHubspotClient({ accessToken: TOKEN, basePath: sandbox.url }));
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } }));

  it('creates a contact keyed by the Salesforce id, then updates it; values go as strings and null clears', async () => {
    const [created] = await writer.upsert('contacts', ID, [{ externalId: '003Dn0000001AAA', fields: { email: 'ada@example.com', jobtitle: 'Analyst', hubspotscore: 42 } }]);
    const [updated] = await writer.upsert('contacts', ID, [{ externalId: '003Dn0000001AAA', fields: { jobtitle: null, firstname: 'Ada' } }]);

    expect(created).toMatchObject({ ok: true, created: true });
    expect(updated).toEqual({ ok: true, id: created?.ok ? created.id : '', created: false });
    const stored = (await records('contacts')).find((r) => r.properties[ID] === '003Dn0000001AAA');
    expect(stored?.properties).toMatchObject({ email: 'ada@example.com', firstname: 'Ada', hubspotscore: '42', jobtitle: '' });
  });

  it('upserts companies and deals by the same unique property', async () => {
    const [company] = await writer.upsert('companies', ID, [{ externalId: '001Dn0000001AAA', fields: { name: 'Globex', numberofemployees: 120 } }]);
    const [deal] = await writer.upsert('deals', ID, [{ externalId: '006Dn0000001AAA', fields: { dealname: 'Globex pilot', amount: 9000.5 } }]);

    expect([company?.ok && company.created, deal?.ok && deal.created]).toEqual([true, true]);
    expect((await records('deals')).find((r) => r.properties[ID] === '006Dn0000001AAA')?.properties['amount']).toBe('9000.5');
  });

  it('sends 150 records as two batch calls and answers in input order', async () => {
    const inputs = Array.from({ length: 150 }, (_, i) => ({ externalId: `003Dn${String(i).padStart(10, '0')}`, fields: { email: `bulk${i}@example.com` } }));

    const results = await writer.upsert('contacts', ID, inputs);

    expect((await counts())['batchUpsert']).toBe(2);
    const byExternalId = new Map((await records('contacts')).map((r) => [r.properties[ID], r.id]));
    expect(results.map((r) => (r.ok ? r.id : r.code))).toEqual(inputs.map((r) => byExternalId.get(r.externalId)));
  });

  it("reads an object's properties once through the properties API: enumerations' options, text lengths, unique and read-only ones", async () => {
    const [deals, again] = [await writer.fields?.('deals'), await writer.fields?.('deals')];

    expect(deals?.['dealstage']).toEqual({ type: 'enumeration', writable: true, allowed: ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'] });
    expect(deals?.['dealname']).toEqual({ type: 'string', writable: true, length: 65_536 });
    expect(deals?.['syncline_salesforce_id']).toMatchObject({ writable: true, unique: true });
    expect(deals?.['hs_lastmodifieddate']).toMatchObject({ writable: false });
    expect(again).toBe(deals);
    expect((await counts())['listProperties']).toBe(1);
  });

  it('isolates an input whose value fails the whole batch (400 INVALID_EMAIL): the other 99 are written, it fails alone, in about 14 calls', async () => {
    // HubSpot refuses two dots in a row in an address, and with it the whole batch, naming no input.
    const inputs = Array.from({ length: 100 }, (_, i) => ({ externalId: `003Dn${String(i).padStart(10, '0')}`, fields: { email: i === 61 ? 'ada..lovelace@example.com' : `batch${i}@example.com`, lastname: `Batch ${i}` } }));

    const results = await writer.upsert('contacts', ID, inputs);

    expect(results.filter((r) => r.ok)).toHaveLength(99);
    expect(results[61]).toMatchObject({ ok: false, code: 'VALIDATION_ERROR', retryable: false });
    expect(results[61]?.ok === false && results[61].message).not.toContain('ada..lovelace');
    const stored = new Set((await records('contacts')).map((r) => r.properties[ID]));
    expect(inputs.filter((r) => stored.has(r.externalId))).toHaveLength(99);
    // 1 refused call of 100, then halves down to the one: 1 + 2 × 7.
    expect((await counts())['batchUpsert']).toBeLessThanOrEqual(15);
  });

  it('does not split a batch refused for a property every input sends (a misspelled property): every input fails in one call', async () => {
    const inputs = Array.from({ length: 100 }, (_, i) => ({ externalId: `003Dn${String(i).padStart(10, '0')}`, fields: { email: `typo${i}@example.com`, hubspot_lead_scor: 1 } }));

    const results = await writer.upsert('contacts', ID, inputs);

    expect(results.filter((r) => !r.ok && r.message.includes('hubspot_lead_scor'))).toHaveLength(100);
    expect((await counts())['batchUpsert']).toBe(1);
  });

  it('reports a per-input failure (207) as a value and still writes the other inputs', async () => {
    const seededEmail = (await records('contacts'))[0]?.properties['email'];

    const [taken, fine] = await writer.upsert('contacts', ID, [
      { externalId: '003Dn0000002AAA', fields: { email: seededEmail ?? '' } },
      { externalId: '003Dn0000003AAA', fields: { email: 'fine@example.com' } },
    ]);

    expect(taken).toMatchObject({ ok: false, code: 'CONFLICT', retryable: false });
    expect(fine).toMatchObject({ ok: true, created: true });
  });

  it('updates records by their HubSpot id and reports a missing id as a per-input failure', async () => {
    const [seeded] = await records('contacts');

    const [updated, missing] = await writer.update?.('contacts', [
      { id: seeded?.id ?? '', fields: { jobtitle: 'Chief Updater', hubspotscore: 7 } },
      { id: '999999', fields: { jobtitle: 'Nobody' } },
    ]) ?? [];

    expect(updated).toEqual({ ok: true, id: seeded?.id, created: false });
    expect(missing).toMatchObject({ ok: false, code: 'OBJECT_NOT_FOUND', retryable: false });
    expect((await records('contacts')).find((r) => r.id === seeded?.id)?.properties).toMatchObject({ jobtitle: 'Chief Updater', hubspotscore: '7' });
  });

  it('fails with a RetryableError carrying Retry-After on a 429', async () => {
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'batchUpsert', kind: 'status', status: 429, retryAfterSeconds: 7 } });

    const error = await writer.upsert('contacts', ID, [{ externalId: '003Dn0000004AAA', fields: { email: 'later@example.com' } }]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBe(7000);
  });

  it('writes 230 records in three calls of at most 100, with a forced per-record failure as a value in its place', async () => {
    const taken = (await records('contacts'))[3]?.properties['email'] ?? '';
    const inputs = Array.from({ length: 230 }, (_, i) => ({ externalId: `003Dn${String(i).padStart(10, '0')}`, fields: { email: i === 150 ? taken : `many${i}@example.com` } }));

    const results = await writer.upsert('contacts', ID, inputs);

    expect((await counts())['batchUpsert']).toBe(3);
    const calls = ((await call(sandbox.url, '/__sandbox/calls')).json as { calls: Array<{ endpoint: string; status: number }> }).calls.filter((c) => c.endpoint === 'batchUpsert');
    expect(calls.map((c) => c.status)).toEqual([200, 207, 200]);
    expect(results).toHaveLength(230);
    expect(results[150]).toEqual({ ok: false, code: 'CONFLICT', message: 'Contact already exists. Existing ID: 1004', retryable: false });
    const byExternalId = new Map((await records('contacts')).map((r) => [r.properties[ID], r.id]));
    results.forEach((r, i) => {
      if (i !== 150) expect(r).toEqual({ ok: true, id: byExternalId.get(inputs[i]?.externalId ?? ''), created: true });
    });
  });

  it('sends a record named twice in separate calls, so HubSpot does not refuse the batch, and the later values win', async () => {
    const results = await writer.upsert('contacts', ID, [
      { externalId: '003Dn0000009AAA', fields: { email: 'twice@example.com', jobtitle: 'First' } },
      { externalId: '003Dn0000009AAA', fields: { jobtitle: 'Second' } },
    ]);

    expect(results.map((r) => r.ok && r.created)).toEqual([true, false]);
    expect((await counts())['batchUpsert']).toBe(2);
    expect((await records('contacts')).find((r) => r.properties[ID] === '003Dn0000009AAA')?.properties['jobtitle']).toBe('Second');
  });
});

describe('hubspotWriter and HubSpot rate limits', () => {
  it('pauses HubSpot until the daily reset on the DAILY 429, and fails retryably for 10 s on a TEN_SECONDLY_ROLLING 429 without Retry-After', async () => {
    const sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN, dailyLimit: 1, seed: false });
    try {
      const writer = hubspotWriter(createHubspotClient({ accessToken: TOKEN, basePath: sandbox.url }));
      await writer.upsert('contacts', ID, [{ externalId: '003A', fields: { email: 'a@example.com' } }]);
      const daily = await writer.upsert('contacts', ID, [{ externalId: '003B', fields: { email: 'b@example.com' } }]).catch((e: unknown) => e);
      await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });
      const burstBody = { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' };
      await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'batchUpsert', kind: 'status', status: 429, body: burstBody } });
      const burst = await writer.upsert('contacts', ID, [{ externalId: '003C', fields: { email: 'c@example.com' } }]).catch((e: unknown) => e);

      expect(daily).toBeInstanceOf(VendorPaused);
      expect((daily as VendorPaused).vendor).toBe('hubspot');
      expect((daily as VendorPaused).resumeAt - Date.now()).toBeGreaterThanOrEqual(59_000);
      expect((daily as VendorPaused).resumeAt - Date.now()).toBeLessThanOrEqual(86_400_000);
      expect(burst).toBeInstanceOf(RetryableError);
      expect((burst as RetryableError).retryAfterMs).toBe(10_000);
    } finally {
      await sandbox.close();
    }
  });
});
