/**
 * `syncline sync --initial [--object company|person|deal] [--dry-run]`: links what two CRMs already hold, then
 * creates only what each lacks, through the running hub (or a deployed stack) and within the vendors' shared budgets.
 */
import { noMetrics } from '#ports/metrics';
import { SYNC_ORDER, type ObjectReport, type SyncProgress } from '#app/initial-sync';
import { backfillProblem, type BackfillReport } from '#app/backfill';
import type { SyncJob } from '#app/sync-run';
import type { CursorStore } from '#ports/cursor-store';
import { lastReconciliation, reconcile, type Reconciliation } from '#app/reconcile';
import { DynamoDbCursorStore } from '#adapters/aws/dynamodb-cursor-store';
import { buildSyncRunDeps } from '#adapters/sync-run-deps';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import type { HubConnection } from '#local/hub-file';
import { clients } from './operations.ts';
import { runJobDeployed, runJobLocally, type JobResult } from './run-job.ts';

export interface SyncCommandOptions {
  object?: string;
  dryRun: boolean;
  contractFile?: string;
  /** Where progress lines go (stderr by default): a TTY gets one line redrawn in place. */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The deps of a run over whole CRMs, from a hub connection (local) or the stack's outputs (deployed). */
export async function runDeps(c: HubConnection, contractFile: string | undefined, out: NodeJS.WritableStream & { isTTY?: boolean }) {
  const contract = loadContract(contractFile ?? c.contractFile ?? 'syncline.yaml');
  const { documents, sqs } = clients(c);
  const idempotencyTable = c.idempotencyTable ?? process.env['SYNCLINE_IDEMPOTENCY_TABLE'];
  if (!idempotencyTable) throw new Error('this command needs the idempotency table: run it beside npm start, or set SYNCLINE_IDEMPOTENCY_TABLE from the stack outputs');
  const progress = progressLine(out);
  const deps = await buildSyncRunDeps({ contract, documents, sqs, stateTable: c.stateTable, auditTable: c.auditTable, idempotencyTable, changesQueueUrl: c.changesQueueUrl, ...(c.secretsFile ? { secretsFile: c.secretsFile } : {}), progress: progress.update });
  return { deps, documents, progress };
}

/**
 * Runs a job through the sync-run state machine: the deployed one when the connection names it, else the same
 * definition in this process. `prepare` finishes the job once the run state's store is at hand (an import saves its
 * rows there first).
 */
export async function runJob(c: HubConnection, job: SyncJob, options: { contractFile?: string | undefined; out?: NodeJS.WritableStream & { isTTY?: boolean } }, prepare?: (cursors: CursorStore) => Promise<SyncJob>): Promise<JobResult> {
  const out = options.out ?? process.stderr;
  if (c.syncRunMachineArn) {
    const cursors = new DynamoDbCursorStore(clients(c).documents, c.stateTable);
    return runJobDeployed({ ...c, syncRunMachineArn: c.syncRunMachineArn }, cursors, prepare ? await prepare(cursors) : job, (line) => out.write(`${line}\n`));
  }
  const contractFile = options.contractFile ?? c.contractFile ?? 'syncline.yaml';
  const { deps, progress } = await runDeps(c, contractFile, out);
  try {
    return await runJobLocally(deps, prepare ? await prepare(deps.cursors) : job, contractFile);
  } finally {
    progress.done();
  }
}

/** `--object` names one of the objects a run takes. */
function checkObject(object: string | undefined): void {
  if (object && !(SYNC_ORDER as readonly string[]).includes(object)) throw new Error(`--object: expected one of ${SYNC_ORDER.join(', ')}; got ${object}`);
}

/** `sync --initial`: runs the initial sync and returns its report as text. */
export async function initialSyncCommand(c: HubConnection, options: SyncCommandOptions): Promise<{ text: string; reports: ObjectReport[] }> {
  checkObject(options.object);
  const { reports } = await runJob(c, { kind: 'initial-sync', ...(options.object ? { object: options.object } : {}), dryRun: options.dryRun }, options);
  return { text: renderReports(reports as ObjectReport[], options.dryRun), reports: reports as ObjectReport[] };
}

/** `reconcile`: a reconciliation now (or with `last`, the last one's summary), as text. */
export async function reconcileCommand(c: HubConnection, options: SyncCommandOptions & { last?: boolean }): Promise<{ text: string; result: Reconciliation | undefined }> {
  checkObject(options.object);
  const { documents } = clients(c);
  const cursors = new DynamoDbCursorStore(documents, c.stateTable);
  if (options.last) {
    const last = await lastReconciliation(cursors);
    return { text: last ? renderReconciliation(last) : 'No reconciliation has run yet.', result: last };
  }
  const { deps, progress } = await runDeps(c, options.contractFile, options.out ?? process.stderr);
  const result = await reconcile({ ...deps, cursors, metrics: noMetrics }, { ...(options.object ? { object: options.object } : {}), dryRun: options.dryRun });
  progress.done();
  return { text: renderReconciliation(result), result };
}

/** `backfill <system> <object> [--since DATE]`: replays the records through the pipeline and waits for them. */
export async function backfillCommand(c: HubConnection, options: { system: string; object: string; since?: string; contractFile?: string; out?: NodeJS.WritableStream & { isTTY?: boolean } }): Promise<{ text: string; report: BackfillReport }> {
  const since = options.since === undefined ? undefined : Date.parse(options.since);
  if (since !== undefined && !Number.isFinite(since)) throw new Error(`--since: expected a date like 2026-01-31 or 2026-01-31T08:00:00Z; got ${options.since}`);
  const contract = loadContract(options.contractFile ?? c.contractFile ?? 'syncline.yaml');
  const problem = backfillProblem(toSyncPlan(contract), { system: options.system, object: options.object });
  if (problem) throw new Error(problem);
  const { reports } = await runJob(c, { kind: 'backfill', system: options.system, object: options.object, ...(since === undefined ? {} : { since }) }, options);
  const report = reports[0] as BackfillReport;
  const lines = [
    `Backfill of ${report.object} from ${report.system}${options.since ? ` changed since ${options.since}` : ''}: ${report.read.toLocaleString('en-US')} record(s) read, ${report.enqueued.toLocaleString('en-US')} sent through the pipeline.`,
    `  processed ${report.processed.toLocaleString('en-US')}, in quarantine ${report.quarantined.toLocaleString('en-US')}${report.unsettled > 0 ? `, still in the pipeline ${report.unsettled.toLocaleString('en-US')}` : ''}`,
  ];
  if (report.quarantined > 0) lines.push('  See `syncline quarantine list` for the reasons.');
  return { text: lines.join('\n'), report };
}

/** A reconciliation's summary: per object, records per system and the drift found. */
export function renderReconciliation(r: Reconciliation): string {
  const lines = [`Reconciliation ${r.dryRun ? '(dry run, nothing sent) ' : ''}at ${r.at}: drift ${r.drift.toLocaleString('en-US')} record(s), ${r.enqueued.toLocaleString('en-US')} change(s) sent through.`];
  for (const o of r.objects) {
    lines.push(`  ${o.object.padEnd(8)} ${count(o.counts).padEnd(36)} drift ${o.drift} (missing ${o.missing}, differing ${o.differing}, not linked ${o.unlinked})${o.waiting > 0 ? `, ${o.waiting} waiting for review or a fix` : ''}`);
  }
  return lines.join('\n');
}

/** A progress line: records read, then records written and changes processed, with their rate and the time left. */
export function progressLine(out: NodeJS.WritableStream & { isTTY?: boolean }) {
  let started = 0;
  let last = '';
  const write = (text: string) => {
    if (text === last) return;
    last = text;
    out.write(out.isTTY ? `\r\x1b[2K${text}` : `${text}\n`);
  };
  let phase = '';
  return {
    update(p: SyncProgress) {
      if (p.phase === 'read') return write(`${p.object}: read ${p.records.toLocaleString('en-US')} from ${p.system}`);
      const [done, verb] = p.phase === 'write' ? [p.written, 'written'] : [p.settled, 'synced'];
      if (phase !== `${p.phase}:${p.object}`) [phase, started] = [`${p.phase}:${p.object}`, 0];
      if (started === 0) started = Date.now();
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const rate = done / seconds;
      const eta = rate > 0 ? Math.ceil((p.total - done) / rate) : undefined;
      const width = 24;
      const filled = p.total === 0 ? width : Math.round((done / p.total) * width);
      write(`${p.object}: [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} ${verb} · ${rate.toFixed(1)}/s${eta === undefined ? '' : ` · ETA ${eta}s`}`);
      if (done === p.total) started = 0;
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
    for (const [system, reason] of Object.entries(r.notRead ?? {})) lines.push(`  not read          ${system}: ${reason}`);
    lines.push(`  linked            ${r.linked.toLocaleString('en-US')} pair(s) now, ${r.alreadyLinked.toLocaleString('en-US')} linked before, ${r.inStep.toLocaleString('en-US')} already in step`);
    lines.push(`  ${dryRun ? 'would create' : 'to create   '}      ${count(r.toCreate)}`);
    if (!dryRun) lines.push(`  created           ${count(r.created)}`);
    lines.push(`  held for review   ${(r.totals?.held ?? r.held.length).toLocaleString('en-US')}`);
    for (const h of r.held.slice(0, 10)) lines.push(`    ${h.other}: ${h.code} ${h.reason}`);
    lines.push(`  quarantined       ${(r.totals?.quarantined ?? r.quarantined.length).toLocaleString('en-US')}${dryRun ? ' (would be)' : ''}`);
    for (const q of r.quarantined.slice(0, 10)) lines.push(`    ${q.record}: ${q.reason}`);
    if (!dryRun && r.unsettled > 0) lines.push(`  still in the pipeline when the run stopped waiting: ${r.unsettled.toLocaleString('en-US')} (see syncline quarantine list / dlq list)`);
  }
  if (reports.some((r) => r.held.length > 0)) lines.push('', 'Decide held records with `syncline review list` and `review approve|reject ID`.');
  return lines.join('\n');
}
