import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Hub } from './hub.ts';

/** Where a running local hub says how to reach its stores, for the `syncline` CLI. */
export interface HubConnection {
  region: string;
  dynamodbEndpoint?: string;
  sqsEndpoint?: string;
  stateTable: string;
  auditTable: string;
  changesQueueUrl: string;
  /** The changes queue's dead-letter queue, for `syncline dlq` (absent in a file written before it was recorded). */
  deadLetterQueueUrl?: string;
  /** The local secrets file, for the commands that call the vendors (`sync`); deployed, Secrets Manager holds them. */
  secretsFile?: string;
  /** Which changes were processed, for `sync` to know when each record it sent is through. */
  idempotencyTable?: string;
  /** The contract the hub runs, which `sync` follows unless told another. */
  contractFile?: string;
  /** The local hub's URL and the bearer token of its `GET /health` (absent for a deployed stack). */
  hubUrl?: string;
  healthToken?: string;
  /** Deployed: the sync-run state machine that runs `sync --initial`, `backfill` and `import` (locally they run in the CLI). */
  syncRunMachineArn?: string;
  /** Deployed: the enrichment state machine that `enrich --now` starts (locally it runs in the CLI). */
  enrichMachineArn?: string;
}

function tableOf(hub: Hub, prefix: string): string {
  const found = Object.entries(hub.aws.tables).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`the template has no ${prefix} table`);
  return found[1];
}

/** The connection details of a local hub (its tables by construct id, which never changes). */
export function hubConnection(hub: Hub): HubConnection {
  const changes = hub.aws.queues.find((q) => q.fifo && !q.deadLetter);
  if (!changes) throw new Error('the template has no changes queue');
  const deadLetters = hub.aws.queues.find((q) => q.deadLetter);
  if (!deadLetters) throw new Error('the template has no dead-letter queue');
  return { region: hub.aws.region, dynamodbEndpoint: hub.aws.dynamodbEndpoint, sqsEndpoint: hub.aws.sqsEndpoint, stateTable: tableOf(hub, 'TablesState'), auditTable: tableOf(hub, 'TablesAudit'), idempotencyTable: tableOf(hub, 'TablesIdempotency'), contractFile: hub.contractFile, changesQueueUrl: changes.url, deadLetterQueueUrl: deadLetters.url, secretsFile: hub.secretsFile, hubUrl: hub.url, healthToken: hub.healthToken };
}

export function writeHubFile(hub: Hub, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  // It holds the health token: readable by its owner only, as the secrets file is.
  writeFileSync(file, `${JSON.stringify(hubConnection(hub), null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // a file left by an earlier run keeps its mode through a write
}

export function readHubFile(file: string): HubConnection {
  return JSON.parse(readFileSync(file, 'utf8')) as HubConnection;
}
