import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DynamoDbVendorBudget } from '#adapters/aws/dynamodb-vendor-budget';
import { createHubspotClient, hubspotReader } from '#adapters/vendors/hubspot/reader';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { salesforceReader } from '#adapters/vendors/salesforce/reader';
import { useVendorBudget } from '#adapters/vendors/vendor-budgets';
import { VendorPaused } from '#domain/errors';
import type { ChangeReader } from '#ports/crm';
import { startHubspotSandbox, startSalesforceSandbox, type HubspotSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { createTable, dynamoClients } from '#test/support/local-aws';

const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));
const CREDS = { clientId: 'budget-client', clientSecret: 'budget-secret', refreshToken: 'budget-refresh' };

/** The API calls a sandbox answered, in order (OAuth and inspection routes left out). */
async function apiCalls(url: string): Promise<Array<{ status: number; path: string }>> {
  const body = (await (await fetch(`${url}/__sandbox/calls`)).json()) as { calls: Array<{ status: number; path: string }> };
  return body.calls.filter((c) => !c.path.startsWith('/services/oauth2/') && !c.path.startsWith('/__sandbox/'));
}

/** Statuses of the API calls a sandbox answered, in order. */
async function statuses(url: string): Promise<number[]> {
  return (await apiCalls(url)).map((c) => c.status);
}

/** Reads until the budget refuses; the refusal, and how many reads went before it. */
async function readUntilPaused(reader: ChangeReader, objectType: string, id: string, most: number): Promise<{ reads: number; paused: unknown }> {
  for (let reads = 0; reads < most; reads++) {
    try {
      await reader.read(objectType, id, ['LastName']);
    } catch (error) {
      return { reads, paused: error };
    }
  }
  return { reads: most, paused: undefined };
}

describe('vendor calls through a shared budget', () => {
  let table: string;
  let salesforce: SalesforceSandbox | undefined;
  let hubspot: HubspotSandbox | undefined;
  beforeEach(async () => {
    table = await createTable(client, ['pk', 'sk']);
  });
  afterEach(async () => {
    useVendorBudget('salesforce', undefined);
    useVendorBudget('hubspot', undefined);
    await salesforce?.close();
    await hubspot?.close();
    salesforce = hubspot = undefined;
  });

  it("stops Salesforce calls at Syncline's share of the org's allocation, before Salesforce refuses any", async () => {
    salesforce = await startSalesforceSandbox({ ...CREDS, accessToken: 'budget-token', apiLimit: 20 });
    useVendorBudget('salesforce', new DynamoDbVendorBudget(documents, table, { vendor: 'salesforce', dailyShare: 0.5 }));
    const reader = salesforceReader(createSalesforceConnection({ instanceUrl: salesforce.url, loginUrl: salesforce.url, ...CREDS, accessToken: 'budget-token' }));

    const { reads, paused } = await readUntilPaused(reader, 'Contact', '003000000000001AAA', 30);

    expect(paused).toBeInstanceOf(VendorPaused);
    expect(paused).toMatchObject({ vendor: 'salesforce' });
    const answered = await statuses(salesforce.url);
    expect(answered.filter((s) => s === 403)).toEqual([]);
    // Half of 20: the tenth answer reports 10 used, and the eleventh read is refused without a call.
    expect(answered).toHaveLength(10);
    expect(reads).toBe(10);
  });

  it("resumes Salesforce calls once a probe of GET /limits finds room in the org's new day", async () => {
    salesforce = await startSalesforceSandbox({ ...CREDS, accessToken: 'budget-token', apiLimit: 20 });
    useVendorBudget('salesforce', new DynamoDbVendorBudget(documents, table, { vendor: 'salesforce', dailyShare: 0.5, probeIntervalMs: 0 }));
    const reader = salesforceReader(createSalesforceConnection({ instanceUrl: salesforce.url, loginUrl: salesforce.url, ...CREDS, accessToken: 'budget-token' }));
    await readUntilPaused(reader, 'Contact', '003000000000001AAA', 30);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(reader.read('Contact', '003000000000001AAA', ['LastName'])).rejects.toBeInstanceOf(VendorPaused); // probed: still spent

    await fetch(`${salesforce.url}/__sandbox/limits/reset`, { method: 'POST' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const read = await reader.read('Contact', '003000000000001AAA', ['LastName']);

    expect(read).toBeNull();
    expect((await apiCalls(salesforce.url)).filter((c) => c.path.endsWith('/limits'))).toHaveLength(2);
  });

  it('pauses every function after one REQUEST_LIMIT_EXCEEDED, and sends nothing more while paused', async () => {
    salesforce = await startSalesforceSandbox({ ...CREDS, accessToken: 'budget-token', apiLimit: 3 });
    const connect = () => salesforceReader(createSalesforceConnection({ instanceUrl: salesforce!.url, loginUrl: salesforce!.url, ...CREDS, accessToken: 'budget-token' }));
    const other = connect(); // another integration, outside Syncline's budget, spends the org's allocation
    for (let i = 0; i < 3; i++) await other.read('Contact', '003000000000001AAA', ['LastName']);
    useVendorBudget('salesforce', new DynamoDbVendorBudget(documents, table, { vendor: 'salesforce', dailyShare: 1 }));
    const [first, second] = [connect(), connect()];

    await expect(first.read('Contact', '003000000000001AAA', ['LastName'])).rejects.toBeInstanceOf(VendorPaused);
    useVendorBudget('salesforce', new DynamoDbVendorBudget(documents, table, { vendor: 'salesforce', dailyShare: 1 })); // another function
    await expect(second.read('Contact', '003000000000001AAA', ['LastName'])).rejects.toBeInstanceOf(VendorPaused);

    expect((await statuses(salesforce.url)).filter((s) => s === 403)).toHaveLength(1);
  });

  it("stops HubSpot calls at Syncline's share of the daily limit its answers report", async () => {
    const accessToken = 'budget-token';
    hubspot = await startHubspotSandbox({ port: 0, clientSecret: 'secret', accessToken, seed: false, dailyLimit: 16, rateLimitPer10s: 1_000 });
    useVendorBudget('hubspot', new DynamoDbVendorBudget(documents, table, { vendor: 'hubspot', dailyShare: 0.5, burst: { max: 1_000, intervalMs: 10_000 } }));
    const reader = hubspotReader(createHubspotClient({ accessToken, basePath: hubspot.url }));

    const { reads, paused } = await readUntilPaused(reader, 'contacts', '999', 20);

    expect(paused).toBeInstanceOf(VendorPaused);
    expect(paused).toMatchObject({ vendor: 'hubspot' });
    expect(reads).toBe(8);
    expect((await statuses(hubspot.url)).filter((s) => s === 429)).toEqual([]);
  });
});
