import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { hubspotClient, queuesDrained, sandboxRecords, shippedContractWith, startTestHub, waitForCount } from '#test/support/hub-client';
import { localCredentials } from '#test/support/local-aws';

/**
 * An outage of Syncline's own state store is waited out, not paid for with the changes: DynamoDB stopped for a
 * minute in the middle of an import, then started again, and every contact arrives once, none dead-lettered, while
 * the log and an alarm say what happened.
 */
describe('DynamoDB down for 60 s during a 500-contact import', () => {
  let hub: Hub;
  const logs: string[] = [];
  beforeAll(async () => {
    // On disk, as `npm start` keeps it, so the tables are there again when DynamoDB Local comes back.
    hub = await startTestHub({ persist: true, contractFile: shippedContractWith(['hubspot', 'salesforce'], { salesforce: { webhooks: false } }), log: (_fn, line) => logs.push(line) });
  });
  afterAll(() => hub?.stop());

  it('500/500 arrive in Salesforce, no duplicates, no dead letters; the outage shows in the log and as an alarm', async () => {
    const COUNT = 500;
    const hubspot = hubspotClient(hub);
    const emails = Array.from({ length: COUNT }, (_, i) => `attendee${i}@outage.example`);
    const mine = async () => (await sandboxRecords(hub.salesforce.url, 'Contact')).filter((c) => String(c['Email'] ?? '').endsWith('@outage.example'));

    // HubSpot's batch create takes 100 inputs per call.
    const createBatch = (start: number) => hubspot.crm.contacts.batchApi.create({ inputs: emails.slice(start, start + 100).map((email, i) => ({ properties: { email, lastname: `Attendee ${start + i}` }, associations: [] })) });
    // Two batches, then DynamoDB goes away while they are being processed, and the other three arrive.
    for (const start of [0, 100]) await createBatch(start);
    await vi.waitFor(async () => expect((await mine()).length).toBeGreaterThan(0), { timeout: 60_000, interval: 100 });
    await hub.aws.dynamodb.stop();
    for (const start of [200, 300, 400]) await createBatch(start);
    // The outage itself is the scenario: a minute without the state store.
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    await hub.aws.dynamodb.start();

    await waitForCount(async () => (await mine()).length, COUNT);
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), { timeout: 120_000, interval: 1_000 });

    const arrived = await mine();
    expect(new Set(arrived.map((c) => String(c['Email']))).size).toBe(COUNT);
    const dlq = hub.aws.queues.find((q) => q.deadLetter);
    const sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq?.url, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Attributes['ApproximateNumberOfMessages']).toBe('0');
    expect(logs.some((line) => line.includes('infrastructure unavailable') && line.includes('dynamodb'))).toBe(true);
    expect(hub.alerts.some((a) => a.state === 'ALARM' && /Infrastructure/i.test(a.alarm))).toBe(true);
  }, 900_000);
});
