import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CALL_DEADLINE_MARGIN_MS, setCallDeadline } from '#adapters/vendors/call-deadline';
import { createHubspotClient, hubspotReader } from '#adapters/vendors/hubspot/reader';
import { hubspotWriter } from '#adapters/vendors/hubspot/writer';
import { clearOutreachTokenCache } from '#adapters/vendors/outreach/client';
import { outreachCrm } from '#adapters/vendors/outreach/connector';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { salesforceReader } from '#adapters/vendors/salesforce/reader';
import { salesforceWriter } from '#adapters/vendors/salesforce/writer';
import { RetryableError } from '#domain/errors';
import { startHubspotSandbox, startSalesforceSandbox, type HubspotSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { startOutreachSandbox, type OutreachSandbox } from '#local/sandboxes/outreach/server';
import { call } from '../sandboxes/support.ts';

/** The deadline leaves one second for the call: far below every client's default (10 s), so a pass proves it was used. */
const SHORT_MS = 1_000;
const leaveOneSecond = () => setCallDeadline(Date.now() + CALL_DEADLINE_MARGIN_MS + SHORT_MS);
const hang = (url: string, endpoint: string) => call(url, '/__sandbox/faults', { method: 'POST', body: { endpoint, kind: 'hang' } });
const callsTo = async (url: string, endpoint: string) => ((await call(url, '/__sandbox/calls')).json as { calls: { endpoint: string; status: number }[] }).calls.filter((c) => c.endpoint === endpoint);

afterEach(() => setCallDeadline(undefined));

describe('Salesforce calls against a hung sandbox', () => {
  const CREDS = { clientId: 'timeout-client', clientSecret: 'timeout-secret', refreshToken: 'timeout-refresh' };
  let sandbox: SalesforceSandbox;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'timeout-token' });
  });
  afterAll(() => sandbox.close());

  it('fails an upsert whose collection call hangs as RetryableError after the deadline-shortened timeout', async () => {
    const connection = createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, accessToken: 'timeout-token' });
    await hang(sandbox.url, 'upsertCollection');
    leaveOneSecond();

    const error = await salesforceWriter(connection).upsert('Contact', 'HubSpot_Id__c', [{ externalId: 't-1', fields: { LastName: 'Hung' } }]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe(`Salesforce call timed out after ${SHORT_MS} ms`);
    expect((await callsTo(sandbox.url, 'upsertCollection')).map((c) => c.status)).toEqual([0]);
  });

  it('fails a read whose OAuth token refresh hangs as RetryableError after the timeout', async () => {
    // No access token: the first call is refused 401 and jsforce refreshes the token, which hangs.
    const connection = createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS });
    await hang(sandbox.url, 'oauthToken');
    leaveOneSecond();

    const error = await salesforceReader(connection).read('Contact', '003000000000001AAA', ['Email']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe(`Salesforce call timed out after ${SHORT_MS} ms`);
    expect((await callsTo(sandbox.url, 'oauthToken')).map((c) => c.status)).toContain(0);
  });
});

describe('HubSpot calls against a hung sandbox', () => {
  const TOKEN = 'pat-timeout-test';
  let sandbox: HubspotSandbox;

  beforeAll(async () => {
    sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN });
  });
  afterAll(() => sandbox.close());

  it('fails a batch upsert that hangs as RetryableError after the deadline-shortened timeout', async () => {
    const writer = hubspotWriter(createHubspotClient({ accessToken: TOKEN, basePath: sandbox.url }));
    await hang(sandbox.url, 'batchUpsert');
    leaveOneSecond();

    const error = await writer.upsert('contacts', 'syncline_salesforce_id', [{ externalId: '003Dn0000009ZZZ', fields: { firstname: 'Hung' } }]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe(`HubSpot call timed out after ${SHORT_MS} ms`);
    expect((await callsTo(sandbox.url, 'batchUpsert')).map((c) => c.status)).toEqual([0]);
  });

  it('still answers through the same client once the hang is gone', async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    const [seeded] = ((await call(sandbox.url, '/__sandbox/records/contacts')).json as { records: { id: string }[] }).records;
    const client = createHubspotClient({ accessToken: TOKEN, basePath: sandbox.url });
    await hang(sandbox.url, 'getObject');
    leaveOneSecond();
    const hung = await hubspotReader(client).read('contacts', seeded?.id ?? 'none', ['email']).catch((e: unknown) => e);

    const found = await hubspotReader(client).read('contacts', seeded?.id ?? 'none', ['email']);

    expect(hung).toBeInstanceOf(RetryableError);
    expect(found?.values).toHaveProperty('email');
  });
});

describe('Outreach calls against a hung sandbox', () => {
  const APP = { clientId: 'timeout-app', clientSecret: 'timeout-app-secret', refreshToken: 'timeout-refresh' };
  let sandbox: OutreachSandbox;

  beforeAll(async () => {
    sandbox = await startOutreachSandbox({ ...APP });
  });
  afterAll(() => sandbox.close());

  it('fails a read whose token refresh hangs as RetryableError after the deadline-shortened timeout', async () => {
    clearOutreachTokenCache();
    if (!outreachCrm.reader) throw new Error('the Outreach connector reads records');
    const reader = outreachCrm.reader({ webhookSecret: 'unused', baseUrl: sandbox.url, ...APP });
    await hang(sandbox.url, '*');
    leaveOneSecond();

    const error = await reader.read('prospect', '1', ['emails']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe(`Outreach call timed out after ${SHORT_MS} ms`);
  });
});
