import { createHmac } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseHubspotWebhook } from '#adapters/vendors/hubspot/parse-webhook';
import { coalesceUpserts } from '#domain/coalesce';
import type { Hub } from '#local/hub';
import { auditOf, getJson, hubspotClient, postJson, queuesDrained, sandboxCounts, sandboxRecords, shippedContractWith, startTestHub } from '#test/support/hub-client';
import { localCredentials } from '#test/support/local-aws';

const WAIT = { timeout: 60_000, interval: 200 };

describe('a HubSpot contact change flows to Salesforce through the local hub', () => {
  let hub: Hub;
  const logs: { fn: string; line: string }[] = [];
  beforeAll(async () => {
    // The two CRMs only, Salesforce polled (its Outbound Messages have their own e2e): the other connectors' traffic,
    // and a second copy of every Salesforce echo, are not this flow's subject.
    hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce'], { salesforce: { webhooks: false } }), log: (fn, line) => logs.push({ fn, line }) });
  });
  afterAll(() => hub?.stop());

  const salesforceContactOf = async (hubspotId: string) => (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['HubSpot_Id__c'] === hubspotId);

  it('creates the mapped Salesforce Contact with an audit entry per field, then applies an edit', async () => {
    const hubspot = hubspotClient(hub);
    const created = await hubspot.crm.contacts.basicApi.create({ properties: { email: ' Grace.Hopper@Navy.example ', firstname: 'Grace', lastname: 'Hopper', phone: '+1 202 555 0143', jobtitle: 'Rear  Admiral' }, associations: [] });

    const contact = await vi.waitFor(async () => {
      const found = await salesforceContactOf(created.id);
      expect(found).toBeDefined();
      return found as Record<string, unknown>;
    }, WAIT);
    expect(contact).toMatchObject({ Email: 'grace.hopper@navy.example', FirstName: 'Grace', LastName: 'Hopper', Phone: '+1 202 555 0143', Title: 'Rear Admiral' });

    const recordKey = `salesforce:Contact:${String(contact['Id'])}`;
    // The audit entries are written right after the upsert; wait for the whole first write to be there.
    const audit = await vi.waitFor(async () => {
      const entries = await auditOf(hub, recordKey);
      expect(entries.map((e) => [e.field, e.before, e.after])).toEqual(
        expect.arrayContaining([
          ['Email', null, 'grace.hopper@navy.example'],
          ['LastName', null, 'Hopper'],
          ['Title', null, 'Rear Admiral'],
        ]),
      );
      return entries;
    }, WAIT);
    expect(audit.every((e) => e.sourceKey === `hubspot:contacts:${created.id}` && e.actor === 'syncline')).toBe(true);

    // Later edits update the linked Contact by its Id, sending only what changed. Salesforce owns the title but has
    // never set it, so HubSpot's value keeps filling it; HubSpot owns the lead score.
    const scoreBefore = contact['HubSpot_Lead_Score__c'] ?? null;
    await hubspot.crm.contacts.basicApi.update(created.id, { properties: { jobtitle: 'Commodore', hubspotscore: '88' } });
    await vi.waitFor(async () => expect(await salesforceContactOf(created.id)).toMatchObject({ HubSpot_Lead_Score__c: 88, Title: 'Commodore' }), WAIT);
    await vi.waitFor(async () => {
      const latest = (await auditOf(hub, recordKey)).slice(-2).map((e) => [e.field, e.before, e.after]);
      expect(latest).toEqual(expect.arrayContaining([['HubSpot_Lead_Score__c', scoreBefore, 88], ['Title', 'Rear Admiral', 'Commodore']]));
    }, WAIT);
    expect((await sandboxCounts(hub.salesforce.url))['updateCollection']).toBeGreaterThanOrEqual(1);
  });

  it('emits CloudWatch EMF metrics and logs no contact data', () => {
    const parsed = logs.flatMap((l) => {
      try {
        return [JSON.parse(l.line) as Record<string, unknown>];
      } catch {
        return []; // Powertools also prints plain notices, e.g. when an invocation had no metrics
      }
    });
    const emf = parsed.filter((l) => '_aws' in l);
    // A metric counted several times in one invocation is one EMF value list, e.g. "ChangesSynced": [1, 1].
    const named = (name: string) => emf.filter((m) => typeof m[name] === 'number' || Array.isArray(m[name]));
    expect(named('ChangesReceived').length).toBeGreaterThan(0);
    expect(named('ChangesSynced').length).toBeGreaterThan(0);
    expect(named('RecordsWritten').length).toBeGreaterThan(0);
    expect(emf.every((m) => m['service'] === 'syncline')).toBe(true);
    const text = logs.map((l) => l.line).join('\n');
    expect(text).not.toMatch(/grace\.hopper|Hopper|555 0143|pat-local-sandbox-token|local-hubspot-client-secret/i);
  });

  it('delivering the same webhook three more times changes nothing and makes no further Salesforce call', async () => {
    const hubspot = hubspotClient(hub);
    const created = await hubspot.crm.contacts.basicApi.create({ properties: { email: 'katherine.johnson@nasa.example', firstname: 'Katherine', lastname: 'Johnson' }, associations: [] });
    await vi.waitFor(async () => expect(await salesforceContactOf(created.id)).toBeDefined(), WAIT);
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    const { deliveries } = await getJson<{ deliveries: { id: string; body: string }[] }>(`${hub.hubspot.url}/__sandbox/webhooks`);
    const delivery = deliveries.filter((d) => d.body.includes(`"objectId":${created.id}`)).at(-1);
    expect(delivery).toBeDefined();
    const before = { counts: await sandboxCounts(hub.salesforce.url), reads: (await sandboxCounts(hub.hubspot.url))['getObject'], contact: await salesforceContactOf(created.id) };
    const duplicatesLogged = () => logs.filter((l) => l.line.includes('"status":"duplicate"')).length;
    const duplicatesBefore = duplicatesLogged();
    const auditBefore = await auditOf(hub, `salesforce:Contact:${String(before.contact?.['Id'])}`);

    for (let i = 0; i < 3; i++) {
      const { status } = await postJson<{ status: number }>(`${hub.hubspot.url}/__sandbox/webhooks/${delivery?.id}/redeliver`, {});
      expect(status).toBe(202);
    }
    // Past SQS's 5-minute deduplication window the same events arrive again: the processor's own idempotency keys stop them.
    const sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
    const changes = hub.aws.queues.find((q) => q.fifo && !q.deadLetter);
    // The changes the webhook function made of that delivery (one per record: creation and property events collapse).
    const parsed = parseHubspotWebhook(delivery?.body ?? '[]');
    const events = coalesceUpserts(parsed.ok ? parsed.events : []);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      const body = JSON.stringify(e);
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: changes?.url, MessageBody: body, MessageGroupId: `hubspot:contacts:${e.sourceId}`, MessageDeduplicationId: `late-${createHmac('sha256', 'x').update(body).digest('hex')}` }));
      await hub.queueSpy.waitForMessageWithId(sent.MessageId ?? '', 'consumed', 20_000);
    }
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);

    expect(await sandboxCounts(hub.salesforce.url)).toEqual(before.counts);
    // The processor recognized each late event as already processed: it did not even read HubSpot again.
    expect((await sandboxCounts(hub.hubspot.url))['getObject']).toBe(before.reads);
    expect(duplicatesLogged() - duplicatesBefore).toBe(events.length);
    expect(await salesforceContactOf(created.id)).toEqual(before.contact);
    expect(await auditOf(hub, `salesforce:Contact:${String(before.contact?.['Id'])}`)).toEqual(auditBefore);
  });
});
