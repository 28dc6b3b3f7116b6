import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsChangeQueue } from '#adapters/aws/sqs-change-queue';
import type { ChangeEvent } from '#domain/change-event';
import { localCredentials } from '#test/support/local-aws';

const event = (eventId: string, sourceId: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: '2026-11-23T10:00:00Z', kind: 'upsert', fields: {} });

describe('SqsChangeQueue (fauxqs)', () => {
  let server: FauxqsServer;
  let sqs: SQSClient;
  let queueUrl: string;
  beforeAll(async () => {
    server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    sqs = new SQSClient({ endpoint: `http://127.0.0.1:${server.port}`, region: 'us-east-1', credentials: localCredentials });
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'changes.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? '';
  });
  afterAll(() => server.stop());

  it('groups messages by record identity and drops a redelivered event by its deduplication id', async () => {
    const queue = new SqsChangeQueue(sqs, queueUrl);
    const events = Array.from({ length: 12 }, (_, i) => event(`e${i}`, String(i % 2)));
    await queue.enqueue(events);
    await queue.enqueue([events[0] as ChangeEvent]);

    const received: Message[] = [];
    for (let i = 0; i < 20 && received.length < 13; i++) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], VisibilityTimeout: 60 }));
      received.push(...Messages);
      // A FIFO group stays locked while any of its messages is in flight, so delete before receiving more.
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
    expect(received).toHaveLength(12);
    expect(new Set(received.map((m) => m.Attributes?.MessageGroupId))).toEqual(new Set(['hubspot:contacts:0', 'hubspot:contacts:1']));
    expect(received.map((m) => m.Attributes?.MessageDeduplicationId).sort()).toEqual(events.map((e) => `hubspot:${e.eventId}`).sort());
    const order = (group: string) => received.filter((m) => m.Attributes?.MessageGroupId === group).map((m) => (JSON.parse(m.Body ?? '{}') as ChangeEvent).eventId);
    expect(order('hubspot:contacts:0')).toEqual(['e0', 'e2', 'e4', 'e6', 'e8', 'e10']);
  });
});
