import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DynamoDbCursorStore } from '#adapters/aws/dynamodb-cursor-store';
import { DynamoDbQuarantineStore } from '#adapters/aws/dynamodb-quarantine-store';
import { importCommand } from '#cli/import';
import { hubConnection, writeHubFile } from '#local/hub-file';
import type { Hub } from '#local/hub';
import { generateConferenceList, type ConferenceList } from '#test/support/conference-list/generate';
import { scoreImport } from '#test/support/conference-list/score';
import { seedExisting } from '#test/support/conference-list/seed';
import { queuesDrained, shippedContractWith, startTestHub } from '#test/support/hub-client';
import { writeCalls } from '#test/support/initial-sync-scenario';
import { dynamoClients } from '#test/support/local-aws';

/** A conference list: 10,000 rows, a tenth of them people both CRMs hold, a tenth registered twice, 3% bad. */
const ROWS = 10_000;

describe('syncline import at conference size', () => {
  let hub: Hub;
  let list: ConferenceList;
  let dir: string;
  beforeAll(async () => {
    hub = await startTestHub({ seed: false, contractFile: shippedContractWith(['hubspot', 'salesforce']) });
    list = generateConferenceList({ rows: ROWS, seed: 2026 });
    await seedExisting(list, { salesforce: hub.salesforce.url, hubspot: hub.hubspot.url });
    dir = mkdtempSync(join(tmpdir(), 'syncline-import-'));
    writeFileSync(join(dir, 'attendees.csv'), list.csv);
    writeHubFile(hub, join(dir, 'hub.json'));
  });
  afterAll(() => hub?.stop());

  it('reports in a dry run what it would create, and writes nothing', async () => {
    const before = await writeCalls(hub);

    const { report, text } = await importCommand(hubConnection(hub), { file: join(dir, 'attendees.csv'), dryRun: true, out: new PassThrough() });

    expect(await writeCalls(hub)).toBe(before);
    expect(text).toContain('dry run');
    expect([report.toCreate, report.totals?.rejected ?? report.rejected.length]).toEqual([list.truth.newPeople.length, list.truth.badLines.length]);
  });

  it('a run killed midway resumes and creates each new person once in each CRM; importing the file again creates nothing', async () => {
    // Prepare: `syncline import` in its own process, killed once it has begun writing.
    const file = join(dir, 'attendees.csv');
    const digest = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
    const state = Object.entries(hub.aws.tables).find(([id]) => id.includes('State'))?.[1] ?? '';
    const cursors = new DynamoDbCursorStore(dynamoClients(hub.aws.dynamodbEndpoint).documents, state);
    // One process, the TypeScript loader inside it (the tsx command would run the CLI in a child it does not kill).
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/syncline.ts', 'import', file, '--hub', join(dir, 'hub.json')], { stdio: 'ignore' });
    const exited = once(child, 'exit');
    const chunksBegun = async () => {
      const runId = await cursors.getCursor(`run-latest:import:person:${digest}`);
      const run = runId === undefined ? undefined : await cursors.getCursor(`run:${runId}`);
      return run === undefined ? 0 : (JSON.parse(run) as { chunks: number }).chunks;
    };
    await vi.waitFor(async () => expect(await chunksBegun()).toBeGreaterThanOrEqual(3), { timeout: 600_000, interval: 100 });
    child.kill('SIGKILL');
    await exited;
    const killedAt = await chunksBegun();

    // Act
    const { report } = await importCommand(hubConnection(hub), { file, dryRun: false, out: new PassThrough() });

    // Assess
    console.log(JSON.stringify({ killedAt, report: { ...report, rejected: report.rejected.length, held: report.held.length } }));
    expect(report.resumed).toBe(true);
    const score = await scoreImport(list, { salesforce: hub.salesforce.url, hubspot: hub.hubspot.url });
    for (const crm of [score.salesforce, score.hubspot]) expect([crm.missingNew, crm.missingExisting, crm.duplicates, crm.badCreated]).toEqual([0, 0, 0, 0]);
    // The report names the first refused rows and counts them all; the quarantine holds every one.
    expect(report.totals?.rejected ?? report.rejected.length).toBe(list.truth.badLines.length);
    const quarantined = await new DynamoDbQuarantineStore(dynamoClients(hub.aws.dynamodbEndpoint).documents, state).list();
    expect(quarantined.filter((q) => q.event.source === 'import').map((q) => Number(/^line (\d+)/.exec(q.reason)?.[1])).sort((a, b) => a - b)).toEqual(list.truth.badLines);
    expect(report.created).toEqual({ hubspot: list.truth.newPeople.length, salesforce: list.truth.newPeople.length });
    expect(report.unsettled).toBe(0);

    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), { timeout: 120_000, interval: 500 });
    const writesBefore = await writeCalls(hub);
    const again = await importCommand(hubConnection(hub), { file, dryRun: false, out: new PassThrough() });
    expect(await writeCalls(hub)).toBe(writesBefore);
    expect([again.report.resumed, again.report.toCreate]).toEqual([false, 0]);
  }, 1_200_000);
});
