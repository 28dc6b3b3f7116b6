/**
 * Long runs over whole CRMs (an initial sync, a backfill, an import) cut into steps that each fit in one function
 * invocation, with the run's position saved after every step (`run:<id>` in the cursor store). The Step Functions
 * state machine (and, locally, the same definition through aws-local-stepfunctions) starts a run, then calls
 * {@link stepRun} until it answers `done`. A run that stopped midway (a crash, a timeout, a killed terminal) resumes
 * from the step it was in: every step is idempotent, since each one sends through the pipeline only what a system
 * still lacks, and the pipeline skips a change it has already processed.
 */
import { backfill, type BackfillReport } from './backfill.ts';
import { importRecords, type ImportDeps, type ImportReport, type ImportRow } from './import-records.ts';
import { initialSync, syncedObjects, type InitialSyncDeps, type ObjectReport } from './initial-sync.ts';
import { RunInputError } from '#domain/errors';
import type { CursorStore } from '#ports/cursor-store';

/** What a run does. */
export type SyncJob =
  | { kind: 'initial-sync'; object?: string; dryRun?: boolean }
  | { kind: 'backfill'; system: string; object: string; since?: number }
  /** The rows were saved with {@link saveImportRows} under the file's digest. */
  | { kind: 'import'; object: string; file: string; digest: string; rows: number };

/** A step's report: an initial sync's per object, a backfill's, an import's. */
export type StepReport = ObjectReport | BackfillReport | ImportReport;

/** A run as saved after each step. */
export interface RunState {
  runId: string;
  job: SyncJob;
  /** Steps done so far. */
  step: number;
  startedAt: string;
  finishedAt?: string;
  /** The run of the same job before this one, if any: what names a deployed execution of this run before it starts. */
  previous?: string;
  /** Reports of the steps done (their lists of records cut to the first {@link KEPT_IN_STATE}). */
  reports: StepReport[];
}

/** What a step answers the orchestrator (small: it travels in the state machine's state). */
export interface RunStatus {
  runId: string;
  done: boolean;
  step: number;
  /** One line for the execution history. */
  summary: string;
}

export interface SyncRunDeps extends InitialSyncDeps, Partial<Omit<ImportDeps, keyof InitialSyncDeps | 'cursors'>> {
  cursors: CursorStore;
  /** Hears each step's report in full (the saved state keeps the lists short). */
  onReport?: (report: StepReport) => void;
}

/** Records of a report's lists (held, quarantined, refused) kept in the saved state: it must stay one small item. */
export const KEPT_IN_STATE = 100;
/** Bytes of import rows per saved item: with the key and attributes, well under DynamoDB's 400 KB item. */
const ROW_ITEM_BYTES = 300_000;

const stateName = (runId: string) => `run:${runId}`;

/** The job's stable name: a run of the same job that has not finished is resumed rather than started again. */
export function jobKey(job: SyncJob): string {
  if (job.kind === 'initial-sync') return `initial-sync:${job.object ?? 'all'}${job.dryRun ? ':dry-run' : ''}`;
  if (job.kind === 'import') return `import-file:${job.object}:${job.digest}`;
  return `backfill:${job.system}:${job.object}:${job.since ?? 'all'}`;
}

/** The steps of a job, in order: the objects of an initial sync, one for a backfill. */
function stepsOf(deps: SyncRunDeps, job: SyncJob): string[] {
  if (job.kind === 'initial-sync') return job.object ? [job.object] : syncedObjects(deps.plan);
  return [job.object];
}

export async function loadRun(deps: Pick<SyncRunDeps, 'cursors'>, runId: string): Promise<RunState | undefined> {
  const text = await deps.cursors.getCursor(stateName(runId));
  return text === undefined ? undefined : (JSON.parse(text) as RunState);
}

async function saveRun(deps: Pick<SyncRunDeps, 'cursors'>, run: RunState): Promise<void> {
  await deps.cursors.putCursor(stateName(run.runId), JSON.stringify(run));
}

/**
 * Starts a run of `job`, or picks up the unfinished run of the same job (see {@link jobKey}): its id, and whether it
 * is done already (a dry run is never resumed: it writes nothing worth keeping).
 */
export async function startRun(deps: SyncRunDeps, job: SyncJob): Promise<RunStatus> {
  const latest = `run-latest:${jobKey(job)}`;
  const previous = job.kind === 'initial-sync' && job.dryRun ? undefined : await deps.cursors.getCursor(latest);
  const resumed = previous === undefined ? undefined : await loadRun(deps, previous);
  if (resumed && !resumed.finishedAt) return statusOf(deps, resumed, 'resumed');
  const now = new Date(deps.clock.nowMs()).toISOString();
  const run: RunState = { runId: `${jobKey(job)}:${now}`, job, step: 0, startedAt: now, reports: [], ...(previous === undefined ? {} : { previous }) };
  await saveRun(deps, run);
  await deps.cursors.putCursor(latest, run.runId);
  return statusOf(deps, run, 'started');
}

function statusOf(deps: SyncRunDeps, run: RunState, verb: string): RunStatus {
  const steps = stepsOf(deps, run.job);
  return { runId: run.runId, done: run.finishedAt !== undefined, step: run.step, summary: `${run.job.kind} ${verb}: ${run.step}/${steps.length} step(s) done` };
}

/**
 * Does the run's next step, saves where it stands and answers whether the run is done. `deadline` (epoch ms) bounds
 * the waiting for the pipeline; what is still in flight then is the pipeline's to finish.
 */
export async function stepRun(deps: SyncRunDeps, runId: string, deadline: number): Promise<RunStatus> {
  const run = await loadRun(deps, runId);
  if (!run) throw new RunInputError(`no run ${runId}: start it first`);
  const steps = stepsOf(deps, run.job);
  if (run.finishedAt || run.step >= steps.length) return statusOf(deps, { ...run, finishedAt: run.finishedAt ?? new Date(deps.clock.nowMs()).toISOString() }, 'finished');
  const job = run.job;
  const object = steps[run.step] as string;
  const reports: StepReport[] = [];
  if (job.kind === 'initial-sync') reports.push(...(await initialSync(deps, { object, dryRun: job.dryRun ?? false, deadline })));
  else if (job.kind === 'import') reports.push(await importRecords(importDeps(deps), { object, file: job.file, digest: job.digest, rows: await loadImportRows(deps, job), deadline, finishedSince: run.startedAt }));
  else reports.push(await backfill(deps, { system: job.system, object: job.object, ...(job.since === undefined ? {} : { since: job.since }), settleTimeoutMs: Math.max(0, deadline - deps.clock.nowMs()) }));
  for (const report of reports) deps.onReport?.(report);
  // An import out of time stays at its step: the next invocation carries it on (its own state says where).
  if (reports.some((r) => 'finished' in r && !r.finished)) {
    await saveRun(deps, run);
    return statusOf(deps, run, 'in progress');
  }
  run.reports.push(...reports.map(trimmed));
  run.step++;
  if (run.step >= steps.length) run.finishedAt = new Date(deps.clock.nowMs()).toISOString();
  await saveRun(deps, run);
  // Only once the step is recorded: a step done again before that still finds its rows.
  if (job.kind === 'import') await forgetImportRows(deps, job);
  return statusOf(deps, run, run.finishedAt ? 'finished' : 'in progress');
}

/** A report with its lists cut to {@link KEPT_IN_STATE}, for the saved state. */
function trimmed(report: StepReport): StepReport {
  const cut = <T>(list: T[]) => list.slice(0, KEPT_IN_STATE);
  if ('rejected' in report) return { ...report, rejected: cut(report.rejected), held: cut(report.held), totals: { rejected: report.rejected.length, held: report.held.length } };
  if ('held' in report) return { ...report, held: cut(report.held), quarantined: cut(report.quarantined), totals: { held: report.held.length, quarantined: report.quarantined.length } };
  return report;
}

function importDeps(deps: SyncRunDeps): ImportDeps {
  const { writers, createKeys, audit, quarantine } = deps;
  if (!writers || !createKeys || !audit || !('put' in quarantine)) throw new RunInputError('an import needs the CRM writers, the audit log and the quarantine: this function is not set up for imports');
  return { ...deps, writers, createKeys, audit, quarantine: quarantine as ImportDeps['quarantine'] };
}

/**
 * Saves an import's rows beside the run state (`import-rows:<digest>:<n>`), for the function that runs the import
 * (in AWS, it cannot read the operator's file); answers the job.
 */
export async function saveImportRows(deps: Pick<SyncRunDeps, 'cursors'>, job: Omit<Extract<SyncJob, { kind: 'import' }>, 'rows'>, rows: readonly ImportRow[]): Promise<Extract<SyncJob, { kind: 'import' }>> {
  let item: string[] = [];
  let bytes = 0;
  let n = 0;
  const flush = async () => {
    await deps.cursors.putCursor(`import-rows:${job.digest}:${n++}`, `[${item.join(',')}]`);
    [item, bytes] = [[], 0];
  };
  for (const row of rows) {
    const text = JSON.stringify(row);
    const size = Buffer.byteLength(text);
    if (size > ROW_ITEM_BYTES) throw new RunInputError(`line ${row.line} of ${job.file} is over ${ROW_ITEM_BYTES / 1000} KB: no contact field holds that much`);
    if (bytes + size > ROW_ITEM_BYTES) await flush();
    item.push(text);
    bytes += size + 1;
  }
  if (item.length > 0) await flush();
  return { ...job, rows: rows.length };
}

/** Once the import is done, its saved rows are emptied: personal data kept no longer than the run needs it. */
async function forgetImportRows(deps: Pick<SyncRunDeps, 'cursors'>, job: Extract<SyncJob, { kind: 'import' }>): Promise<void> {
  let seen = 0;
  for (let i = 0; seen < job.rows; i++) {
    const text = await deps.cursors.getCursor(`import-rows:${job.digest}:${i}`);
    if (text === undefined || text === '[]') return;
    seen += (JSON.parse(text) as unknown[]).length;
    await deps.cursors.putCursor(`import-rows:${job.digest}:${i}`, '[]');
  }
}

async function loadImportRows(deps: Pick<SyncRunDeps, 'cursors'>, job: Extract<SyncJob, { kind: 'import' }>): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for (let i = 0; rows.length < job.rows; i++) {
    const text = await deps.cursors.getCursor(`import-rows:${job.digest}:${i}`);
    if (text === undefined) throw new RunInputError(`the rows of ${job.file} (${job.digest}) are not saved: import the file again`);
    rows.push(...(JSON.parse(text) as ImportRow[]));
  }
  return rows;
}
