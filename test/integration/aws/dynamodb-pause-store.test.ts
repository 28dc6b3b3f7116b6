import { ReceiveMessageCommand, DeleteMessageCommand, SendMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ParkPaused } from '#app/park-paused';
import { resumeConnector } from '#app/pause-connector';
import type { BatchRecord } from '#app/process-batch';
import { DynamoDbPauseStore, pausedConnectors } from '#adapters/aws/dynamodb-pause-store';
import { SqsParkedQueue } from '#adapters/aws/sqs-parked-queue';
import { idempotencyKey, recordKey, type ChangeEvent } from '#domain/change-event';
import type { ParkedChange } from '#ports/pauses';
import type { LocalSqs } from '#local/runner/local-sqs';
import { shippedPlan } from '#test/support/processor-setup';
import { createFifoQueue, createTable, dynamoClients, startTestSqs } from '#test/support/local-aws';

const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));
const event = (id: string, eventId: string, fields: ChangeEvent['fields'] = {}): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId: id, eventId, occurredAt: '2026-12-01T10:00:00Z', kind: 'upsert', fields });
const parked = (n: number, e: ChangeEvent): ParkedChange => ({ id: `${String(n).padStart(15, '0')}#0000#m${n}`, connector: 'hubspot', event: e, groupId: recordKey(e.source, e.objectType, e.sourceId), at: '2026-12-01T10:00:00.000Z' });

describe('DynamoDbPauseStore (DynamoDB Local)', () => {
  let store: DynamoDbPauseStore;
  let table: string;
  beforeAll(async () => {
    table = await createTable(client, ['pk', 'sk']);
    store = new DynamoDbPauseStore(documents, table);
  });

  it('pauses and resumes each connector once, and lists the paused set for the health report', async () => {
    expect(await store.pause('hubspot', '2026-12-01T10:00:00.000Z')).toBe(true);
    expect(await store.pause('hubspot', '2026-12-01T11:00:00.000Z')).toBe(false);
    expect(await store.pause('outreach', '2026-12-01T10:30:00.000Z')).toBe(true);

    expect(await store.paused()).toEqual([{ connector: 'hubspot', since: '2026-12-01T10:00:00.000Z' }, { connector: 'outreach', since: '2026-12-01T10:30:00.000Z' }]);
    expect(await pausedConnectors(documents, table)).toEqual(['hubspot', 'outreach']);
    expect(await store.isPaused('hubspot')).toBe(true);
    expect(await store.resume('outreach')).toBe(true);
    expect(await store.resume('outreach')).toBe(false);
    expect(await store.isPaused('outreach')).toBe(false);
  });

  it('parks changes in order while paused, a page at a time, across transactions of 99', async () => {
    await store.pause('salesforce', '2026-12-01T10:00:00.000Z');
    const changes = Array.from({ length: 150 }, (_, n) => ({ ...parked(n, event(String(n), `e${n}`)), connector: 'salesforce' }));

    expect(await store.park('salesforce', changes.slice(0, 120))).toBe(true);
    expect(await store.park('salesforce', changes.slice(120))).toBe(true);

    expect(await store.countParked('salesforce')).toBe(150);
    expect((await store.parked('salesforce', 100)).map((c) => c.event.eventId)).toEqual(changes.slice(0, 100).map((c) => c.event.eventId));
    await store.unpark('salesforce', changes.slice(0, 100).map((c) => c.id));
    expect((await store.parked('salesforce', 100)).map((c) => c.id)).toEqual(changes.slice(100).map((c) => c.id));
  });

  it('rejects parking behind a connector that is not paused, storing nothing', async () => {
    expect(await store.park('outreach', [parked(1, event('1', 'late'))])).toBe(false);
    expect(await store.countParked('outreach')).toBe(0);
  });

  it('parks a change too large for an item without its snapshot, its identity whole', async () => {
    const huge = { ...event('big', 'e-big', { notes: 'x'.repeat(500_000) }), snapshot: true };

    expect(await store.park('hubspot', [parked(7, huge)])).toBe(true);

    const [back] = await store.parked('hubspot', 10);
    expect(back?.event).toMatchObject({ source: 'hubspot', sourceId: 'big', eventId: 'e-big' });
    expect(back?.event.snapshot).toBeUndefined();
  });

  it('adds one DynamoDB request to a batch that parks nothing, whatever its size, and one conditional write to one that parks', async () => {
    // Prepare: a client that counts its requests; HubSpot is paused, which Outreach's changes do not write to.
    let requests = 0;
    const counting = Object.create(documents) as typeof documents;
    counting.send = ((command: never) => {
      requests++;
      return documents.send(command);
    }) as typeof documents.send;
    let now = Date.parse('2026-12-01T10:00:00Z');
    const own = await createTable(client, ['pk', 'sk']);
    await new DynamoDbPauseStore(documents, own).pause('hubspot', '2026-12-01T09:00:00.000Z');
    const gate = new ParkPaused({ plan: shippedPlan(['hubspot', 'salesforce', 'outreach']), pauses: new DynamoDbPauseStore(counting, own), clock: { nowMs: () => now } });
    const record = (e: ChangeEvent): BatchRecord => ({ messageId: e.eventId, body: '{}', groupId: 'g', receiveCount: 1, event: e });
    const outreach = (n: number): ChangeEvent => ({ source: 'outreach', objectType: 'prospect', sourceId: String(n), eventId: `o${n}`, occurredAt: '2026-12-01T10:00:00Z', kind: 'upsert', fields: {} });

    // Act: a batch of 10 changes nothing paused holds back; then one with two HubSpot changes.
    const first = await gate.parkHeld(Array.from({ length: 10 }, (_, n) => record(outreach(n))));
    const afterFirst = requests;
    now += 1_000;
    const second = await gate.parkHeld([record(event('1', 'h1')), record(event('2', 'h2')), record(outreach(11))]);

    // Assess
    expect(first.size).toBe(0);
    expect(afterFirst).toBe(1);
    expect([...second.values()].map((o) => o.status)).toEqual(['parked', 'parked']);
    expect(requests - afterFirst).toBe(2);
  });
});

describe('resume (DynamoDB Local, fauxqs)', () => {
  let server: LocalSqs;
  let sqs: SQSClient;
  beforeAll(async () => ({ server, sqs } = await startTestSqs()));
  afterAll(async () => server.stop());

  async function drain(queueUrl: string): Promise<Message[]> {
    const received: Message[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
      if (Messages.length === 0) return received;
      received.push(...Messages);
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }

  it('sends every parked change back in order, with its event id, even within SQS\'s deduplication interval of the original', async () => {
    // Prepare: three changes of one record arrived (their messages sent a moment ago) and were parked behind HubSpot.
    const store = new DynamoDbPauseStore(documents, await createTable(client, ['pk', 'sk']));
    const queueUrl = await createFifoQueue(sqs, `resume-${Date.now()}.fifo`);
    const changes = ['a', 'b', 'c'].map((id, n) => parked(n, event('1001', id)));
    for (const c of changes) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(c.event), MessageGroupId: c.groupId, MessageDeduplicationId: idempotencyKey(c.event) }));
    await drain(queueUrl);
    await store.pause('hubspot', '2026-12-01T10:00:00.000Z');
    await store.park('hubspot', changes);

    // Act
    const result = await resumeConnector({ pauses: store, queue: new SqsParkedQueue(sqs, queueUrl) }, 'hubspot');

    // Assess
    expect(result).toEqual({ wasPaused: true, sent: 3, refused: [] });
    expect((await drain(queueUrl)).map((m) => (JSON.parse(m.Body ?? '{}') as ChangeEvent).eventId)).toEqual(['a', 'b', 'c']);
    expect(await store.countParked('hubspot')).toBe(0);
    expect(await store.isPaused('hubspot')).toBe(false);
    expect(await store.park('hubspot', [parked(9, event('1001', 'late'))]), 'a stale processor cannot park after the resume').toBe(false);
  });
});
