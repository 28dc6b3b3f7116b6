import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hubspotV3Signature } from '#adapters/vendors/hubspot/verify-signature';
import type { Hub } from '#local/hub';
import { auditOf, getJson, hubspotClient, postJson, queuesDrained, sandboxCounts, sandboxRecords, startTestHub } from '#test/support/hub-client';
import { localCredentials } from '#test/support/local-aws';

const WAIT = { timeout: 60_000, interval: 200 };

describe('the local hub refuses bad webhooks and survives vendor faults', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub?.stop());

  const event = { eventId: 1, subscriptionId: 9, portalId: 62515, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', objectId: 1, propertyName: 'jobtitle', propertyValue: 'x', attemptNumber: 0 };
  const post = (body: string, headers: Record<string, string>) => fetch(hub.webhookUrl('hubspot'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signedHeaders = (body: string, timestamp = Date.now(), secret: string = hub.credentials.hubspot.clientSecret) => ({
    'x-hubspot-signature-v3': hubspotV3Signature(secret, 'POST', hub.webhookUrl('hubspot'), body, String(timestamp)),
    'x-hubspot-request-timestamp': String(timestamp),
  });
  const published = () => hub.queueSpy.getAllMessages().filter((m) => 'status' in m && m.status === 'published').length;

  it.each([
    ['no signature', 401, 'missing-signature', () => post(JSON.stringify([event]), {})],
    ['a signature made with another secret', 401, 'bad-signature', () => post(JSON.stringify([event]), signedHeaders(JSON.stringify([event]), Date.now(), 'wrong'))],
    ['a body changed after signing', 401, 'bad-signature', () => post(JSON.stringify([{ ...event, objectId: 2 }]), signedHeaders(JSON.stringify([event])))],
    ['a timestamp 6 minutes old', 401, 'stale-timestamp', () => post(JSON.stringify([event]), signedHeaders(JSON.stringify([event]), Date.now() - 360_000))],
    ['malformed JSON, correctly signed', 400, 'malformed-body', () => post('[{"eventId":', signedHeaders('[{"eventId":'))],
    ['a body over 256 KB', 413, 'body-too-large', () => post(JSON.stringify([{ ...event, propertyValue: 'x'.repeat(300_000) }]), {})],
  ])('rejects %s with a precise %i (%s) and enqueues nothing', async (_name, status, error, send) => {
    const before = published();
    const response = await send();
    const body = (await response.json()) as { error: string; message: string };

    expect(response.status).toBe(status);
    expect(body.error).toBe(error);
    expect(body.message).toMatch(/\.$/);
    expect(published()).toBe(before);
  });

  it('answers 404 for a source that has no webhook route', async () => {
    const response = await fetch(hub.webhookUrl('zendesk'), { method: 'POST', body: '[]' });
    expect(response.status).toBe(404);
  });

  /** A contact already synced to Salesforce, with the queues drained: its next edit is one event, one read, one upsert. */
  async function syncedContact(email: string, lastname: string): Promise<string> {
    const created = await hubspotClient(hub).crm.contacts.basicApi.create({ properties: { email, lastname }, associations: [] });
    await vi.waitFor(async () => expect((await sandboxRecords(hub.salesforce.url, 'Contact')).some((c) => c['HubSpot_Id__c'] === created.id)).toBe(true), WAIT);
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    return created.id;
  }

  async function expectDeadLetterQueueEmpty(): Promise<void> {
    const dlq = hub.aws.queues.find((q) => q.deadLetter);
    expect(dlq).toBeDefined();
    const sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq?.url, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Attributes['ApproximateNumberOfMessages']).toBe('0');
  }

  const scoreOf = async (id: string) => (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['HubSpot_Id__c'] === id)?.['HubSpot_Lead_Score__c'];

  it('a Salesforce 503 during the write sends the change back to the queue; it lands once the API recovers', async () => {
    const id = await syncedContact('dorothy.vaughan@nasa.example', 'Vaughan');
    // The Contact is linked now, so later changes update it by its Id (sObject Collections update).
    const updates = async () => (await getJson<{ calls: { endpoint: string; status: number }[] }>(`${hub.salesforce.url}/__sandbox/calls`)).calls.filter((c) => c.endpoint === 'updateCollection');
    const before = (await updates()).length;
    await postJson(`${hub.salesforce.url}/__sandbox/faults`, { endpoint: 'updateCollection', kind: 'status', status: 503, count: 2 });

    await hubspotClient(hub).crm.contacts.basicApi.update(id, { properties: { hubspotscore: '41' } });

    await vi.waitFor(async () => expect(await scoreOf(id)).toBe(41), WAIT);
    // Two refused attempts, then the one that landed (the seeded records' own traffic may add calls of its own): the
    // failures were not acknowledged, and the score was written once.
    const statuses = (await updates()).slice(before).map((c) => c.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect(statuses.slice(0, 2)).toEqual([503, 503]);
    // The change is done (audited, acknowledged) once the queues are empty.
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    const contact = (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['HubSpot_Id__c'] === id);
    expect((await auditOf(hub, `salesforce:Contact:${String(contact?.['Id'])}`)).filter((e) => e.field === 'HubSpot_Lead_Score__c' && e.after === 41)).toHaveLength(1);
    await expectDeadLetterQueueEmpty();
  });

  it('a HubSpot 429 while reading the contact is waited out (Retry-After) and retried, and nothing is lost', async () => {
    const id = await syncedContact('mary.jackson@nasa.example', 'Jackson');
    const before = (await sandboxCounts(hub.hubspot.url))['batchRead'] ?? 0;
    // The processor reads a batch's HubSpot records with one batch read; the first two answer 429.
    await postJson(`${hub.hubspot.url}/__sandbox/faults`, { endpoint: 'batchRead', kind: 'status', status: 429, retryAfterSeconds: 1, count: 2 });

    await hubspotClient(hub).crm.contacts.basicApi.update(id, { properties: { hubspotscore: '57' } });

    await vi.waitFor(async () => expect(await scoreOf(id)).toBe(57), WAIT);
    expect(((await sandboxCounts(hub.hubspot.url))['batchRead'] ?? 0) - before).toBe(3);
    await expectDeadLetterQueueEmpty();
  });
});
