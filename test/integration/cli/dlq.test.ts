import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SQSClient} from '@aws-sdk/client-sqs';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { DynamoDbFailureLog } from '#adapters/aws/dynamodb-failure-log';
import { idempotencyKey, recordKey, type ChangeEvent } from '#domain/change-event';
import type { HubConnection } from '#local/hub-file';
import { dlqList, dlqRedrive, dlqShow } from '#cli/dlq';
import type { LocalSqs } from '#local/runner/local-sqs';
import { createTable, dynamoClients, startTestSqs } from '#test/support/local-aws';

const run = promisify(execFile);
const dynamodbEndpoint = inject('dynamodbEndpoint');
const { client: dynamo, documents } = dynamoClients(dynamodbEndpoint);
const dir = mkdtempSync(join(tmpdir(), 'syncline-dlq-cli-'));

const event = (sourceId: string, eventId: string, firstName = 'Ada'): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: '2026-12-01T10:00:00Z', kind: 'upsert', fields: { firstName } });
/** The changes queue's encoding: JSON with every non-ASCII character escaped as \uXXXX. */
const asciiJson = (e: ChangeEvent) => JSON.stringify(e).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('syncline dlq (fauxqs, DynamoDB Local)', () => {
  let server: LocalSqs;
  let sqs: SQSClient;
  let c: Required<Omit<HubConnection, 'secretsFile' | 'idempotencyTable' | 'contractFile' | 'syncRunMachineArn' | 'enrichMachineArn' | 'hubUrl' | 'healthToken'>>;
  let failures: DynamoDbFailureLog;
  beforeAll(async () => {
    ({ server, sqs } = await startTestSqs());
    const stateTable = await createTable(dynamo, ['pk', 'sk']);
    failures = new DynamoDbFailureLog(documents, stateTable);
    c = { region: 'us-east-1', dynamodbEndpoint, sqsEndpoint: server.endpoint, stateTable, auditTable: 'unused', changesQueueUrl: '', deadLetterQueueUrl: '' };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  });

  // Fresh queues per test, as the stack makes them: a FIFO changes queue whose redrive policy (here after 1 receive) points at a FIFO DLQ.
  beforeEach(async () => {
    const name = randomUUID().slice(0, 8);
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `dlq-${name}.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? '';
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }));
    const RedrivePolicy = JSON.stringify({ deadLetterTargetArn: Attributes.QueueArn, maxReceiveCount: 1 });
    const changes = (await sqs.send(new CreateQueueCommand({ QueueName: `changes-${name}.fifo`, Attributes: { FifoQueue: 'true', RedrivePolicy } }))).QueueUrl ?? '';
    c = { ...c, changesQueueUrl: changes, deadLetterQueueUrl: dlq };
  });

  /** Sends each change to the changes queue and receives it twice without deleting it: SQS moves it to the DLQ. Their message ids. */
  async function deadLetter(events: readonly ChangeEvent[]): Promise<string[]> {
    const ids: string[] = [];
    for (const e of events) {
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: c.changesQueueUrl, MessageBody: asciiJson(e), MessageGroupId: recordKey(e.source, e.objectType, e.sourceId), MessageDeduplicationId: idempotencyKey(e) }));
      ids.push(sent.MessageId ?? '');
      const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: c.changesQueueUrl, VisibilityTimeout: 0 }));
      expect(first.Messages).toHaveLength(1);
      const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: c.changesQueueUrl, VisibilityTimeout: 0 }));
      expect(second.Messages ?? []).toHaveLength(0);
    }
    return ids;
  }

  async function depth(queueUrl: string): Promise<number> {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  }

  /** Everything in the changes queue, deleting as it goes (a FIFO group yields its next message only then). */
  async function drainChanges(): Promise<Message[]> {
    const received: Message[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: c.changesQueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
      if (Messages.length === 0) return received;
      received.push(...Messages);
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: c.changesQueueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }

  it('lists a dead-lettered change with its record, receive count and recorded last error, and consumes nothing', async () => {
    const e = event('1042', 'evt-1');
    const [id] = await deadLetter([e]);
    await failures.record({ key: idempotencyKey(e), error: 'RetryableError', code: 'VENDOR_UNAVAILABLE', message: 'salesforce answered 500', receiveCount: 5, at: '2026-12-01T10:05:00.000Z' });

    const first = await dlqList(c);
    const second = await dlqList(c);

    const row = first.split('\n').find((l) => l.startsWith(id ?? '?')) ?? '';
    expect(row).toContain('hubspot:contacts:1042');
    expect(row).toMatch(/\s[3-9]\s/); // received twice at the source, once by this listing
    expect(row).toContain('RetryableError VENDOR_UNAVAILABLE: salesforce answered 500 (delivery 5, 2026-12-01T10:05:00.000Z)');
    expect(second).toContain(id);
    expect(await depth(c.deadLetterQueueUrl)).toBe(1);
    expect(await depth(c.changesQueueUrl)).toBe(0);
  });

  it('lists a change without a recorded failure as such, and says so when the queue is empty', async () => {
    expect(await dlqList(c)).toBe('The dead-letter queue is empty.');
    const [id] = await deadLetter([event('7', 'evt-7')]);

    expect((await dlqList(c)).split('\n').find((l) => l.startsWith(id ?? '?'))).toContain('(none recorded)');
  });

  it('shows the whole message, its body pretty-printed, with its last error (terminal controls escaped); rejects an unknown id', async () => {
    const e = event('1042', 'evt-2', 'Zoë');
    const [id = ''] = await deadLetter([e]);
    await failures.record({ key: idempotencyKey(e), error: 'UnexpectedError', message: 'socket hang up\u001b[2J\u202eevil', receiveCount: 2, at: '2026-12-01T10:06:00.000Z' });

    const shown = await dlqShow(c, id);
    const unknown = await dlqShow(c, 'no-such-message');

    expect(shown.ok).toBe(true);
    expect(shown.text).toContain(`ID:             ${id}`);
    expect(shown.text).toContain('Record:         hubspot:contacts:1042');
    expect(shown.text).toContain('Last error:     UnexpectedError: socket hang up\\u001b[2J'); // a terminal control shown, not obeyed
    expect(shown.text).not.toContain('\u001b');
    expect(shown.text).toContain('\\u202eevil'); // a bidirectional override shown, not obeyed
    expect(shown.text).not.toContain('\u202e');
    expect(shown.text).toContain(`Body:\n${JSON.stringify(e, null, 2)}`);
    expect(unknown).toEqual({ ok: false, text: expect.stringContaining('No message no-such-message') });
    expect(await depth(c.deadLetterQueueUrl)).toBe(1);
  });

  it('redrives one change to the changes queue exactly once, byte for byte, under a new deduplication id; reports an unknown id missing', async () => {
    const e = event('1042', 'evt-3', 'Zoë');
    const [id = ''] = await deadLetter([e]);

    const result = await dlqRedrive(c, [id, 'no-such-message']);
    const again = await dlqRedrive(c, [id]);

    expect(result.ok).toBe(false);
    expect(result.text).toBe(`Moved 1 change(s) back to the changes queue: ${id} (hubspot:contacts:1042).\nNot in the dead-letter queue: no-such-message.`);
    expect(again.text).toContain(`Not in the dead-letter queue: ${id}.`);
    expect(await depth(c.deadLetterQueueUrl)).toBe(0);
    const moved = await drainChanges();
    expect(moved).toHaveLength(1);
    expect(moved[0]?.Body).toBe(asciiJson(e));
    expect(moved[0]?.Body).toContain('Zo\\u00eb');
    expect(moved[0]?.Attributes?.MessageGroupId).toBe('hubspot:contacts:1042');
    expect(moved[0]?.Attributes?.MessageDeduplicationId).not.toBe(idempotencyKey(e));
  });

  it('redrives --all: several changes of different records, each record in order, after saying the later one was not shown', async () => {
    const events = [event('1', 'a1'), event('2', 'b1'), event('1', 'a2'), event('3', 'c1')];
    await deadLetter(events);

    const listed = await dlqList(c);
    const result = await dlqRedrive(c, 'all');

    expect(listed).toContain('1 more message(s) in the dead-letter queue are not shown');
    expect(result.ok).toBe(true);
    expect(result.text).toMatch(/^Moved 4 change\(s\)/);
    expect(await depth(c.deadLetterQueueUrl)).toBe(0);
    const moved = (await drainChanges()).map((m) => JSON.parse(m.Body ?? '{}') as ChangeEvent);
    expect(moved.map((m) => m.eventId).sort()).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect(moved.filter((m) => m.sourceId === '1').map((m) => m.eventId)).toEqual(['a1', 'a2']);
  });

  it('fails to move a change the changes queue does not take, and leaves it in the DLQ', async () => {
    const [id = ''] = await deadLetter([event('9', 'evt-9')]);

    const result = await dlqRedrive({ ...c, changesQueueUrl: `${c.changesQueueUrl}-gone` }, [id]);

    expect(result.ok).toBe(false);
    expect(result.text).toContain(`Not moved: ${id}: not sent to the changes queue`);
    expect(await depth(c.deadLetterQueueUrl)).toBe(1);
  });

  it('runs as the operator runs it: the local hub file, or a deployed stack named by environment variables', async () => {
    const [id = ''] = await deadLetter([event('5', 'evt-5')]);
    const hubFile = join(dir, 'hub.json');
    writeFileSync(hubFile, JSON.stringify(c));
    const syncline = async (args: string[], env: Record<string, string> = {}) => {
      try {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', 'cli/syncline.ts', ...args], { env: { ...process.env, ...env } });
        return { code: 0, out: stdout };
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
      }
    };
    const stack = {
      SYNCLINE_STATE_TABLE: c.stateTable,
      SYNCLINE_AUDIT_TABLE: c.auditTable,
      SYNCLINE_CHANGES_QUEUE_URL: c.changesQueueUrl,
      SYNCLINE_DLQ_URL: c.deadLetterQueueUrl,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_SQS: c.sqsEndpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    };

    const listed = await syncline(['dlq', 'list', '--hub', hubFile]);
    const usage = await syncline(['dlq', 'show', '--hub', hubFile]);
    const redriven = await syncline(['dlq', 'redrive', '--all', '--hub', join(dir, 'no-hub.json')], stack);

    expect(listed).toMatchObject({ code: 0, out: expect.stringContaining(`${id}  `) });
    expect(usage.code).toBe(2);
    expect(redriven).toEqual({ code: 0, out: `Moved 1 change(s) back to the changes queue: ${id} (hubspot:contacts:5).\n` });
    expect(await depth(c.changesQueueUrl)).toBe(1);
  });
});
