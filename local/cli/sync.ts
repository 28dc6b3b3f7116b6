/**
 * `syncline sync --initial [--object company|person|deal] [--dry-run]`: links what two CRMs already hold, then
 * creates only what each lacks, through the running hub (or a deployed stack) and within the vendors' shared budgets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { initialSync, SYNC_ORDER, type ObjectReport, type SyncProgress } from '#app/initial-sync';
import { DynamoDbIdempotencyStore } from '#adapters/aws/dynamodb-idempotency-store';
import { DynamoDbQuarantineStore } from '#adapters/aws/dynamodb-quarantine-store';
import { DynamoDbReviewStore } from '#adapters/aws/dynamodb-review-store';
import { DynamoDbStateStore } from '#adapters/aws/dynamodb-state-store';
import { SqsChangeQueue } from '#adapters/aws/sqs-change-queue';
import { budgetVendorCalls } from '#adapters/vendor-budget-wiring';
import { crmConnectorFor } from '#adapters/vendors/crm-registry';
import { secretSourceFor } from '#adapters/wiring';
import { enabledConnectors, loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import type { RecordLister } from '#ports/crm';
import { systemClock } from '#ports/clock';
import type { HubConnection } from '#local/hub-file';
import { clients } from './operations.ts';

export interface SyncCommandOptions {
  object?: string;
  dryRun: boolean;
  contractFile?: string;
  /** Where progress lines go (stderr by default): a TTY gets one line redrawn in place. */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** `sync --initial`: runs the initial sync and returns its report as text. */
export async function initialSyncCommand(c: HubConnection, options: SyncCommandOptions): Promise<{ text: string; reports: ObjectReport[] }> {
  const contract = loadContract(options.contractFile ?? c.contractFile ?? 'syncline.yaml');
  const plan = toSyncPlan(contract);
  if (options.object && !(SYNC_ORDER as readonly string[]).includes(options.object)) throw new Error(`--object: expected one of ${SYNC_ORDER.join(', ')}; got ${options.object}`);
  const { documents, sqs } = clients(c);
  const idempotencyTable = c.idempotencyTable ?? process.env['SYNCLINE_IDEMPOTENCY_TABLE'];
  if (!idempotencyTable) throw new Error('sync needs the idempotency table: run it beside npm start, or set SYNCLINE_IDEMPOTENCY_TABLE from the stack outputs');
  const vendors = enabledConnectors(contract).filter((name) => crmConnectorFor(name)?.lister);
  const secrets = secretSourceFor(Object.fromEntries(vendors.map((v) => [v, `syncline/${v}`])), c.secretsFile);
  // Every Salesforce and HubSpot call of the run takes from the same daily budget as the hub's functions.
  budgetVendorCalls(vendors, contract, documents, c.stateTable, { count: () => undefined });
  const listers: Record<string, RecordLister> = {};
  for (const vendor of vendors) {
    const lister = crmConnectorFor(vendor)?.lister;
    if (lister) listers[vendor] = lister(await secrets.get(vendor));
  }
  const progress = progressLine(options.out ?? process.stderr);
  const reports = await initialSync(
    {
      plan,
      listers,
      state: new DynamoDbStateStore(documents, c.stateTable),
      reviews: new DynamoDbReviewStore(documents, c.stateTable),
      quarantine: new DynamoDbQuarantineStore(documents, c.stateTable),
      idempotency: new DynamoDbIdempotencyStore(documents, idempotencyTable),
      queue: new SqsChangeQueue(sqs, c.changesQueueUrl),
      clock: systemClock,
      sleep: async (ms) => void (await sleep(ms)),
      progress: progress.update,
    },
    { ...(options.object ? { object: options.object } : {}), dryRun: options.dryRun },
  );
  progress.done();
  return { text: renderReports(reports, options.dryRun), reports };
}

/** A progress line: records read, then changes processed with their rate and the time left. */
function progressLine(out: NodeJS.WritableStream & { isTTY?: boolean }) {
  let started = 0;
  let last = '';
  const write = (text: string) => {
    if (text === last) return;
    last = text;
    out.write(out.isTTY ? `\r\x1b[2K${text}` : `${text}\n`);
  };
  return {
    update(p: SyncProgress) {
      if (p.phase === 'read') return write(`${p.object}: read ${p.records.toLocaleString('en-US')} from ${p.system}`);
      if (started === 0) started = Date.now();
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const rate = p.settled / seconds;
      const eta = rate > 0 ? Math.ceil((p.total - p.settled) / rate) : undefined;
      const width = 24;
      const filled = p.total === 0 ? width : Math.round((p.settled / p.total) * width);
      write(`${p.object}: [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.settled.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} synced · ${rate.toFixed(1)}/s${eta === undefined ? '' : ` · ETA ${eta}s`}`);
      if (p.settled === p.total) started = 0;
    },
    done() {
      if (out.isTTY && last !== '') out.write('\n');
    },
  };
}

const count = (values: Record<string, number>): string => Object.entries(values).map(([system, n]) => `${system} ${n.toLocaleString('en-US')}`).join(', ') || 'none';

/** The final report, one block per object. */
export function renderReports(reports: readonly ObjectReport[], dryRun: boolean): string {
  const lines: string[] = [dryRun ? 'Initial sync, dry run: nothing was written.' : 'Initial sync done.'];
  for (const r of reports) {
    lines.push('', `${r.object}`, `  read              ${count(r.read)}`);
    lines.push(`  linked            ${r.linked.toLocaleString('en-US')} pair(s) now, ${r.alreadyLinked.toLocaleString('en-US')} linked before, ${r.inStep.toLocaleString('en-US')} already in step`);
    lines.push(`  ${dryRun ? 'would create' : 'to create   '}      ${count(r.toCreate)}`);
    if (!dryRun) lines.push(`  created           ${count(r.created)}`);
    lines.push(`  held for review   ${r.held.length.toLocaleString('en-US')}`);
    for (const h of r.held.slice(0, 10)) lines.push(`    ${h.other}: ${h.code} ${h.reason}`);
    lines.push(`  quarantined       ${r.quarantined.length.toLocaleString('en-US')}${dryRun ? ' (would be)' : ''}`);
    for (const q of r.quarantined.slice(0, 10)) lines.push(`    ${q.record}: ${q.reason}`);
    if (!dryRun && r.unsettled > 0) lines.push(`  still in the pipeline when the run stopped waiting: ${r.unsettled.toLocaleString('en-US')} (see syncline quarantine list / dlq list)`);
  }
  if (reports.some((r) => r.held.length > 0)) lines.push('', 'Decide held records with `syncline review list` and `review approve|reject ID`.');
  return lines.join('\n');
}
