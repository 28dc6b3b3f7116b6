import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbEnrichRunStore } from '#adapters/aws/dynamodb-enrich-runs';
import { DynamoDbStateStore } from '#adapters/aws/dynamodb-state-store';
import { buildEnrichRunDeps, runEnrichTask } from '#adapters/enrich-run-deps';
import { useVendorBudget } from '#adapters/vendors/vendor-budgets';
import type { EnrichBatchDeps } from '#app/enrich-batch';
import { ChangeEvent } from '#domain/change-event';
import { enrichDefinition, type EnrichOutput } from '#cli/enrich';
import { parseEnrichRunEvent } from '#config/enrich-run-event';
import { loadContract } from '#config/load-contract';
import { localCredentials } from '#local/sandbox-credentials';
import { startZoominfoSandbox, type ZoominfoSandbox } from '#local/sandboxes/index';
import { runMachineLocally, SyncRunFailedError, type TaskInvoke } from '#local/runner/state-machine';
import type { LocalSqs } from '#local/runner/local-sqs';
import { noMetrics } from '#ports/metrics';
import type { EntityState } from '#ports/stores';
import { shippedContractWith } from '#test/support/hub-client';
import { createFifoQueue, createTable, dynamoClients, startTestSqs } from '#test/support/local-aws';

const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));

interface SandboxCompany {
  name: string;
  website: string;
}

/** What the ZoomInfo sandbox counted, by endpoint. */
async function zoominfoCalls(sandbox: ZoominfoSandbox): Promise<Record<string, number>> {
  return ((await (await fetch(`${sandbox.url}/__sandbox/calls`)).json()) as { counts: Record<string, number> }).counts;
}

async function fault(sandbox: ZoominfoSandbox, body: Record<string, unknown>): Promise<void> {
  const answer = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(answer.status).toBe(200);
}

/** A company entity as Salesforce gave it: name and website only, never looked up. */
function companyEntity(company: SandboxCompany): EntityState {
  const observation = (value: string) => ({ value, source: 'salesforce', observedAt: Date.parse('2026-01-05T10:00:00Z'), eventId: 'seed' });
  return { entityId: randomUUID(), object: 'company', golden: { fields: { name: observation(company.name), website: observation(`https://${company.website}`) }, version: 1 }, links: { salesforce: `Account:001${randomUUID().slice(0, 12)}` }, written: {}, version: 0 };
}

/** An invoke that records each event (action and chunk) before answering it. */
function recording(invoke: TaskInvoke, fail?: (event: { action: string; chunk?: number }) => Error | undefined) {
  const events: { action: string; chunk?: number }[] = [];
  const wrapped: TaskInvoke = async (payload, resource) => {
    const event = payload as { action: string; chunk?: number };
    events.push(event);
    const error = fail?.(event);
    if (error) throw error;
    return invoke(payload, resource);
  };
  return { invoke: wrapped, events };
}

/** Every message on the queue now (the processor is not running here). */
async function drain(sqs: SQSClient, queueUrl: string): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return events;
    for (const m of Messages) events.push(ChangeEvent.parse(JSON.parse(m.Body ?? '{}')));
  }
}

describe('the synthesized enrichment state machine, run by aws-local-stepfunctions against DynamoDB Local, fauxqs and the ZoomInfo sandbox', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'syncline-enrich-'));
  let zoominfo: ZoominfoSandbox;
  let sqs: { server: LocalSqs; sqs: SQSClient };
  let definition: StateMachineDefinition;
  let companies: SandboxCompany[];
  let secretsFile: string;

  beforeAll(async () => {
    zoominfo = await startZoominfoSandbox({ ...localCredentials.zoominfo });
    sqs = await startTestSqs();
    secretsFile = join(workDir, 'secrets.json');
    writeFileSync(secretsFile, JSON.stringify({ 'syncline/zoominfo': { ...localCredentials.zoominfo, baseUrl: zoominfo.url } }));
    companies = ((await (await fetch(`${zoominfo.url}/__sandbox/records/companies`)).json()) as { records?: SandboxCompany[] } & SandboxCompany[]).records ?? [];
    const found = enrichDefinition(shippedContractWith(['salesforce', 'hubspot', 'zoominfo']));
    if (!found) throw new Error('no enrichment machine in the template');
    definition = found;
  });
  afterAll(async () => {
    useVendorBudget('zoominfo', undefined);
    await Promise.all([zoominfo?.close(), sqs?.server.stop()]);
  });

  /** Fresh tables and queue, `count` due companies in them, and the enrichment function's deps over them. */
  async function setUp(count: number, settings: Record<string, unknown> = {}) {
    await fetch(`${zoominfo.url}/__sandbox/reset`, { method: 'POST' });
    const contract = loadContract(shippedContractWith(['salesforce', 'hubspot', 'zoominfo'], { zoominfo: settings }));
    const [stateTable, queueUrl] = await Promise.all([createTable(client, ['pk', 'sk']), createFifoQueue(sqs.sqs, `changes-${randomUUID().slice(0, 8)}.fifo`)]);
    const state = new DynamoDbStateStore(documents, stateTable);
    const entities = companies.slice(0, count).map(companyEntity);
    for (const entity of entities) await state.putEntity(entity);
    const deps = await buildEnrichRunDeps({ contract, documents, sqs: sqs.sqs, stateTable, changesQueueUrl: queueUrl, secretIds: { zoominfo: 'syncline/zoominfo' }, secretsFile, metrics: noMetrics });
    return { deps, queueUrl, stateTable, entities, runs: new DynamoDbEnrichRunStore(documents, stateTable) };
  }

  const run = (deps: EnrichBatchDeps, invoke?: TaskInvoke, request: Record<string, unknown> = {}) =>
    runMachineLocally(definition, invoke ?? ((payload) => runEnrichTask(deps, parseEnrichRunEvent(payload))), { request }, { retryDelayMs: 20, what: 'enrichment run' }) as Promise<EnrichOutput>;

  it('looks 60 due companies up in 3 requests of at most 25, and sends one change per answer to the queue', async () => {
    // Prepare
    const { deps, queueUrl, entities } = await setUp(60);

    // Act
    const output = await run(deps);

    // Assess
    expect((await zoominfoCalls(zoominfo))['enrichCompany']).toBe(3);
    expect(output.selection.chunks).toHaveLength(3);
    expect(output.summary).toMatchObject({ selected: 60, lookedUp: 60, failed: 0, capped: 0, creditsUsed: 60, failedChunks: 0 });
    expect(output.summary.enriched).toBeGreaterThan(50);
    const events = await drain(sqs.sqs, queueUrl);
    expect(events.map((e) => e.sourceId).sort()).toEqual(entities.map((e) => e.entityId).sort());
    const matched = events.filter((e) => e.lookup === 'matched');
    expect(matched.length).toBe(output.summary.enriched);
    expect(matched.every((e) => e.source === 'zoominfo' && typeof e.fields['industry'] === 'string')).toBe(true);
  });

  it('a second run the same day looks nothing up again', async () => {
    // Prepare
    const { deps } = await setUp(30);
    await run(deps);
    const before = (await zoominfoCalls(zoominfo))['enrichCompany'];

    // Act
    const again = await run(deps);

    // Assess
    expect(before).toBe(2);
    expect((await zoominfoCalls(zoominfo))['enrichCompany']).toBe(2);
    expect(again.selection.chunks).toEqual([]);
    expect(again.summary).toMatchObject({ selected: 30, lookedUp: 30, creditsUsed: 30 });
  });

  it('retries a throttled chunk (a 429 longer than the batch waits in place) and finishes it', async () => {
    // Prepare
    const { deps } = await setUp(50);
    const { invoke, events } = recording((payload) => runEnrichTask(deps, parseEnrichRunEvent(payload)));
    await fault(zoominfo, { endpoint: 'enrichCompany', kind: 'status', status: 429, retryAfterSeconds: 60, count: 1 });

    // Act
    const output = await run(deps, invoke);

    // Assess
    const chunkTries = events.filter((e) => e.action === 'chunk');
    expect(chunkTries).toHaveLength(3);
    expect(new Set(chunkTries.map((e) => e.chunk))).toEqual(new Set([0, 1]));
    expect(output.summary).toMatchObject({ lookedUp: 50, failed: 0, failedChunks: 0, creditsUsed: 50 });
    // The throttled request, then the two that went through; the retry took no second credit.
    expect((await zoominfoCalls(zoominfo))['enrichCompany']).toBe(3);
  });

  it('records a chunk that keeps failing and finishes the run; a second start that day tries it again', async () => {
    // Prepare
    const { deps, runs } = await setUp(75);
    const failing = recording(
      (payload) => runEnrichTask(deps, parseEnrichRunEvent(payload)),
      (e) => (e.action === 'chunk' && e.chunk === 1 ? Object.assign(new Error('ZoomInfo answered enrich/company with 500'), { name: 'RetryableError' }) : undefined),
    );

    // Act
    const first = await run(deps, failing.invoke);
    const failed = await runs.getChunk(first.selection.runId, 1);
    const second = await run(deps);

    // Assess
    expect(first.summary).toMatchObject({ selected: 75, lookedUp: 50, failed: 25, failedChunks: 1 });
    // The retries of the definition, then the record of the failure.
    expect(failing.events.filter((e) => e.chunk === 1).map((e) => e.action)).toEqual([...Array(7).fill('chunk'), 'chunk-failed']);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('ZoomInfo answered enrich/company with 500') });
    expect(second.selection.chunks).toEqual([1]);
    expect(second.summary).toMatchObject({ selected: 75, lookedUp: 75, failed: 0, failedChunks: 0 });
    expect((await zoominfoCalls(zoominfo))['enrichCompany']).toBe(3);
  });

  it('stops at the daily credit cap and says so; the next run that day looks nothing up', async () => {
    // Prepare
    const { deps } = await setUp(60, { dailyCredits: 40 });

    // Act
    const first = await run(deps);
    const second = await run(deps);

    // Assess
    expect(first.selection.summary).toContain('the daily credit cap stops the selection at 40');
    expect(first.summary).toMatchObject({ selected: 40, lookedUp: 40, creditsUsed: 40 });
    expect(second.selection.chunks).toEqual([]);
    expect(second.selection.summary).toContain('the daily credit cap is reached');
    expect((await zoominfoCalls(zoominfo))['enrichCompany']).toBe(2);
  });

  it('fails at once, naming the reason, when asked for an object no data vendor looks up', async () => {
    // Prepare
    const { deps } = await setUp(1);

    // Act
    const running = run(deps, undefined, { object: 'deal' });

    // Assess
    await expect(running).rejects.toThrow(SyncRunFailedError);
    await expect(running).rejects.toThrow(/no enabled data vendor looks up deal/);
  });
});
