import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbAuditLog } from '#adapters/aws/dynamodb-audit-log';
import { partitionKey, sortKey } from '#adapters/aws/dynamodb-key';
import { DynamoDbIdempotencyStore } from '#adapters/aws/dynamodb-idempotency-store';
import { DynamoDbQuarantineStore } from '#adapters/aws/dynamodb-quarantine-store';
import { DynamoDbStateStore } from '#adapters/aws/dynamodb-state-store';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { salesforceWriter } from '#adapters/vendors/salesforce/writer';
import { processChange, type ProcessChangeDeps } from '#app/process-change';
import type { ChangeEvent } from '#domain/change-event';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { createTable, dynamoClients } from '#test/support/local-aws';
import { processorSetup } from '#test/support/processor-setup';
import { call } from '../sandboxes/support.ts';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));
const LONG_EMAIL = `${'a'.repeat(3_000)}@example.com`;
const hubspotChange = (eventId: string, sourceId: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: new Date(NOW).toISOString(), kind: 'upsert', fields: {} });

/** The processor over DynamoDB Local stores, with in-memory vendor ports from the shared setup. */
async function dynamoProcessor() {
  const setup = processorSetup();
  const stateTable = await createTable(client, ['pk', 'sk']);
  const quarantine = new DynamoDbQuarantineStore(documents, stateTable);
  const audit = new DynamoDbAuditLog(documents, await createTable(client, ['pk', 'sk']));
  const deps: ProcessChangeDeps = { ...setup.deps, state: new DynamoDbStateStore(documents, stateTable), idempotency: new DynamoDbIdempotencyStore(documents, await createTable(client, ['id'])), quarantine, audit };
  return { ...setup, deps, quarantine, audit };
}

describe('values too long for a DynamoDB key (DynamoDB Local)', () => {
  it('stores, finds and claims the match key of a 3,000-character e-mail', async () => {
    const store = new DynamoDbStateStore(documents, await createTable(client, ['pk', 'sk']));
    const key = `email|email=${LONG_EMAIL}`;
    const match = { keys: [key], claims: [key], values: { email: LONG_EMAIL } };
    const entityId = `hubspot:contacts:${'9'.repeat(1_500)}`;

    await store.putEntity({ entityId, object: 'person', golden: { version: 1, fields: {} }, links: { hubspot: `contacts:${'9'.repeat(1_500)}` }, written: {}, version: 0, match }, { put: match.keys, drop: [], release: [] });

    expect(await store.candidatesFor([key])).toEqual([{ entityId, values: match.values }]);
    expect(await store.claimKeys(entityId, [key])).toBeUndefined();
    expect(await store.claimKeys('hubspot:contacts:2', [key])).toBe(entityId);
    expect(await store.entityOf(entityId)).toBe(entityId);
    expect((await store.linkedEntities([entityId])).entities.get(entityId)?.match).toEqual(match);
  });

  it('keeps quarantine and audit entries of a record with a 3,000-character id, and a huge value truncated with its proof', async () => {
    const stateTable = await createTable(client, ['pk', 'sk']);
    const quarantine = new DynamoDbQuarantineStore(documents, stateTable);
    const auditTable = await createTable(client, ['pk', 'sk']);
    const audit = new DynamoDbAuditLog(documents, auditTable);
    const id = `hubspot:contacts:${'7'.repeat(3_000)}`;
    const huge = 'x'.repeat(500_000);

    await quarantine.put({ id, event: { ...hubspotChange('e-long', '7'.repeat(3_000)), fields: { jobtitle: huge }, snapshot: true }, code: 'VALUE_TOO_LARGE', reason: 'title', at: new Date(NOW).toISOString(), attempts: 1 });
    await audit.append([{ recordKey: id, sourceKey: id, eventId: 'hubspot:e-long', field: 'Title', before: null, after: huge, actor: 'syncline', at: new Date(NOW).toISOString() }]);

    const parked = await quarantine.get(id);
    expect(parked?.id).toBe(id);
    expect(String(parked?.event.fields['jobtitle'])).toMatch(/^x{1000}… \[truncated from 500000 characters\]$/);
    expect(parked?.event.snapshot).toBeUndefined();
    expect(parked?.event).toMatchObject({ sourceId: '7'.repeat(3_000), eventId: 'e-long' });
    expect(await quarantine.presentOf?.([id, 'hubspot:contacts:other'])).toEqual(new Set([id]));
    const [entry] = await audit.history(id);
    expect(entry?.after).toBe('x'.repeat(2_000));
    const { Item } = await documents.send(new GetCommand({ TableName: auditTable, Key: { pk: partitionKey(id), sk: sortKey('hubspot:e-long#Title') } }));
    expect(Item).toMatchObject({ afterLength: 500_000, afterSha256: createHash('sha256').update(huge).digest('hex') });
  });
});

describe('a change too large to store (DynamoDB Local)', () => {
  it('is quarantined as VALUE_TOO_LARGE naming the field, before any target write or state write', async () => {
    const { deps, hubspotRecords, salesforce, quarantine } = await dynamoProcessor();
    hubspotRecords.records.set('501', { email: 'big@example.com', lastname: 'Big', jobtitle: 't'.repeat(150_000) });

    const result = await processChange(deps, hubspotChange('e-big', '501'));

    expect(result).toMatchObject({ status: 'quarantined', code: 'VALUE_TOO_LARGE' });
    expect((await quarantine.get('hubspot:contacts:501'))?.reason).toMatch(/field title \(150000 characters/);
    expect(salesforce.calls).toEqual([]);
    expect(await deps.state.entityOf('hubspot:contacts:501')).toBeUndefined();
  });
});

describe('a 10,000-character first name from HubSpot (DynamoDB Local, Salesforce sandbox)', () => {
  const CREDS = { clientId: 'long-client', clientSecret: 'long-secret', refreshToken: 'long-refresh' };
  let sandbox: SalesforceSandbox;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'long-token' });
  });
  afterAll(() => sandbox.close());

  it("is quarantined before any write as VALUE_TOO_LONG, by the Contact's describe, naming FirstName and its limit, never the value", async () => {
    const { deps, hubspotRecords, quarantine } = await dynamoProcessor();
    deps.writers = { ...deps.writers, salesforce: salesforceWriter(createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, accessToken: 'long-token' })) };
    hubspotRecords.records.set('602', { email: 'long.name2@example.com', firstname: 'F'.repeat(10_000), lastname: 'Long' });

    const result = await processChange(deps, hubspotChange('e-long-name-2', '602'));

    expect(result).toMatchObject({ status: 'quarantined', code: 'VALUE_TOO_LONG' });
    const parked = await quarantine.get('hubspot:contacts:602');
    expect(parked?.reason).toBe('salesforce Contact.FirstName (person.firstName) holds at most 40 characters, and the value has 10000; shorten it in the source (or widen the field in salesforce), then retry');
    expect(((await call(sandbox.url, '/__sandbox/calls')).json as { counts: Record<string, number> }).counts['upsertCollection'] ?? 0).toBe(0);
  });

  it('is quarantined with a reason naming FirstName when Salesforce refuses it as STRING_TOO_LONG (its describe unreadable, the vendor decides)', async () => {
    const { deps, hubspotRecords, quarantine } = await dynamoProcessor();
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'describe', kind: 'status', status: 403, count: 10 } });
    deps.writers = { ...deps.writers, salesforce: salesforceWriter(createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, accessToken: 'long-token' })) };
    const firstName = 'F'.repeat(10_000);
    hubspotRecords.records.set('601', { email: 'long.name@example.com', firstname: firstName, lastname: 'Long' });
    // Salesforce's per-record refusal in a collection answer (vendor-apis §1.7), as the API words it.
    const refusal = { statusCode: 'STRING_TOO_LONG', message: `First Name: data value too large: ${firstName} (max length=40)`, fields: ['FirstName'] };
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'upsertCollection', kind: 'status', status: 200, body: [{ success: false, errors: [refusal] }] } });

    const result = await processChange(deps, hubspotChange('e-long-name', '601'));

    expect(result).toMatchObject({ status: 'quarantined', code: 'STRING_TOO_LONG' });
    const parked = await quarantine.get('hubspot:contacts:601');
    expect(parked?.reason).toContain('FirstName is longer than Salesforce accepts (STRING_TOO_LONG, max length 40)');
    expect(parked?.reason).not.toContain('FFFF');
  });
});
