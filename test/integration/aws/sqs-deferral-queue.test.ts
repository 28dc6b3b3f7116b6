import type { SQSClient} from '@aws-sdk/client-sqs';
import { DeleteMessageCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resilientSqsClient } from '#adapters/aws/resilient-clients';
import { batchRecordOf, SqsDeferralQueue } from '#adapters/aws/sqs-deferral-queue';
import type { BatchRecord } from '#app/process-batch';
import type { ChangeEvent } from '#domain/change-event';
import { toSqsEvent } from '#local/runner/sqs-poller';
import type { LocalSqs } from '#local/runner/local-sqs';
import { createFifoQueue, localCredentials, startTestSqs } from '#test/support/local-aws';

const event = (eventId: string, sourceId: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: '2026-12-06T10:00:00Z', kind: 'upsert', fields: {} });
const record = (eventId: string, groupId: string): BatchRecord => ({ messageId: `original-${eventId}`, body: JSON.stringify(event(eventId, groupId)), groupId, receiveCount: 1, event: event(eventId, groupId) });

describe('SqsDeferralQueue (fauxqs)', () => {
  let server: LocalSqs;
  let sqs: SQSClient;
  let queueUrl: string;
  beforeAll(async () => {
    ({ server, sqs } = await startTestSqs());
    queueUrl = await createFifoQueue(sqs, 'changes.fifo');
  });
  afterAll(() => server.stop());

  async function receiveAll(count: number): Promise<Message[]> {
    const received: Message[] = [];
    for (let i = 0; i < 20 && received.length < count; i++) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'], VisibilityTimeout: 60 }));
      received.push(...Messages);
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
    return received;
  }

  it('sends the same body to the same group, in order, carrying the deferral that the processor reads back', async () => {
    const queue = new SqsDeferralQueue(sqs, queueUrl);
    const changes = [record('e1', 'g1'), record('e2', 'g2'), record('e3', 'g1')].map((r, i) => ({ record: r, deferral: { count: i + 1, firstAt: 1_765_000_000_000 + i } }));

    expect(await queue.defer(changes)).toEqual(new Set());
    // The same deferral sent again (an SDK retry) is one message, not two.
    await queue.defer(changes.slice(0, 1));
    const received = await receiveAll(3);

    expect(received).toHaveLength(3);
    expect(received.map((m) => m.Body)).toEqual(expect.arrayContaining(changes.map((c) => c.record.body)));
    expect(received.filter((m) => m.Attributes?.MessageGroupId === 'g1').map((m) => (JSON.parse(m.Body ?? '{}') as ChangeEvent).eventId)).toEqual(['e1', 'e3']);
    // As the local runner hands them to the processor, and as Lambda does: the attributes survive the round trip.
    const records = toSqsEvent({ logicalId: 'Q', name: 'changes.fifo', url: queueUrl, arn: 'arn:aws:sqs:us-east-1:000000000000:changes.fifo', fifo: true, visibilityTimeout: 180, deadLetter: false }, received).Records.map(batchRecordOf);
    const byEvent = new Map(records.map((r) => [r.event?.eventId, r]));
    expect(byEvent.get('e1')).toMatchObject({ groupId: 'g1', receiveCount: 1, deferral: { count: 1, firstAt: 1_765_000_000_000 }, event: event('e1', 'g1') });
    expect(byEvent.get('e3')?.deferral).toEqual({ count: 3, firstAt: 1_765_000_000_002 });
  });

  it('reads a message that was never deferred as such, and a body that is not a change as no event', () => {
    const [plain, junk] = toSqsEvent({ logicalId: 'Q', name: 'q', url: queueUrl, arn: 'arn', fifo: true, visibilityTimeout: 180, deadLetter: false }, [
      { MessageId: 'm1', Body: JSON.stringify(event('e9', 'g9')), Attributes: { MessageGroupId: 'g9', ApproximateReceiveCount: '4' } },
      { MessageId: 'm2', Body: 'not json', Attributes: { MessageGroupId: 'g9', ApproximateReceiveCount: '1' } },
    ]).Records.map(batchRecordOf);

    expect(plain).toEqual({ messageId: 'm1', body: JSON.stringify(event('e9', 'g9')), groupId: 'g9', receiveCount: 4, event: event('e9', 'g9') });
    expect(junk?.event).toBeUndefined();
  });

  it('refuses every change it could not send when the queue cannot be reached, so their groups fail and return', async () => {
    const unreachable = new SqsDeferralQueue(resilientSqsClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: localCredentials }), queueUrl);

    const refused = await unreachable.defer([
      { record: record('e1', 'g1'), deferral: { count: 1, firstAt: 0 } },
      { record: record('e2', 'g2'), deferral: { count: 1, firstAt: 0 } },
    ]);

    expect(refused).toEqual(new Set(['original-e1', 'original-e2']));
  });
});
