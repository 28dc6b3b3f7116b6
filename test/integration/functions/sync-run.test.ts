import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunStatus } from '#app/sync-run';
import type { BackfillReport } from '#app/backfill';
import { DynamoDbCursorStore } from '#adapters/aws/dynamodb-cursor-store';
import { loadRun } from '#app/sync-run';
import { PROJECT_ROOT } from '#cdk/syncline-stack';
import { localCredentials as sandboxCredentials } from '#local/sandbox-credentials';
import { startHubspotSandbox, startSalesforceSandbox, type HubspotSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import type { LocalSqs } from '#local/runner/local-sqs';
import { runSyncMachineLocally, syncRunDefinition } from '#local/runner/state-machine';
import { createFifoQueue, createTable, dynamoClients, localCredentials, startTestSqs } from '#test/support/local-aws';
import { call } from '../sandboxes/support.ts';

const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));

/** A Lambda context whose invocation ends `ms` from now. */
function context(ms: number): Context {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now() } as Context;
}

/** functions/sync-run.ts as Lambda runs it (its environment, secrets from a local file), driven by the synthesized machine. */
describe('the sync-run function, as the state machine invokes it', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'syncline-sync-run-fn-'));
  let salesforce: SalesforceSandbox;
  let hubspot: HubspotSandbox;
  let server: LocalSqs;
  let sqs: SQSClient;
  let queueUrl: string;
  let stateTable: string;
  let handler: (event: unknown, context: Context) => Promise<RunStatus>;

  beforeAll(async () => {
    const sf = sandboxCredentials.salesforce;
    const hs = sandboxCredentials.hubspot;
    [salesforce, hubspot] = await Promise.all([startSalesforceSandbox({ clientId: sf.clientId, clientSecret: sf.clientSecret, refreshToken: sf.refreshToken, seed: false }), startHubspotSandbox({ ...hs, seed: false })]);
    await call(salesforce.url, '/__sandbox/records/Account', { method: 'POST', body: { records: [{ Name: 'Acme', Website: 'https://acme.test' }, { Name: 'Globex', Website: 'https://globex.test' }] } });
    ({ server, sqs } = await startTestSqs());
    // Addressed on the endpoint itself, as the local hub gives the function its queue's URL (local/runner/provision.ts).
    queueUrl = `${server.endpoint}${(await createFifoQueue(sqs, 'changes.fifo')).replace(/^[a-z]+:\/\/[^/]+/, '')}`;
    stateTable = await createTable(client, ['pk', 'sk']);
    const secretsFile = join(workDir, 'secrets.json');
    // The function reads every CRM the stack grants it (both can be read in full), whichever the job needs.
    writeFileSync(secretsFile, JSON.stringify({ 'syncline/salesforce': { instanceUrl: salesforce.url, loginUrl: salesforce.url, ...sf }, 'syncline/hubspot': { accessToken: hs.accessToken, clientSecret: hs.clientSecret, basePath: hubspot.url } }));
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      AWS_ENDPOINT_URL_SQS: server.endpoint,
      STATE_TABLE: stateTable,
      IDEMPOTENCY_TABLE: await createTable(client, ['id']),
      AUDIT_TABLE: await createTable(client, ['pk', 'sk']),
      CHANGES_QUEUE_URL: queueUrl,
      CONNECTOR_SECRETS: JSON.stringify({ hubspot: 'syncline/hubspot', salesforce: 'syncline/salesforce' }),
      SYNCLINE_SECRETS_FILE: secretsFile,
      SYNCLINE_CONTRACT_FILE: join(PROJECT_ROOT, 'syncline.yaml'),
    });
    ({ handler } = await import('../../../functions/sync-run.ts'));
  });
  afterAll(async () => {
    await Promise.all([salesforce?.close(), hubspot?.close(), server?.stop()]);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('backfills Salesforce companies in one step: both accounts sent through changes.fifo, the run done and saved', async () => {
    // Prepare: each invocation has two minutes and three seconds, so a step waits three seconds for the pipeline
    // (not running here) before it saves where it stands.
    const invoke = (payload: unknown) => handler(payload, context(123_000));

    // Act
    const status = await runSyncMachineLocally(syncRunDefinition(), invoke, { job: { kind: 'backfill', system: 'salesforce', object: 'company' } });

    // Assess
    expect(status).toMatchObject({ done: true, step: 1 });
    const run = await loadRun({ cursors: new DynamoDbCursorStore(documents, stateTable) }, status.runId);
    expect(run?.reports).toEqual([expect.objectContaining({ system: 'salesforce', object: 'company', read: 2, enqueued: 2, unsettled: 2 } satisfies Partial<BackfillReport>)]);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Attributes?.['ApproximateNumberOfMessages']).toBe('2');
  });

  it('fails an event that is no sync-run event, saying what is wrong', async () => {
    await expect(handler({ action: 'resume' }, context(123_000))).rejects.toThrow(/invalid sync-run event: action: /);
  });
});
