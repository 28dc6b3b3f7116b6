import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { DynamoDbAuditLog } from '#adapters/aws/dynamodb-audit-log';
import { DynamoDbIdempotencyStore } from '#adapters/aws/dynamodb-idempotency-store';
import { DynamoDbQuarantineStore } from '#adapters/aws/dynamodb-quarantine-store';
import { DynamoDbReviewStore } from '#adapters/aws/dynamodb-review-store';
import { DynamoDbStateStore } from '#adapters/aws/dynamodb-state-store';
import { processBatch, type BatchRecord, type ProcessBatchDeps } from '#app/process-batch';
import type { ChangeEvent } from '#domain/change-event';
import { createTable, dynamoClients } from '#test/support/local-aws';
import { processorSetup } from '#test/support/processor-setup';

const { client } = dynamoClients(inject('dynamodbEndpoint'));
const WINDOW = 200;

/** A DocumentClient over DynamoDB Local that counts its requests by command. */
function countingDocuments() {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const counts = new Map<string, number>();
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      counts.set(context.commandName ?? '?', (counts.get(context.commandName ?? '?') ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const total = () => [...counts.values()].reduce((a, b) => a + b, 0);
  return { documents, counts, total };
}

let n = 0;
function change(source: string, objectType: string, sourceId: string): BatchRecord {
  const event: ChangeEvent = { source, objectType, sourceId, eventId: `e${++n}`, occurredAt: new Date(Date.parse('2026-11-23T09:00:00Z') + n).toISOString(), kind: 'upsert', fields: {} };
  return { messageId: `m${n}`, body: JSON.stringify(event), groupId: `${source}:${objectType}:${sourceId}`, receiveCount: 1, event };
}

describe('a window of changes against DynamoDB Local', () => {
  it('creates a window of new people, then recognises their echoes, in a bounded number of DynamoDB requests per record', async () => {
    // Prepare: the real stores, in-memory vendors; 200 new HubSpot contacts.
    const setup = processorSetup();
    const { documents, counts, total } = countingDocuments();
    const stateTable = await createTable(client, ['pk', 'sk']);
    const change$ = {
      ...setup.deps,
      idempotency: new DynamoDbIdempotencyStore(documents, await createTable(client, ['id'])),
      state: new DynamoDbStateStore(documents, stateTable),
      quarantine: new DynamoDbQuarantineStore(documents, stateTable),
      reviews: new DynamoDbReviewStore(documents, stateTable),
      audit: new DynamoDbAuditLog(documents, await createTable(client, ['pk', 'sk'])),
    };
    const deps: ProcessBatchDeps = { change: change$, probes: {}, deferrals: { defer: async () => new Set() }, failures: { record: async () => undefined, lastOf: async () => new Map() }, sleep: async () => undefined, random: () => 0.5 };
    const ids = Array.from({ length: WINDOW }, (_, i) => String(i + 1));
    for (const id of ids) setup.hubspotRecords.records.set(id, { email: `person${id}@example.com`, firstname: 'Pat', lastname: `Person ${id}` });
    const run = (records: BatchRecord[]) => processBatch(deps, records, { remainingMs: () => 600_000 });

    // Act: the creates; then Salesforce reports each new Contact back (the echo of Syncline's own write).
    const created = await run(ids.map((id) => change('hubspot', 'contacts', id)));
    const perCreate = total() / WINDOW;
    const createCounts = Object.fromEntries(counts);
    counts.clear();
    for (const [, record] of setup.salesforce.records) setup.salesforceRecords.records.set(record.Id, { ...record });
    const echoed = await run([...setup.salesforce.records.values()].map((r) => change('salesforce', 'Contact', r.Id)));
    const perEcho = total() / WINDOW;
    const echoCounts = Object.fromEntries(counts);
    counts.clear();
    // The same echoes as Outbound Messages: every field Syncline reads, as it wrote them; left to the poller's row.
    const notified = await run(
      [...setup.salesforce.records].map(([hubspotId, r]) => {
        const record = change('salesforce', 'Contact', r.Id);
        const event: ChangeEvent = { ...(record.event as ChangeEvent), fields: { Email: r['Email'] ?? null, FirstName: r['FirstName'] ?? null, LastName: r['LastName'] ?? null, HubSpot_Id__c: hubspotId, SystemModstamp: '2026-11-23T09:00:00.000Z' }, partial: true };
        return { ...record, event, body: JSON.stringify(event) };
      }),
    );
    const perNotification = total() / WINDOW;

    // Assess
    expect(created.failed).toEqual([]);
    expect([...created.outcomes.values()].every((o) => o.status === 'processed' && o.result.status === 'synced')).toBe(true);
    expect([...echoed.outcomes.values()].every((o) => o.status === 'processed' && o.result.status === 'ignored')).toBe(true);
    expect([...notified.outcomes.values()].map((o) => (o.status === 'processed' && o.result.status === 'ignored' ? o.result.reason : o.status))).toEqual(ids.map(() => 'left-to-poller'));
    console.info(`DynamoDB requests per record: create ${perCreate.toFixed(2)} ${JSON.stringify(createCounts)}, echo ${perEcho.toFixed(2)} ${JSON.stringify(echoCounts)}, Outbound Message echo ${perNotification.toFixed(2)} ${JSON.stringify(Object.fromEntries(counts))}`);
    // A create: its claim and completion, the blocking-key queries (here five: the e-mail; the family name's sound,
    // the given name and both names in either order at the e-mail's domain), the match-key claim, the entity with its
    // links and index (one transaction); the window's reads and audit are batched. An echo: its claim and completion.
    expect(perCreate).toBeLessThanOrEqual(9.5);
    expect(perEcho).toBeLessThanOrEqual(2.1);
    // An Outbound Message left to the poller: no claim, only the window's batched reads of the entities.
    expect(perNotification).toBeLessThanOrEqual(0.1);
  });
});
