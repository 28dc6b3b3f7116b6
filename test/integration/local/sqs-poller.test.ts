import type { SQSClient } from '@aws-sdk/client-sqs';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalFunction } from '#local/runner/function-host';
import { SqsPoller } from '#local/runner/sqs-poller';
import type { LocalSqs } from '#local/runner/local-sqs';
import { startTestSqs } from '#test/support/local-aws';

describe('the local SQS event source (fauxqs + a worker-thread function)', () => {
  let server: LocalSqs;
  let sqs: SQSClient;
  beforeAll(async () => {
    ({ server, sqs } = await startTestSqs());
  });
  afterAll(() => server.stop());

  it('deletes what succeeded, retries only the reported failures, and dead-letters them after maxReceiveCount', async () => {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'p-dlq.fifo', Attributes: { FifoQueue: 'true' } }));
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.['QueueArn'];
    const redrive = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
    const main = await sqs.send(new CreateQueueCommand({ QueueName: 'p.fifo', Attributes: { FifoQueue: 'true', VisibilityTimeout: '30', RedrivePolicy: redrive } }));
    const queue = { logicalId: 'P', name: 'p.fifo', url: main.QueueUrl ?? '', arn: 'arn:aws:sqs:us-east-1:000000000000:p.fifo', fifo: true, visibilityTimeout: 30, deadLetter: false };
    const fn = new LocalFunction({ logicalId: 'FailMarked', entry: 'test/fixtures/functions/fail-marked.ts', handlerName: 'handler', environment: {}, timeoutSeconds: 10 }, process.cwd(), () => undefined);
    const poller = new SqsPoller(sqs, queue, fn, { batchSize: 10, reportBatchItemFailures: true, retryDelaySeconds: 0 });

    for (const [i, body] of ['ok-1', 'fail-1', 'ok-2'].entries()) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body, MessageGroupId: `g${i}`, MessageDeduplicationId: body }));
    }
    poller.start();
    try {
      const deadLettered = await server.spy.waitForMessage((m) => 'queueName' in m && m.status === 'dlq', undefined, 20_000);
      expect('body' in deadLettered && deadLettered.body).toBe('fail-1');
      await vi.waitFor(async () => {
        const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
        expect(Number(Attributes['ApproximateNumberOfMessages']) + Number(Attributes['ApproximateNumberOfMessagesNotVisible'])).toBe(0);
      }, { timeout: 10_000 });
      const consumed = server.spy.getAllMessages().filter((m) => 'queueName' in m && m.queueName === 'p.fifo' && m.status === 'consumed').map((m) => ('body' in m ? m.body : ''));
      expect(consumed.sort()).toEqual(['ok-1', 'ok-2']);
    } finally {
      await poller.stop();
      await fn.close();
    }
  });
});
