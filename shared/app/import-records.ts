/**
 * Import: a list from outside every CRM (a conference's attendees) becomes records everywhere the contract syncs the
 * object, without one duplicate. Rows are validated against what every target requires (a bad row is quarantined
 * with its reason), clustered with each other and with the records every system already holds (the object's match
 * rules, read in full as the initial sync reads them), and only the people nobody holds are created: once, in the
 * system where a record is created by a unique key of its own (a HubSpot contact by its e-mail, so a repeated write
 * can never make a second one), then sent through the pipeline as that system's change, which creates them in the
 * other systems with their links, under the ownership rules, audited.
 *
 * A run keeps its position in the cursor store (`run:<id>`, and the ids it created chunk by chunk): killed midway and
 * started again with the same file, it resumes; the records it created are found by the read like any other, count
 * as created by the run, and are sent through again (the pipeline skips what it already did). Importing a file again
 * after the run finished creates nothing: every row is then someone a system holds.
 */
import { recordKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { emailAddressProblem } from '#domain/email-address';
import { dedupeRecords } from '#domain/identity/dedupe';
import { toMatchRecord, type MatchRecord, type MatchValues } from '#domain/identity/match-record';
import { fieldMapping, fromCanonical, missingRequired, type ObjectMapping } from '#domain/mapping';
import type { ChangeReader, CrmWriter } from '#ports/crm';
import type { CursorStore } from '#ports/cursor-store';
import type { AuditEntry, AuditLog, QuarantineStore } from '#ports/stores';
import { RetryableError, RunInputError } from '#domain/errors';
import type { MatchRules } from '#domain/identity/rules';
import { awaitArrivals } from './await-arrivals.ts';
import { attemptedKeys, beginChunk, chunkKeys, createdByChunk, finishImportRun, loadPlan, recordCreated, savePlan, startOrResumeImport, type ImportRunState, type SavedPlan } from './import-run.ts';
import { readAll, readsInFull, settle, type InitialSyncDeps, type Listed } from './initial-sync.ts';
import { IMPORT_SOURCE } from './retry-quarantined.ts';

/** One row of the file, in canonical form. */
export interface ImportRow {
  /** The row's line in the file (the header is line 1), named in every report. */
  line: number;
  /** The values the contract writes (`email`, `firstName`, ...). */
  canonical: FieldValues;
  /** The values the matcher reads: the canonical ones plus those only compared (`website`, `country`). */
  match: MatchValues;
  /** Why the row cannot be read as the header names its cells (more cells than columns): it is refused. */
  unreadable?: string;
}

/** A vendor object whose records can be created keyed by a unique field of their own (HubSpot contacts by `email`). */
export interface CreateKey {
  objectType: string;
  /** The vendor field. */
  field: string;
}

export interface ImportDeps extends InitialSyncDeps {
  writers: Partial<Record<string, CrmWriter>>;
  /** Per system, the objects it creates by a unique key (from the connector catalog). */
  createKeys: Partial<Record<string, readonly CreateKey[]>>;
  /** Per system, the look-up by that key: whether a record appeared since the full read, just before writing. */
  finders?: Partial<Record<string, Pick<ChangeReader, 'findIdsMany'>>>;
  cursors: CursorStore;
  audit: Pick<AuditLog, 'append'>;
  quarantine: Required<Pick<QuarantineStore, 'presentOf' | 'put'>>;
}

export interface ImportOptions {
  object: string;
  /** The file's name, for the report and the quarantine. */
  file: string;
  /** The file's content digest: a run is resumed only for the same content. */
  digest: string;
  rows: readonly ImportRow[];
  dryRun?: boolean;
  /**
   * When this call must stop (epoch ms): writing stops a minute before, waiting at it, and the report says the run is
   * not finished; the next call resumes it.
   */
  deadline?: number;
  /** Rows written per saved position. @default 500 */
  chunkSize?: number;
  /**
   * How long the entry system's own notifications may bring nothing before the run sends the rest itself. @default 3
   * min: a pipeline pausing on a vendor's budget goes quiet for a minute or more without anything being lost.
   */
  quietMs?: number;
  /** A run of the file finished since then (ISO) is this call's own, done before its end was recorded: its report is answered. */
  finishedSince?: string;
}

export interface ImportReport {
  runId: string;
  object: string;
  file: string;
  rows: number;
  /** The run resumed one that had stopped midway. */
  resumed: boolean;
  /** Every new person created and through the pipeline (or waiting for a fix); false when the call ran out of time. */
  finished: boolean;
  /** Rows refused (quarantined), with the reason. */
  rejected: { line: number; code: string; reason: string }[];
  /** Rows that repeat a person an earlier row of the file names. */
  duplicatesInFile: number;
  /** People of the file a system already held before this run, per system. */
  existing: Record<string, number>;
  /** People of the file every system Syncline can read in full already held: nothing to do. */
  alreadyEverywhere: number;
  /** Rows that may be someone a system holds, or someone else in the file: a person decides (see the quarantine). */
  held: { line: number; reason: string }[];
  /** New people: created (or, in a dry run, that would be). */
  toCreate: number;
  /** Created per system, by the time the run stopped waiting. */
  created: Record<string, number>;
  /** Sent through the pipeline and not yet processed when the run stopped waiting. */
  unsettled: number;
  /** The full lengths of `rejected` and `held` where a saved report keeps only their first records. */
  totals?: { rejected: number; held: number };
}

const DEFAULT_CHUNK = 500;
/** How long the entry system's notifications may bring no new record before the run sends the rest through itself. */
const DEFAULT_QUIET_MS = 180_000;
/** Writing stops this long before the deadline: a chunk's write, audit and save fit in it. */
const WRITE_MARGIN_MS = 60_000;
/** Attempts at a chunk's records the vendor failed retryably (a 429 or 5xx for one input) before the step fails. */
const WRITE_ATTEMPTS = 3;

interface Plan {
  toCreate: ImportRow[];
  /** Per row of `toCreate`, the lines of the file that name that person. */
  clusters: number[][];
  /** Ids of the records this run created before it stopped. */
  ours: string[];
}

/** Imports the rows; returns the report. A call that ran out of time says so (`finished: false`): call it again. */
export async function importRecords(deps: ImportDeps, options: ImportOptions): Promise<ImportReport> {
  const { object } = options;
  const mapping = deps.plan.objects[object];
  if (!mapping) throw new RunInputError(`the contract has no object ${object}; expected one of ${Object.keys(deps.plan.objects).join(', ')}`);
  const rules = deps.plan.identity?.[object];
  if (!rules) throw new RunInputError(`objects.${object} has no match rules: an import could not tell a new record from one a system holds`);
  const entry = entryOf(deps, object, mapping);
  const run = await startOrResumeImport(deps.cursors, object, options.digest, deps.clock.nowMs(), options.dryRun ?? false, options.finishedSince);
  if (run.finishedAt && run.report) return run.report as ImportReport;
  const report: ImportReport = { runId: run.runId, object, file: options.file, rows: options.rows.length, resumed: run.chunks > 0, finished: false, rejected: [], duplicatesInFile: 0, existing: {}, alreadyEverywhere: 0, held: [], toCreate: 0, created: {}, unsettled: 0 };
  const targets = [...new Set([entry.system, ...deps.plan.syncs.filter((s) => s.object === object).map((s) => s.to)])].filter((t) => mapping.systems[t]);
  // A call after the first of a run finds the plan saved: it writes and waits without reading the CRMs again.
  const saved = options.dryRun || !deps.finders?.[entry.system] ? undefined : await loadPlan(deps.cursors, run);
  let plan: Plan;
  if (saved) {
    Object.assign(report, saved.report as Partial<ImportReport>, { runId: run.runId, resumed: true, finished: false, created: {}, unsettled: 0 });
    plan = await resumePlan(deps, options, run, entry, mapping, saved);
  } else {
    plan = await planImport(deps, options, run, entry, targets, report);
    report.toCreate = plan.toCreate.length + plan.ours.length;
    if (options.dryRun) return { ...report, finished: true };
    await quarantineRows(deps, options, [...report.rejected, ...report.held.map((h) => ({ ...h, code: 'POSSIBLE_DUPLICATE' }))]);
    await savePlan(deps.cursors, run, { clusters: plan.clusters, ours: plan.ours, report: { ...report, rejected: report.rejected.slice(0, 100), held: report.held.slice(0, 100), totals: { rejected: report.rejected.length, held: report.held.length } } });
  }
  const refusedBefore = report.rejected.length;
  const timeLeft = () => (options.deadline === undefined ? Infinity : options.deadline - deps.clock.nowMs());

  // Create, chunk by chunk. Each chunk's keys are saved before it is written: whenever the run stops, a record it
  // made is known as its own when it resumes, and goes through the pipeline then.
  const created = [...plan.ours];
  const chunk = options.chunkSize ?? DEFAULT_CHUNK;
  deps.progress?.({ phase: 'write', object, written: 0, total: plan.toCreate.length });
  for (let i = 0; i < plan.toCreate.length; i += chunk) {
    if (timeLeft() < WRITE_MARGIN_MS) return report;
    created.push(...(await writeChunk(deps, options, run, entry, mapping, plan.toCreate.slice(i, i + chunk), report)));
    deps.progress?.({ phase: 'write', object, written: Math.min(i + chunk, plan.toCreate.length), total: plan.toCreate.length });
  }
  await quarantineRows(deps, options, report.rejected.slice(refusedBefore));

  // Through the pipeline: the other systems get each new record, with its links. The entry system's own
  // notifications (webhooks, polls) bring most of them; the run sends through itself only those that have not arrived
  // once the notifications have gone quiet (a lost webhook, or a system that only the reconciliation reads), so a
  // record is not read twice for one creation. Out of time before that, the next call waits on.
  const onward = deps.plan.syncs.filter((s) => s.object === object && s.from === entry.system && s.create !== false && mapping.systems[s.to]).map((s) => s.to);
  const keys = created.map((id) => recordKey(entry.system, entry.objectType, id));
  const deadline = options.deadline ?? deps.clock.nowMs() + 30 * 60_000;
  const { arrived, quiet } = await awaitArrivals(deps, object, keys, onward, options.quietMs ?? DEFAULT_QUIET_MS, deadline);
  report.created[entry.system] = created.length;
  const late = created.filter((id) => !arrived.has(recordKey(entry.system, entry.objectType, id)));
  if (late.length > 0 && !quiet) return countArrived(report, entry.system, arrived.values());
  const events: ChangeEvent[] = late.map((id) => ({ source: entry.system, objectType: entry.objectType, sourceId: id, eventId: `${id}-import-${run.runId.slice(-24)}`, occurredAt: new Date(deps.clock.nowMs()).toISOString(), kind: 'upsert', fields: {} }));
  for (let i = 0; i < events.length; i += 100) await deps.queue.enqueue(events.slice(i, i + 100));
  const settled = await settle(deps, object, events, Math.max(0, deadline - deps.clock.nowMs()));
  report.unsettled = events.length - settled.size;
  countArrived(report, entry.system, [...arrived.values(), ...settled.values()]);
  const done = { ...report, finished: true };
  await finishImportRun(deps.cursors, run, deps.clock.nowMs(), { ...done, rejected: done.rejected.slice(0, 100), held: done.held.slice(0, 100), totals: { rejected: done.rejected.length, held: done.held.length } });
  return done;
}

function countArrived(report: ImportReport, entry: string, linked: Iterable<string[]>): ImportReport {
  for (const systems of linked) for (const s of systems) if (s !== entry) report.created[s] = (report.created[s] ?? 0) + 1;
  return report;
}

/**
 * Validates the rows and clusters the valid ones with each other and with every record the systems hold: which rows
 * are new people, which records this run created before it stopped; the report learns the rest.
 */
async function planImport(deps: ImportDeps, options: ImportOptions, run: ImportRunState, entry: CreateKey & { system: string }, targets: readonly string[], report: ImportReport): Promise<Plan> {
  const mapping = deps.plan.objects[options.object] as ObjectMapping;
  const rules = deps.plan.identity?.[options.object] as MatchRules;
  // Validate: a row must carry what every system it goes to requires, in a form each accepts.
  const valid: ImportRow[] = [];
  for (const row of options.rows) {
    if (row.unreadable) report.rejected.push({ line: row.line, code: 'UNREADABLE_ROW', reason: row.unreadable });
    else {
      const problems = validate(mapping, targets, row);
      if (problems.length > 0) report.rejected.push({ line: row.line, code: 'INVALID_ROW', reason: problems.join('; ') });
      else valid.push(row);
    }
  }
  const existing: Listed[] = [];
  for (const system of Object.keys(mapping.systems).filter((s) => readsInFull(deps.listers, mapping, s))) existing.push(...(await readAll(deps, options.object, mapping, system)));
  const attempted = await attemptedKeys(deps.cursors, run);
  const country = deps.plan.phoneCountry ?? 'US';
  const records: MatchRecord[] = [...existing.map((r) => toMatchRecord(r.canonical as MatchValues, { defaultCountry: country })), ...valid.map((r) => toMatchRecord(r.match, { defaultCountry: country }))];
  const result = dedupeRecords(rules, records);
  const clusters = new Map<number, { existing: Listed[]; rows: ImportRow[] }>();
  for (let i = 0; i < records.length; i++) {
    const label = result.clusters[i] ?? i;
    const c = clusters.get(label) ?? { existing: [], rows: [] };
    if (i < existing.length) c.existing.push(existing[i] as Listed);
    else c.rows.push(valid[i - existing.length] as ImportRow);
    clusters.set(label, c);
  }
  const doubtful = new Map<number, string>(); // cluster label → why a person must decide
  for (const pair of result.reviews) {
    for (const [at, other] of [[pair.a, pair.b], [pair.b, pair.a]] as const) {
      if (at < existing.length) continue;
      const named = other < existing.length ? (existing[other] as Listed).key : `line ${(valid[other - existing.length] as ImportRow).line}`;
      doubtful.set(result.clusters[at] ?? at, `may be the same person as ${named} (${pair.evidence.rule}, score ${pair.evidence.score.toFixed(2)}), or someone else`);
    }
  }
  const plan: Plan = { toCreate: [], clusters: [], ours: [] };
  const readable = targets.filter((t) => readsInFull(deps.listers, mapping, t));
  for (const [label, c] of clusters) {
    if (c.rows.length === 0) continue;
    report.duplicatesInFile += c.rows.length - 1;
    const ours = c.existing.filter((r) => r.system === entry.system && attempted.has(String(r.vendor[entry.field] ?? '').toLowerCase()));
    if (ours.length > 0) {
      // Created by this run before it stopped: counted as created, and carried on.
      plan.ours.push(...ours.map((r) => r.id));
      continue;
    }
    if (c.existing.length > 0) {
      const systems = new Set(c.existing.map((r) => r.system));
      for (const s of systems) report.existing[s] = (report.existing[s] ?? 0) + 1;
      if (readable.every((t) => systems.has(t))) report.alreadyEverywhere++;
      continue;
    }
    const why = doubtful.get(label);
    if (why) report.held.push({ line: Math.min(...c.rows.map((r) => r.line)), reason: why });
    else {
      plan.toCreate.push(merged(c.rows));
      plan.clusters.push(c.rows.map((r) => r.line).sort((a, b) => a - b));
    }
  }
  return plan;
}

/**
 * The saved plan, less what the run has written since: the people whose chunk was begun are the run's own (their ids
 * as recorded, or, where the run stopped before recording them, looked up by their key), the others are still to
 * create.
 */
async function resumePlan(deps: ImportDeps, options: ImportOptions, run: ImportRunState, entry: CreateKey & { system: string }, mapping: ObjectMapping, saved: SavedPlan): Promise<Plan> {
  const ours = [...saved.ours];
  // Keys written (or refused, and so quarantined) by an earlier call; a chunk cut short counts only what it wrote.
  const done = new Set<string>();
  const recorded = await createdByChunk(deps.cursors, run);
  for (const [n, ids] of recorded.entries()) {
    const keys = await chunkKeys(deps.cursors, run, n);
    if (ids) {
      ours.push(...ids);
      keys.forEach((k) => done.add(k));
      continue;
    }
    const found = (await deps.finders?.[entry.system]?.findIdsMany?.(entry.objectType, entry.field, keys)) ?? new Map<string, string[]>();
    for (const [key, idsOf] of found) {
      ours.push(...idsOf);
      done.add(key.toLowerCase());
    }
  }
  const byLine = new Map(options.rows.map((r) => [r.line, r]));
  const plan: Plan = { toCreate: [], clusters: [], ours: [...new Set(ours)] };
  for (const lines of saved.clusters) {
    const rows = lines.flatMap((line) => byLine.get(line) ?? []);
    if (rows.length === 0) continue;
    const row = merged(rows);
    if (done.has(String(fromCanonical(mapping, entry.system, entry.objectType, row.canonical)[entry.field] ?? '').toLowerCase())) continue;
    plan.toCreate.push(row);
    plan.clusters.push(lines);
  }
  return plan;
}

/**
 * Writes one chunk of new people to the entry system and audits them; answers the ids created. A record that
 * appeared there since the full read (a form fill, another sync) is left alone and counted as held before; a
 * record the vendor failed for a passing reason is tried again, and the step fails (to be retried whole) if it
 * still fails.
 */
async function writeChunk(deps: ImportDeps, options: ImportOptions, run: ImportRunState, entry: CreateKey & { system: string }, mapping: ObjectMapping, chunk: readonly ImportRow[], report: ImportReport): Promise<string[]> {
  const keyOf = (fields: FieldValues) => String(fields[entry.field] ?? '');
  let rows = chunk.map((row) => ({ row, fields: fromCanonical(mapping, entry.system, entry.objectType, row.canonical) }));
  const appeared = await deps.finders?.[entry.system]?.findIdsMany?.(entry.objectType, entry.field, rows.map((r) => keyOf(r.fields)));
  if (appeared && appeared.size > 0) {
    report.existing[entry.system] = (report.existing[entry.system] ?? 0) + rows.filter((r) => appeared.has(keyOf(r.fields))).length;
    rows = rows.filter((r) => !appeared.has(keyOf(r.fields)));
  }
  await beginChunk(deps.cursors, run, rows.map((r) => keyOf(r.fields)));
  const chunkIndex = run.chunks - 1;
  const created: string[] = [];
  for (let attempt = 1; rows.length > 0; attempt++) {
    const results = await (deps.writers[entry.system] as CrmWriter).upsert(entry.objectType, entry.field, rows.map((r) => ({ externalId: keyOf(r.fields), fields: withoutKey(r.fields, entry.field) })));
    const audit: AuditEntry[] = [];
    const again: typeof rows = [];
    const at = new Date(deps.clock.nowMs()).toISOString();
    results.forEach((res, k) => {
      const { row, fields } = rows[k] as (typeof rows)[number];
      if (!res.ok) {
        if (res.retryable) again.push({ row, fields });
        else report.rejected.push({ line: row.line, code: res.code, reason: `${entry.system} refused it: ${res.message}` });
        return;
      }
      if (!res.created) {
        // Created by someone else between the look-up and the write: theirs, with the file's values written over.
        report.existing[entry.system] = (report.existing[entry.system] ?? 0) + 1;
        return;
      }
      created.push(res.id);
      for (const [field, after] of Object.entries(fields)) audit.push({ recordKey: recordKey(entry.system, entry.objectType, res.id), sourceKey: `${IMPORT_SOURCE}:${options.object}:${options.file}#${row.line}`, eventId: `${run.runId}#${row.line}`, actor: 'syncline import', at, field, before: null, after });
    });
    await deps.audit.append(audit);
    if (again.length > 0 && attempt >= WRITE_ATTEMPTS) throw new RetryableError(`${entry.system} failed ${again.length} record(s) of the import ${WRITE_ATTEMPTS} times for a passing reason; the run resumes`);
    if (again.length > 0) await deps.sleep(1_000 * 2 ** attempt);
    rows = again;
  }
  await recordCreated(deps.cursors, run, chunkIndex, created);
  return created;
}

/**
 * The system new records are created in: one whose records have a unique key of their own (so a repeated write is
 * the same record) and from which the contract syncs the object onwards with creation allowed.
 */
function entryOf(deps: ImportDeps, object: string, mapping: ObjectMapping): CreateKey & { system: string } {
  for (const [system, keys] of Object.entries(deps.createKeys)) {
    const binding = mapping.systems[system];
    if (!binding || !deps.writers[system]) continue;
    const key = (keys ?? []).find((k) => binding.objects.includes(k.objectType) && Object.values(mapping.fields).some((f) => fieldMapping(f, system, k.objectType)?.field === k.field));
    if (key && deps.plan.syncs.some((s) => s.object === object && s.from === system && s.create !== false)) return { system, ...key };
  }
  throw new RunInputError(`no system can take an import of ${object}: it needs an enabled connector whose ${object} records have a unique key of their own (HubSpot contacts by e-mail) and a sync from it that creates`);
}

/** Why the targets would refuse the row, in words that name fields, never values. */
function validate(mapping: ObjectMapping, targets: readonly string[], row: ImportRow): string[] {
  const problems = new Set<string>();
  for (const t of targets) for (const field of missingRequired(mapping, t, row.canonical)) problems.add(`${field} is required (${t})`);
  const email = row.canonical['email'];
  if (typeof email === 'string') {
    for (const t of targets) {
      const problem = emailAddressProblem(email, t);
      if (problem) problems.add(`email: ${problem}`);
    }
  }
  return [...problems];
}

/** The rows of one new person, as one: the first row's values, blanks filled from the later rows. */
function merged(rows: readonly ImportRow[]): ImportRow {
  const sorted = [...rows].sort((a, b) => a.line - b.line);
  const canonical: FieldValues = {};
  for (const r of sorted) for (const [k, v] of Object.entries(r.canonical)) if (canonical[k] === undefined && v !== null && v !== '') canonical[k] = v;
  return { line: (sorted[0] as ImportRow).line, canonical, match: (sorted[0] as ImportRow).match };
}

function withoutKey(fields: FieldValues, key: string): FieldValues {
  const { [key]: _key, ...rest } = fields;
  return rest;
}

/**
 * Refused and doubtful rows wait in the quarantine with their reason, where `syncline quarantine list` shows them; the
 * fix is to the file, and importing it again takes the fixed rows.
 */
async function quarantineRows(deps: ImportDeps, options: ImportOptions, rows: readonly { line: number; code: string; reason: string }[]): Promise<void> {
  const byLine = new Map(options.rows.map((r) => [r.line, r]));
  const at = new Date(deps.clock.nowMs()).toISOString();
  for (const r of rows) {
    const id = `${IMPORT_SOURCE}:${options.object}:${options.digest}:${options.file}#${r.line}`;
    const event: ChangeEvent = { source: IMPORT_SOURCE, objectType: options.object, sourceId: `${options.file}#${r.line}`, eventId: `${options.digest}#${r.line}`, occurredAt: at, kind: 'upsert', fields: byLine.get(r.line)?.canonical ?? {} };
    await deps.quarantine.put({ id, event, code: r.code, reason: `line ${r.line} of ${options.file}: ${r.reason}`, at, attempts: 1 });
  }
}
