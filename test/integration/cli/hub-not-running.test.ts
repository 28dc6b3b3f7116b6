import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_NOT_RUNNING } from '#cli/hub-not-running';
import type { HubConnection } from '#local/hub-file';

const BIN = resolve(import.meta.dirname, '../../../cli/bin.mjs');
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SYNCLINE_')));

/** `npx syncline <args>` in `cwd`. */
function syncline(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env, timeout: 50_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A loopback port nothing listens on: one the system just handed out, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('syncline without a running hub', () => {
  const stopped = mkdtempSync(join(tmpdir(), 'syncline-stopped-hub-'));
  const none = mkdtempSync(join(tmpdir(), 'syncline-no-hub-'));
  afterAll(() => [stopped, none].forEach((d) => rmSync(d, { recursive: true, force: true })));

  beforeAll(async () => {
    // What npm start wrote for a hub that has since stopped: its DynamoDB Local and fauxqs ports are closed.
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const hub: HubConnection = { region: 'us-east-1', dynamodbEndpoint: endpoint, sqsEndpoint: endpoint, stateTable: 'syncline-state', auditTable: 'syncline-audit', changesQueueUrl: `${endpoint}/000000000000/changes.fifo`, deadLetterQueueUrl: `${endpoint}/000000000000/changes-dlq.fifo` };
    mkdirSync(join(stopped, '.syncline'));
    writeFileSync(join(stopped, '.syncline', 'hub.json'), JSON.stringify(hub));
  });

  it('fails with exit code 2 and says the hub is not running when hub.json names closed DynamoDB and SQS endpoints', async () => {
    const runs = await Promise.all([syncline(stopped, 'quarantine', 'list'), syncline(stopped, 'dlq', 'list'), syncline(stopped, 'audit', 'hubspot:contacts:1001')]);

    for (const run of runs) expect(run).toEqual({ code: 2, stdout: '', stderr: `${HUB_NOT_RUNNING}\n` });
  });

  it('fails with exit code 2 and the same message when there is no hub.json and no deployed stack named', async () => {
    const runs = await Promise.all([syncline(none, 'review', 'list'), syncline(none, 'reconcile', '--dry-run')]);

    for (const run of runs) expect(run).toEqual({ code: 2, stdout: '', stderr: `${HUB_NOT_RUNNING}\n` });
  });
});
