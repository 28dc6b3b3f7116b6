import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbCursorStore } from '#adapters/aws/dynamodb-cursor-store';
import { buildSyncRunDeps } from '#adapters/sync-run-deps';
import { loadRun, startRun, stepRun, type SyncJob, type SyncRunDeps } from '#app/sync-run';
import { syncedObjects, type ObjectReport } from '#app/initial-sync';
import { PROJECT_ROOT } from '#cdk/syncline-stack';
import { loadContract } from '#config/load-contract';
import { localCredentials } from '#local/sandbox-credentials';
import { startHubspotSandbox, startSalesforceSandbox, type HubspotSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { runSyncMachineLocally, syncRunDefinition, syncRunInvoke, SyncRunFailedError, type TaskInvoke } from '#local/runner/state-machine';
import type { LocalSqs } from '#local/runner/local-sqs';
import { createFifoQueue, createTable, dynamoClients, startTestSqs } from '#test/support/local-aws';

const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));

/** An invoke that records each event's action (and run id) before answering it. */
function recording(invoke: TaskInvoke): { invoke: TaskInvoke; actions: string[] } {
  const actions: string[] = [];
  return { actions, invoke: (payload, resource) => (actions.push((payload as { action: string }).action), invoke(payload, resource)) };
}

/** A fault such as Lambda's throttling error: the name is what a Retry's ErrorEquals matches. */
function lambdaError(name: string): Error {
  return Object.assign(new Error(`${name} (injected)`), { name });
}

describe('the synthesized sync-run state machine, run by aws-local-stepfunctions against DynamoDB Local, fauxqs and the CRM sandboxes', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'syncline-sync-run-'));
  let salesforce: SalesforceSandbox;
  let hubspot: HubspotSandbox;
  let sqs: LocalSqs;
  let deps: SyncRunDeps;
  let definition: StateMachineDefinition;
  /** The objects an initial sync of syncline.yaml takes, in order: one step each. */
  let objects: string[];

  beforeAll(async () => {
    const sf = localCredentials.salesforce;
    [salesforce, hubspot] = await Promise.all([
      startSalesforceSandbox({ clientId: sf.clientId, clientSecret: sf.clientSecret, refreshToken: sf.refreshToken, seed: false }),
      startHubspotSandbox({ ...localCredentials.hubspot, seed: false }),
    ]);
    const started = await startTestSqs();
    sqs = started.server;
    const secretsFile = join(workDir, 'secrets.json');
    writeFileSync(secretsFile, JSON.stringify({ 'syncline/salesforce': { instanceUrl: salesforce.url, loginUrl: salesforce.url, ...sf }, 'syncline/hubspot': { accessToken: localCredentials.hubspot.accessToken, clientSecret: localCredentials.hubspot.clientSecret, basePath: hubspot.url } }));
    const [stateTable, idempotencyTable, changesQueueUrl] = await Promise.all([createTable(client, ['pk', 'sk']), createTable(client, ['id']), createFifoQueue(started.sqs, 'changes.fifo')]);
    // The deps the sync-run function builds, pointed at the local stand-ins.
    const secretIds = { salesforce: 'syncline/salesforce', hubspot: 'syncline/hubspot' };
    const built = await buildSyncRunDeps({ contract: loadContract(join(PROJECT_ROOT, 'syncline.yaml')), documents, sqs: started.sqs, stateTable, idempotencyTable, changesQueueUrl, secretIds, secretsFile });
    deps = { ...built, cursors: new DynamoDbCursorStore(documents, stateTable) };
    objects = syncedObjects(deps.plan);
    definition = syncRunDefinition();
  });
  afterAll(async () => {
    await Promise.all([salesforce?.close(), hubspot?.close(), sqs?.stop()]);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('starts an initial sync, steps once per object and ends with the run done and saved', async () => {
    // Prepare
    const { invoke, actions } = recording(syncRunInvoke(deps, { stepTimeMs: 1_000 }));

    // Act
    const status = await runSyncMachineLocally(definition, invoke, { job: { kind: 'initial-sync' } });

    // Assess
    expect(objects.length).toBeGreaterThan(1);
    expect(actions).toEqual(['start', ...objects.map(() => 'step')]);
    expect(status).toMatchObject({ done: true, step: objects.length });
    const run = await loadRun(deps, status.runId);
    expect(run?.finishedAt).toBeDefined();
    expect(run?.reports.map((r) => r.object)).toEqual(objects);
    // Each step read the (empty) CRMs through their real connectors; activities not at all, as no Outreach or Gong
    // secret is granted here, and Salesforce's Tasks alone could neither be linked nor created anywhere.
    expect(run?.reports.map((r) => (r as ObjectReport).read)).toEqual(objects.map((o) => (o === 'activity' ? {} : { hubspot: 0, salesforce: 0 })));
  });

  it('resumes the unfinished run of the same job on a second start, and the machine carries it on from the step it stood at', async () => {
    // Prepare
    const job: SyncJob = { kind: 'initial-sync' };
    const first = await startRun(deps, job);
    await stepRun(deps, first.runId, Date.now() + 1_000);

    // Act
    const again = await startRun(deps, job);
    const { invoke, actions } = recording(syncRunInvoke(deps, { stepTimeMs: 1_000 }));
    const status = await runSyncMachineLocally(definition, invoke, { job });

    // Assess
    expect(again).toMatchObject({ runId: first.runId, done: false, step: 1 });
    expect(again.summary).toMatch(/resumed/);
    expect(status).toMatchObject({ runId: first.runId, done: true, step: objects.length });
    expect(actions).toEqual(['start', ...objects.slice(1).map(() => 'step')]);
  });

  it("retries a step that Lambda throttled (the machine's Retry) and still finishes the run", async () => {
    // Prepare
    const answer = syncRunInvoke(deps, { stepTimeMs: 1_000 });
    let throttled = 0;
    const { invoke, actions } = recording(async (payload, resource) => {
      if ((payload as { action: string }).action === 'step' && throttled++ === 0) throw lambdaError('Lambda.TooManyRequestsException');
      return answer(payload, resource);
    });

    // Act
    const status = await runSyncMachineLocally(definition, invoke, { job: { kind: 'initial-sync', object: 'company' } }, { retryDelayMs: 0 });

    // Assess
    expect(actions).toEqual(['start', 'step', 'step']);
    expect(status).toMatchObject({ done: true, step: 1 });
    expect((await loadRun(deps, status.runId))?.reports).toHaveLength(1);
  });

  it('fails the execution in its Fail state, naming the error, when a step keeps failing after every retry', async () => {
    // Prepare
    const answer = syncRunInvoke(deps, { stepTimeMs: 1_000 });
    const { invoke, actions } = recording(async (payload, resource) => {
      if ((payload as { action: string }).action === 'step') throw lambdaError('VendorUnavailable');
      return answer(payload, resource);
    });

    // Act
    const run = runSyncMachineLocally(definition, invoke, { job: { kind: 'initial-sync', object: 'deal' } }, { retryDelayMs: 0 });

    // Assess
    await expect(run).rejects.toThrow(SyncRunFailedError);
    await expect(run).rejects.toThrow(/VendorUnavailable/);
    // The first try and six retries (States.TaskFailed), then the catch.
    expect(actions).toEqual(['start', ...Array.from({ length: 7 }, () => 'step')]);
  });

  it('fails at once, without retries, a run asked for what the contract cannot give', async () => {
    // Prepare: the real step, for an object the contract lacks.
    const { invoke, actions } = recording(syncRunInvoke(deps, { stepTimeMs: 1_000 }));

    // Act
    const run = runSyncMachineLocally(definition, invoke, { job: { kind: 'backfill', system: 'salesforce', object: 'invoice' } }, { retryDelayMs: 0 });

    // Assess
    await expect(run).rejects.toThrow(/RunInputError: the contract has no object invoice/);
    expect(actions).toEqual(['start', 'step']);
  });
});
