import type { SQSClient} from '@aws-sdk/client-sqs';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsChangeQueue } from '#adapters/aws/sqs-change-queue';
import type { ChangeEvent } from '#domain/change-event';
import type { LocalSqs } from '#local/runner/local-sqs';
import { createFifoQueue, startTestSqs } from '#test/support/local-aws';

const event = (eventId: string, sourceId: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: '2026-11-23T10:00:00Z', kind: 'upsert', fields: {} });

describe('SqsChangeQueue (fauxqs)', () => {
  let server: LocalSqs;
  let sqs: SQSClient;
  let queueUrl: string;
  beforeAll(async () => {
    ({ server, sqs } = await startTestSqs());
    queueUrl = await createFifoQueue(sqs, 'changes.fifo');
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

  it("lets the poller's row of a record version through beside that version's Outbound Message, and still drops a redelivered one", async () => {
    const url = await createFifoQueue(sqs, 'versions.fifo');
    const queue = new SqsChangeQueue(sqs, url);
    const version: ChangeEvent = { source: 'salesforce', objectType: 'Contact', sourceId: '003A', eventId: '003A-1796500000000', occurredAt: '2026-12-06T10:00:00Z', kind: 'upsert', fields: { Email: 'ada@example.com' } };
    const notified: ChangeEvent = { ...version, partial: true };
    const polled: ChangeEvent = { ...version, fields: { Email: 'ada@example.com', Title: null }, polled: true };
    await queue.enqueue([notified]);
    await queue.enqueue([notified]); // Salesforce sends it again
    await queue.enqueue([polled]);
    await queue.enqueue([polled]); // a later poll run reads the same row

    const received = await drain(url, 3);
    expect(received.map((m) => JSON.parse(m.Body ?? '{}') as ChangeEvent).map((e) => [e.eventId, e.partial ?? false, e.polled ?? false])).toEqual([
      ['003A-1796500000000', true, false],
      ['003A-1796500000000', false, true],
    ]);
  });

  /** Receives and deletes everything on `url` until `count` messages came (or 20 empty polls). */
  async function drain(url: string, count: number): Promise<Message[]> {
    const received: Message[] = [];
    for (let i = 0; i < 20 && received.length < count; i++) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
      received.push(...Messages);
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    }
    return received;
  }

  it('carries any Unicode a vendor sends through send and receive unchanged', async () => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'unicode.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? '';
    const values: Record<string, string> = {
      emoji: 'Zoë 😀 Ünal',
      uffff: 'a\uffffb\ufffe',
      loneSurrogate: 'x\ud800y\udfffz',
      nul: 'before\u0000after\u0008',
      long: Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(i % 2 === 0 ? 0xd83d : 0xffff - (i % 7))).join(''),
      cjk: '東京都',
    };
    const events = Object.entries(values).map(([name, value]) => ({ ...event(`u-${name}`, name), fields: { firstname: value } }));

    const result = await new SqsChangeQueue(sqs, url).enqueue(events);
    const received = await drain(url, events.length);

    expect(result).toEqual({ refused: [] });
    const bodies = received.map((m) => JSON.parse(m.Body ?? '') as ChangeEvent);
    expect(bodies.sort((a, b) => a.eventId.localeCompare(b.eventId))).toEqual([...events].sort((a, b) => a.eventId.localeCompare(b.eventId)));
  });

  it('refuses a snapshot too large for a message and enqueues the rest of its batch', async () => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'sizes.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? '';
    const snapshot: ChangeEvent = { ...event('s-big', 'big'), snapshot: true, fields: { transcript: 'x'.repeat(1_100_000) } };
    const large: ChangeEvent = { ...event('s-large', 'large'), fields: { notes: 'y'.repeat(1_100_000) } };
    const events = [event('s-a', 'a'), snapshot, large, event('s-b', 'b')];

    const { refused } = await new SqsChangeQueue(sqs, url).enqueue(events);
    const received = await drain(url, 3);

    expect(refused.map((r) => [r.event.eventId, r.code])).toEqual([['s-big', 'MESSAGE_TOO_LARGE']]);
    const bodies = received.map((m) => JSON.parse(m.Body ?? '') as ChangeEvent);
    expect(bodies.map((e) => e.eventId).sort()).toEqual(['s-a', 's-b', 's-large']);
    // Not a snapshot: the processor reads the record from its source, so it travels without its values.
    expect(bodies.find((e) => e.eventId === 's-large')?.fields).toEqual({});
  });
});
