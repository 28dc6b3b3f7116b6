import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbAuditLog } from '#adapters/aws/dynamodb-audit-log';
import { DynamoDbPauseStore } from '#adapters/aws/dynamodb-pause-store';
import { DynamoDbReviewStore } from '#adapters/aws/dynamodb-review-store';
import { DynamoDbStateStore } from '#adapters/aws/dynamodb-state-store';
import { pauseCommand, pausedList, resumeCommand, resyncCommand } from '#cli/actions';
import { auditHistory, reviewList } from '#cli/operations';
import type { ChangeEvent } from '#domain/change-event';
import { emptyGoldenRecord } from '#domain/golden-record';
import { matchIndexOf } from '#domain/identity/match-index';
import type { HubConnection } from '#local/hub-file';
import type { LocalSqs } from '#local/runner/local-sqs';
import { shippedPlan } from '#test/support/processor-setup';
import { createFifoQueue, createTable, dynamoClients, startTestSqs } from '#test/support/local-aws';

const dynamodbEndpoint = inject('dynamodbEndpoint');
const { client, documents } = dynamoClients(dynamodbEndpoint);
const observed = (value: string | number, source = 'salesforce') => ({ value, source, observedAt: 0, eventId: 'e0' });

describe('syncline pause, resume, resync, audit and review (DynamoDB Local, fauxqs)', () => {
  let server: LocalSqs;
  let sqs: SQSClient;
  let c: HubConnection;
  beforeAll(async () => {
    ({ server, sqs } = await startTestSqs());
    const [stateTable, auditTable] = [await createTable(client, ['pk', 'sk']), await createTable(client, ['pk', 'sk'])];
    c = { region: 'us-east-1', dynamodbEndpoint, sqsEndpoint: server.endpoint, stateTable, auditTable, changesQueueUrl: await createFifoQueue(sqs, `changes-${Date.now()}.fifo`), contractFile: 'syncline.yaml' };
    // Ada, linked in both CRMs and indexed under her e-mail, with a deal held for review.
    const state = new DynamoDbStateStore(documents, stateTable);
    const match = matchIndexOf(shippedPlan().identity?.['person'] ?? { margin: 0, rules: [] }, { email: 'ada@example.com' }, 'US');
    await state.putEntity({ entityId: 'hubspot:contacts:1001', object: 'person', golden: { ...emptyGoldenRecord(), fields: { firstName: observed('Ada'), lastName: observed('Lovelace'), email: observed('ada@example.com') } }, links: { hubspot: 'contacts:1001', salesforce: 'Contact:003A' }, written: {}, version: 0, match }, { put: match.keys, drop: [], release: [] });
    await state.putEntity({ entityId: 'salesforce:Opportunity:006A', object: 'deal', golden: { ...emptyGoldenRecord(), fields: { name: observed('Acme renewal') } }, links: { salesforce: 'Opportunity:006A', hubspot: 'deals:9006' }, written: {}, version: 0 });
    await new DynamoDbAuditLog(documents, auditTable).append([
      { recordKey: 'salesforce:Contact:003A', sourceKey: 'hubspot:contacts:1001', eventId: 'hubspot:e1', field: 'LastName', before: null, after: 'Lovelace', actor: 'syncline', at: '2026-12-01T10:00:01.000Z' },
      { recordKey: 'hubspot:contacts:1001', sourceKey: 'salesforce:Contact:003A', eventId: 'salesforce:e2', field: 'jobtitle', before: null, after: 'CTO', actor: 'syncline', at: '2026-12-01T10:00:02.000Z' },
    ]);
    await new DynamoDbReviewStore(documents, stateTable).put({ id: 'salesforce:Opportunity:006A#amount', entityId: 'salesforce:Opportunity:006A', object: 'deal', field: 'amount', current: observed(12000), proposed: observed(20000, 'hubspot'), at: '2026-12-01T10:00:00.000Z' });
  });
  afterAll(async () => server.stop());

  it('audits a person by e-mail: every record linked to her, both ways', async () => {
    const text = await auditHistory(c, 'ADA@example.com');

    expect(text.split('\n')[0]).toBe('person Ada Lovelace <ada@example.com> (hubspot:contacts:1001): hubspot:contacts:1001, salesforce:Contact:003A');
    expect(text).toMatch(/salesforce:Contact:003A\s+LastName\s+∅\s+"Lovelace"\s+hubspot:contacts:1001/);
    expect(text).toMatch(/hubspot:contacts:1001\s+jobtitle\s+∅\s+"CTO"\s+salesforce:Contact:003A/);
    expect(await auditHistory(c, 'nobody@example.com')).toBe('No record Syncline knows has the e-mail address nobody@example.com.');
  });

  it('audits a source record: what it sent to the records linked with it', async () => {
    const text = await auditHistory(c, 'hubspot:contacts:1001');

    expect(text).toMatch(/salesforce:Contact:003A\s+LastName.*hubspot:contacts:1001/);
    expect(text).toMatch(/hubspot:contacts:1001\s+jobtitle.*salesforce:Contact:003A/);
  });

  it('names the record of a review and the record its change came from', async () => {
    const text = await reviewList(c);

    expect(text.split('\n')[0]).toMatch(/^ID\s+HELD AT\s+OBJECT\s+FIELD\s+CURRENT\s+PROPOSED\s+FROM\s+RECORD$/);
    expect(text).toMatch(/deal\s+amount\s+12000 \(salesforce\)\s+20000 \(hubspot\)\s+hubspot:deals:9006\s+Acme renewal/);
  });

  it('enqueues a resync with a fresh event id, and rejects an unknown object', async () => {
    const done = await resyncCommand(c, 'hubspot:contacts:1001');
    const unknown = await resyncCommand(c, 'hubspot:tickets:1');

    expect(done).toMatchObject({ ok: true, text: expect.stringContaining('Enqueued hubspot:contacts:1001 (person)') });
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: c.changesQueueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages.map((m) => JSON.parse(m.Body ?? '{}') as ChangeEvent)).toEqual([expect.objectContaining({ source: 'hubspot', objectType: 'contacts', sourceId: '1001', kind: 'upsert', fields: {}, eventId: expect.stringMatching(/^resync-/) })]);
    expect(unknown).toEqual({ ok: false, text: expect.stringContaining('unknown object "tickets" of hubspot') });
  });

  it('pauses, lists the paused connector with its parked count, and resumes; rejects an unknown connector', async () => {
    expect((await pauseCommand(c, 'outreach')).ok).toBe(true);
    await new DynamoDbPauseStore(documents, c.stateTable).park('outreach', [{ id: '1#0000#m', connector: 'outreach', event: { source: 'outreach', objectType: 'prospect', sourceId: '7', eventId: 'p7', occurredAt: '2026-12-01T10:00:00Z', kind: 'upsert', fields: {} }, groupId: 'outreach:prospect:7', at: '2026-12-01T10:00:00.000Z' }]);

    expect(await pausedList(c)).toMatch(/^CONNECTOR\s+PAUSED SINCE\s+PARKED CHANGES\noutreach\s+\S+\s+1$/);
    expect(await resumeCommand(c, 'outreach')).toEqual({ ok: true, text: 'Resumed outreach: sent 1 parked change(s) through the normal path, in order.' });
    expect(await pausedList(c)).toBe('No connector is paused.');
    expect(await resumeCommand(c, 'outreach')).toEqual({ ok: false, text: 'outreach is not paused.' });
    expect(await pauseCommand(c, 'hubspt')).toMatchObject({ ok: false, text: expect.stringContaining('unknown connector "hubspt"') });
  });
});
