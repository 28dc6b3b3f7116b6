/**
 * An import's run state in the cursor store: `run:<id>` (chunks begun, finished or not), `run:<id>:chunk:<n>` (the
 * keys of the records each chunk writes, saved before it is written, so a record the run made is known as its own
 * when it resumes) and `run-latest:import:<object>:<digest>` (the run of that file's content).
 */
import type { CursorStore } from '#ports/cursor-store';

export interface ImportRunState {
  runId: string;
  startedAt: string;
  finishedAt?: string;
  /** Chunks begun so far. */
  chunks: number;
  /** The finished run's report (its lists cut short). */
  report?: unknown;
  /** Items of the saved plan, once planned. */
  planItems?: number;
}

/**
 * The unfinished run of the file's content, or a new one (not saved for a dry run). A run that finished at or after
 * `finishedSince` (ISO) is answered as it is: the same step, done again because its end was not recorded, finds its
 * own result rather than a new run with nothing left to do.
 */
export async function startOrResumeImport(cursors: CursorStore, object: string, digest: string, now: number, dryRun: boolean, finishedSince?: string): Promise<ImportRunState> {
  const latest = `run-latest:import:${object}:${digest}`;
  const previousId = await cursors.getCursor(latest);
  const previous = previousId === undefined ? undefined : await cursors.getCursor(`run:${previousId}`);
  if (previous !== undefined) {
    const run = JSON.parse(previous) as ImportRunState;
    // A dry run shows what the unfinished run would still do; it changes nothing of it.
    if (!run.finishedAt || (finishedSince !== undefined && run.finishedAt >= finishedSince)) return run;
  }
  const at = new Date(now).toISOString();
  const run: ImportRunState = { runId: `import:${object}:${digest}:${at}`, startedAt: at, chunks: 0 };
  if (dryRun) return run;
  await saveImportRun(cursors, run);
  await cursors.putCursor(latest, run.runId);
  return run;
}

export async function saveImportRun(cursors: CursorStore, run: ImportRunState): Promise<void> {
  await cursors.putCursor(`run:${run.runId}`, JSON.stringify(run));
}

/** Saves the keys (lowercase) of the chunk about to be written, and counts the chunk begun. */
export async function beginChunk(cursors: CursorStore, run: ImportRunState, keys: readonly string[]): Promise<void> {
  await cursors.putCursor(`run:${run.runId}:chunk:${run.chunks}`, JSON.stringify(keys.map((k) => k.toLowerCase())));
  run.chunks++;
  await saveImportRun(cursors, run);
}

/** The keys of the records the run has begun to write. */
export async function attemptedKeys(cursors: CursorStore, run: ImportRunState): Promise<Set<string>> {
  const keys = new Set<string>();
  for (let n = 0; n < run.chunks; n++) for (const key of JSON.parse((await cursors.getCursor(`run:${run.runId}:chunk:${n}`)) ?? '[]') as string[]) keys.add(key);
  return keys;
}

/** Marks the run finished and forgets the keys it wrote (personal data kept no longer than the run needs it). */
export async function finishImportRun(cursors: CursorStore, run: ImportRunState, now: number, report: unknown): Promise<void> {
  for (let n = 0; n < run.chunks; n++) await cursors.putCursor(`run:${run.runId}:chunk:${n}`, '[]');
  for (let n = 0; n < (run.planItems ?? 0); n++) await cursors.putCursor(`run:${run.runId}:plan:${n}`, '[]');
  run.finishedAt = new Date(now).toISOString();
  run.report = report;
  await saveImportRun(cursors, run);
}

/** Lines per saved item of a plan: a few hundred kilobytes at most. */
const PLAN_CLUSTERS_PER_ITEM = 20_000;

/** What planning found, saved so a later call of the same run writes and waits without reading the CRMs again. */
export interface SavedPlan {
  /** Per new person, the lines of the file's rows that name them (the first is created, the others fill its blanks). */
  clusters: number[][];
  /** Ids of the records the run had created before it planned (a resumed run's own). */
  ours: string[];
  /** The report as planning left it. */
  report: unknown;
}

export async function savePlan(cursors: CursorStore, run: ImportRunState & { planItems?: number }, plan: SavedPlan): Promise<void> {
  let items = 0;
  for (let i = 0; i === 0 || i < plan.clusters.length; i += PLAN_CLUSTERS_PER_ITEM) {
    await cursors.putCursor(`run:${run.runId}:plan:${items++}`, JSON.stringify(plan.clusters.slice(i, i + PLAN_CLUSTERS_PER_ITEM)));
  }
  await cursors.putCursor(`run:${run.runId}:plan-head`, JSON.stringify({ ours: plan.ours, report: plan.report }));
  run.planItems = items;
  await saveImportRun(cursors, run);
}

export async function loadPlan(cursors: CursorStore, run: ImportRunState & { planItems?: number }): Promise<SavedPlan | undefined> {
  if (!run.planItems) return undefined;
  const head = await cursors.getCursor(`run:${run.runId}:plan-head`);
  if (head === undefined) return undefined;
  const clusters: number[][] = [];
  for (let n = 0; n < run.planItems; n++) clusters.push(...(JSON.parse((await cursors.getCursor(`run:${run.runId}:plan:${n}`)) ?? '[]') as number[][]));
  return { clusters, ...(JSON.parse(head) as Omit<SavedPlan, 'clusters'>) };
}

/** Records the ids a chunk created, once written. */
export async function recordCreated(cursors: CursorStore, run: ImportRunState, chunk: number, ids: readonly string[]): Promise<void> {
  await cursors.putCursor(`run:${run.runId}:created:${chunk}`, JSON.stringify(ids));
}

/** Per chunk begun, the ids it created, or undefined where the run stopped before recording them. */
export async function createdByChunk(cursors: CursorStore, run: ImportRunState): Promise<(string[] | undefined)[]> {
  const out: (string[] | undefined)[] = [];
  for (let n = 0; n < run.chunks; n++) {
    const text = await cursors.getCursor(`run:${run.runId}:created:${n}`);
    out.push(text === undefined ? undefined : (JSON.parse(text) as string[]));
  }
  return out;
}

/** The keys of one chunk begun. */
export async function chunkKeys(cursors: CursorStore, run: ImportRunState, chunk: number): Promise<string[]> {
  return JSON.parse((await cursors.getCursor(`run:${run.runId}:chunk:${chunk}`)) ?? '[]') as string[];
}
