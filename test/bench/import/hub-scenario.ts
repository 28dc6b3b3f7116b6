/**
 * The import through Syncline: the whole local hub (startHub, as `npm start` runs it) on free ports with its state
 * in a fresh temporary folder, only the HubSpot and Salesforce connectors on (every Salesforce person would
 * otherwise also become an Outreach prospect), and the sandboxes at the vendors' limits: HubSpot 100 requests per
 * rolling 10 s (Free/Starter, vendor-apis §2.7) and Salesforce's 15,000-call day (the sandbox's default
 * allocation; startHub has no option to set another).
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queuesDrained, shippedContractWith, startTestHub } from '#test/support/hub-client';
import { localCredentials } from '#test/support/local-aws';
import type { Hub } from '#local/hub';
import type { ImportDataSet } from './generate.ts';
import type { ImportRun } from './report.ts';
import { runImport, type Importer, type RunOptions } from './run-import.ts';
import { importCommandFloor } from './floor.ts';
import { importCommand } from '#cli/import';
import { hubConnection } from '#local/hub-file';
import { clients } from '#cli/operations';
import { listDeadLetters } from '#app/redrive-dead-letters';
import { DynamoDbFailureLog } from '#adapters/aws/dynamodb-failure-log';
import { SqsDeadLetterQueue } from '#adapters/aws/sqs-dead-letter-queue';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

/** HubSpot's burst limit for Free and Starter portals (vendor-apis §2.7). */
export const HUBSPOT_PER_10S = 100;

/** Messages waiting in the hub's dead-letter queues, as `syncline dlq list` would list them. */
async function deadLetterDepth(hub: Hub): Promise<number> {
  const sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
  let depth = 0;
  for (const queue of hub.aws.queues.filter((q) => q.deadLetter)) {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    depth += Number(Attributes['ApproximateNumberOfMessages'] ?? 0) + Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0);
  }
  sqs.destroy();
  return depth;
}

/** What the dead letters died of, grouped, on stderr: a goal missed says why. */
async function reportDeadLetters(hub: Hub): Promise<void> {
  const c = hubConnection(hub);
  const { documents, sqs } = clients(c);
  const { letters, notShown } = await listDeadLetters({ deadLetters: new SqsDeadLetterQueue(sqs, c.deadLetterQueueUrl ?? '', c.changesQueueUrl), failures: new DynamoDbFailureLog(documents, c.stateTable) });
  const reasons = new Map<string, number>();
  for (const l of letters) {
    const reason = l.lastError ? `${l.lastError.error}${l.lastError.code ? ` ${l.lastError.code}` : ''}: ${l.lastError.message.replace(/[0-9A-Za-z]{15,18}|\d+/g, '#')}` : '(no error recorded)';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  process.stderr.write(`dead letters seen ${letters.length} (${notShown} hidden), by last error:\n${[...reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${n} × ${r.slice(0, 300)}`).join('\n')}\n`);
}

/** The rows as the file a team would hand `syncline import`: one row per entry, as typed. */
function csvOf(rows: ImportDataSet['rows']): string {
  const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const header = ['Email', 'First Name', 'Last Name', 'Phone', 'Job Title', 'Company'];
  return `${[header.join(','), ...rows.map(({ properties: p }) => [p.email, p.firstname, p.lastname, p.phone, p.jobtitle, p.company].map(cell).join(','))].join('\n')}\n`;
}

/** The rows brought in by `syncline import` (the command, in this process) against the hub. */
function synclineImport(hub: Hub, data: ImportDataSet): Importer {
  return {
    floor: importCommandFloor(data),
    async run(rows) {
      const file = join(mkdtempSync(join(tmpdir(), 'syncline-import-')), 'attendees.csv');
      writeFileSync(file, csvOf(rows));
      const started = performance.now();
      const { report } = await importCommand(hubConnection(hub), { file, dryRun: false, out: new PassThrough() });
      if (report.unsettled > 0) throw new Error(`syncline import left ${report.unsettled} change(s) unsettled`);
      return { createdIds: [], updatedIds: [], calls: {}, rateLimited: {}, byStatus: {}, seconds: (performance.now() - started) / 1000 };
    },
  };
}

/** Runs the import through a fresh local hub and stops it: by the importing user's HubSpot creates, or with `command` by `syncline import`. */
export async function importThroughHub(data: ImportDataSet, options: RunOptions, command = false): Promise<ImportRun> {
  const hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce']), seed: false, hubspotRateLimitPer10s: HUBSPOT_PER_10S });
  try {
    return await runImport(
      command ? 'syncline import' : 'syncline hub',
      {
        hubspotUrl: hub.hubspot.url,
        hubspotToken: hub.credentials.hubspot.accessToken,
        salesforceUrl: hub.salesforce.url,
        salesforceCredentials: hub.credentials.salesforce,
        drained: () => queuesDrained(hub),
        deadLetters: () => deadLetterDepth(hub),
      },
      data,
      options,
      command ? synclineImport(hub, data) : undefined,
    ).then(async (run) => {
      if (run.deadLetters > 0) await reportDeadLetters(hub);
      return run;
    });
  } finally {
    await hub.stop();
  }
}
