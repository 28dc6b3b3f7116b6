/**
 * The daily enrichment batch (the enrichment state machine's tasks): a record created while the data vendor was
 * down, or one that went stale and never changes again, is looked up here, never only when it changes.
 *
 * `selectDue` picks the entities due by the processor's own rule ({@link lookupDue}) and cuts them into chunks of one
 * vendor request (25 for ZoomInfo); the machine's Map runs `lookupChunk` on each, a few at a time; `summarizeRun`
 * adds them up. A lookup's answer becomes a change on the changes queue, so the processor merges it by the fields'
 * rules, writes the linked systems and audits each write, as for any other change.
 *
 * A day has one run (`enrich:<day>`): a second start that day continues it. Chunks not finished are done again,
 * from their saved answers where the vendor already answered; entities looked up earlier that day are not selected
 * again. Credits come from the day's cap shared with the processor ({@link CreditLedger}).
 */
import type { ChangeEvent } from '#domain/change-event';
import { PermanentError, RetryableError, RunInputError } from '#domain/errors';
import type { EnrichmentKind } from '#domain/enrichment';
import type { ObjectMapping, SyncPlan } from '#domain/mapping';
import type { ChangeQueue } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import type { EnrichInput, Enricher, EnrichResult } from '#ports/enricher';
import type { CreditLedger, EnrichChunk, EnrichRunStore, EnrichSummary, EntityScan } from '#ports/enrich-runs';
import { MetricName, type Metrics } from '#ports/metrics';
import { dayOf, lookupDue, type LookupTarget } from './enrich-entity.ts';
import { suggestContacts, type SuggestDeps } from './suggest-contacts.ts';

export interface EnrichBatchDeps {
  plan: Pick<SyncPlan, 'objects' | 'enrichers'>;
  enrichers: Partial<Record<string, Enricher>>;
  entities: EntityScan;
  runs: EnrichRunStore;
  credits: CreditLedger;
  queue: ChangeQueue;
  metrics: Metrics;
  clock: Clock;
  /** Where suggested contacts wait for review; none are suggested without it. */
  suggestions?: Pick<SuggestDeps, 'reviews' | 'declined' | 'state'>;
}

/** What to enrich: one canonical object or every object a provider maps, at most `limit` records. */
export interface EnrichRequest {
  object?: string;
  limit?: number;
}

/** What the selection answers the machine: the chunks its Map runs (small: it travels in the execution's state). */
export interface Selection {
  runId: string;
  chunks: number[];
  /** One line for the execution history and the CLI. */
  summary: string;
}

/** What a chunk answers the machine. */
export interface ChunkStatus {
  index: number;
  summary: string;
}

/** The run of a day. */
export const runIdOf = (day: string): string => `enrich:${day}`;

/** The day of a run, whose credits its chunks take. */
const runDayOf = (runId: string): string => runId.slice('enrich:'.length);

/** Where a chunk's entities are looked up: the provider and its object mapping. */
interface ChunkTarget extends LookupTarget {
  objectName: string;
  staleAfterDays: number;
  dailyCredits: number;
}

/** The lookups the plan enables: each provider, for each object it maps and its enricher looks up. */
function lookupTargets(deps: Pick<EnrichBatchDeps, 'plan' | 'enrichers'>, objectName?: string): ChunkTarget[] {
  const targets = Object.entries(deps.plan.enrichers ?? {}).flatMap(([provider, settings]) =>
    Object.entries(deps.plan.objects).flatMap(([name, mapping]) => {
      const object = (mapping as ObjectMapping).systems[provider]?.objects[0];
      const kind: EnrichmentKind | undefined = object === undefined ? undefined : deps.enrichers[provider]?.objects[object];
      if (object === undefined || kind === undefined || (objectName !== undefined && name !== objectName)) return [];
      return [{ objectName: name, mapping: mapping as ObjectMapping, provider, object, kind, staleAfterDays: settings.staleAfterDays, dailyCredits: settings.dailyCredits }];
    }),
  );
  if (objectName !== undefined && targets.length === 0) throw new RunInputError(`no enabled data vendor looks up ${objectName}: the contract maps none to it, or it is not an object of the contract`);
  return targets;
}

function targetOf(deps: Pick<EnrichBatchDeps, 'plan' | 'enrichers'>, chunk: Pick<EnrichChunk, 'provider' | 'object'>): ChunkTarget {
  const target = lookupTargets(deps).find((t) => t.provider === chunk.provider && t.objectName === chunk.object);
  if (!target) throw new RunInputError(`${chunk.provider} no longer looks up ${chunk.object} in the contract`);
  return target;
}

/**
 * Picks what is due today and saves it as chunks of the day's run; returns the chunks to run, those of an earlier
 * start that did not finish first. At most `limit` records, and never more than the day's credits left.
 */
export async function selectDue(deps: EnrichBatchDeps, request: EnrichRequest = {}): Promise<Selection> {
  const now = deps.clock.nowMs();
  const day = dayOf(now);
  const runId = runIdOf(day);
  const targets = lookupTargets(deps, request.object);
  const existing = await deps.runs.chunks(runId);
  // Unfinished chunks of an earlier start are run again (from their saved answers where the vendor answered).
  const unfinished = existing.filter((c) => c.status !== 'done' && (request.object === undefined || c.object === request.object));
  // Within the limit, whole chunks: the others wait for a later start.
  let resumedSize = 0;
  const resumed = unfinished.filter((c) => (resumedSize += c.entityIds.length) <= (request.limit ?? Number.POSITIVE_INFINITY));
  for (const c of resumed.filter((c) => c.status === 'failed')) await deps.runs.putChunk({ ...withoutError(c), status: 'pending' });
  const seen = new Set(existing.flatMap((c) => c.entityIds));
  let room = Math.max(0, (request.limit ?? Number.POSITIVE_INFINITY) - resumed.reduce((n, c) => n + c.entityIds.length, 0));
  const fresh: EnrichChunk[] = [];
  const capped = new Set<string>();
  let next = existing.length;
  // Per vendor, the credits left for this selection: what the ledger has left, less what resumed chunks will take.
  const left = new Map<string, number>();
  for (const target of targets) {
    if (!left.has(target.provider)) left.set(target.provider, Math.max(0, target.dailyCredits - (await deps.credits.used(target.provider, day)) - pendingCredits(resumed, target)));
    const credits = left.get(target.provider) ?? 0;
    if (credits === 0) {
      capped.add(`the daily credit cap is reached: ${target.provider} has used its ${target.dailyCredits} credits for ${day}, nothing more is looked up today`);
      continue;
    }
    const allowed = Math.min(room, credits);
    if (allowed === 0) continue;
    // One more than allowed, to know whether anything due is left behind.
    const due: string[] = [];
    await deps.entities.scan(target.objectName, (page) => {
      for (const entity of page) {
        if (due.length > allowed) return true;
        if (!seen.has(entity.entityId) && !entity.deleted && askable(deps, target, entity, now)) due.push(entity.entityId);
      }
      return due.length > allowed;
    });
    if (due.length > allowed && allowed === credits) capped.add(`the daily credit cap stops the selection at ${credits} ${target.objectName} records (${target.provider}, ${target.dailyCredits} credits a day); the rest waits for tomorrow`);
    const picked = due.slice(0, allowed);
    const size = deps.enrichers[target.provider]?.maxBatch ?? 25;
    for (let i = 0; i < picked.length; i += size) fresh.push({ runId, index: next++, provider: target.provider, object: target.objectName, entityIds: picked.slice(i, i + size), status: 'pending' });
    room -= picked.length;
    left.set(target.provider, credits - picked.length);
  }
  // Another start the same day may number its chunks at the same time: a place taken is a chunk of that start's.
  for (const c of fresh) if (!(await deps.runs.createChunk(c))) throw new RetryableError(`another enrichment run of ${day} is selecting at the same time; chunk ${c.index} is taken`);
  const run = await deps.runs.getRun(runId);
  await deps.runs.putRun({ runId, day, chunks: next, startedAt: run?.startedAt ?? new Date(now).toISOString() });
  const selected = fresh.reduce((n, c) => n + c.entityIds.length, 0);
  const parts = [`${selected} records due in ${fresh.length} chunks`, ...(resumed.length > 0 ? [`${resumed.length} unfinished chunks resumed`] : []), ...capped];
  return { runId, chunks: [...resumed.map((c) => c.index), ...fresh.map((c) => c.index)], summary: parts.join('; ') };
}

/** Credits an unfinished chunk will still take: those that never took theirs. */
function pendingCredits(resumed: readonly EnrichChunk[], target: ChunkTarget): number {
  return resumed.filter((c) => c.provider === target.provider && c.credits === undefined).reduce((n, c) => n + c.entityIds.length, 0);
}

/** Due by the lookup rule, and with a combination the vendor can look up (ZoomInfo: an e-mail, or names and company). */
function askable(deps: Pick<EnrichBatchDeps, 'enrichers'>, target: ChunkTarget, entity: Parameters<typeof lookupDue>[1], now: number): boolean {
  const due = lookupDue(target, entity, now);
  return typeof due === 'object' && (deps.enrichers[target.provider]?.canLookUp?.(target.kind, due) ?? true);
}

function withoutError(chunk: EnrichChunk): EnrichChunk {
  const { error: _dropped, ...rest } = chunk;
  return rest;
}

/**
 * Looks one chunk up in one vendor request and sends the answers to the changes queue. Idempotent: a chunk that is
 * done answers at once; one whose lookup was answered before sends the saved answers again without asking the vendor
 * (the queue and the processor drop what they already have). A failure of the whole request throws, for the machine
 * to retry; the credits it took stay with the chunk, so the retry takes none.
 */
export async function lookupChunk(deps: EnrichBatchDeps, runId: string, index: number): Promise<ChunkStatus> {
  const saved = await deps.runs.getChunk(runId, index);
  if (!saved) throw new RunInputError(`${runId} has no chunk ${index}`);
  if (saved.status === 'done') return { index, summary: `chunk ${index} was done before` };
  let chunk = saved;
  if (chunk.answers === undefined) chunk = await lookUp(deps, chunk);
  const events = lookupEvents(chunk, deps.clock.nowMs());
  const { refused } = await deps.queue.enqueue(events);
  const outcomes = { ...chunk.outcomes };
  for (const r of refused) outcomes[r.event.sourceId] = `failed:${r.code}`;
  const suggestion = await suggestFor(deps, chunk);
  const { answers: _sent, ...done } = chunk;
  await deps.runs.putChunk({ ...done, outcomes, status: 'done', ...(suggestion.suggested > 0 && { suggested: suggestion.suggested }) });
  const counts = tally([{ ...done, outcomes, status: 'done' }]);
  const suggested = suggestion.refused ?? (suggestion.suggested > 0 ? `, ${suggestion.suggested} contacts suggested for review` : '');
  return { index, summary: `chunk ${index}: ${counts.enriched} matched, ${counts.noMatch} no match, ${counts.failed} failed, ${counts.capped} over the credit cap${suggested}` };
}

/**
 * The new contacts the vendor suggests for the chunk's matched accounts, held for review. A search the vendor refuses
 * (a criterion it does not take) is said in the chunk's summary and leaves the lookups done; one that fails for now
 * throws, and the chunk's retry searches again (held suggestions are not held twice).
 */
async function suggestFor(deps: EnrichBatchDeps, chunk: EnrichChunk): Promise<{ suggested: number; refused?: string }> {
  if (!deps.suggestions) return { suggested: 0 };
  const accounts = Object.entries(chunk.answers ?? {}).flatMap(([entityId, answer]) => (chunk.outcomes?.[entityId] === 'matched' ? [{ entityId, answer }] : []));
  if (accounts.length === 0) return { suggested: 0 };
  try {
    return { suggested: await suggestContacts({ ...deps.suggestions, plan: deps.plan, enrichers: deps.enrichers, metrics: deps.metrics, clock: deps.clock }, chunk.provider, chunk.object, accounts) };
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
    return { suggested: 0, refused: `; contact suggestions refused by ${chunk.provider}: ${error.message}` };
  }
}

/** Asks the vendor about the chunk's entities still due, taking their credits first; saves the answers. */
async function lookUp(deps: EnrichBatchDeps, chunk: EnrichChunk): Promise<EnrichChunk> {
  const target = targetOf(deps, chunk);
  const enricher = deps.enrichers[target.provider];
  if (!enricher) throw new RunInputError(`${target.provider} has no enricher`);
  const now = deps.clock.nowMs();
  const outcomes: Record<string, string> = {};
  const asked: { entityId: string; input: EnrichInput }[] = [];
  // Looked up again by the processor since the selection, or deleted: no longer due.
  for (const entity of await deps.entities.getMany(chunk.entityIds)) {
    const due = entity.deleted ? 'deleted' : lookupDue(target, entity, now);
    if (typeof due === 'string') outcomes[entity.entityId] = due;
    else if (enricher.canLookUp && !enricher.canLookUp(target.kind, due)) outcomes[entity.entityId] = 'no-input';
    else asked.push({ entityId: entity.entityId, input: due });
  }
  for (const id of chunk.entityIds) if (!(id in outcomes) && !asked.some((a) => a.entityId === id)) outcomes[id] = 'gone';
  // The credits are the chunk's once taken: a retry of the chunk uses them instead of taking more.
  let credits = chunk.credits;
  if (credits === undefined) {
    const granted = (await deps.credits.take(target.provider, dayOf(now), asked.length, target.dailyCredits)).granted;
    // An execution running the same chunk at the same time holds them already: ours go back.
    credits = await deps.runs.holdCredits(chunk.runId, chunk.index, granted);
    if (credits !== granted) await deps.credits.giveBack(target.provider, dayOf(now), granted);
  }
  for (const { entityId } of asked.slice(credits)) outcomes[entityId] = 'credit-cap';
  const sent = asked.slice(0, credits);
  const results: EnrichResult[] = sent.length === 0 ? [] : await enricher.enrich(target.kind, sent.map((a) => a.input));
  const answers: NonNullable<EnrichChunk['answers']> = {};
  sent.forEach(({ entityId }, i) => {
    const result = results[i] ?? { status: 'failed', code: 'NO_RESULT', message: 'no answer', retryable: true };
    if (result.status === 'matched') answers[entityId] = result.fields;
    else if (result.status === 'no-match') answers[entityId] = {};
    outcomes[entityId] = result.status === 'failed' ? `failed:${result.code}` : result.status;
  });
  // A lookup ZoomInfo did not answer (not asked, failed for that input) spent no credit.
  const unanswered = sent.filter(({ entityId }) => !(entityId in answers)).length;
  if (unanswered > 0) await deps.credits.giveBack(target.provider, runDayOf(chunk.runId), unanswered);
  const answered = { ...chunk, credits: credits - unanswered, outcomes, answers, lookedUpAt: new Date(now).toISOString() };
  await deps.runs.putChunk(answered);
  return answered;
}

/** A change per answered lookup, for the processor: the vendor's fields of a match, none for a no-match. */
function lookupEvents(chunk: EnrichChunk, nowMs: number): ChangeEvent[] {
  const occurredAt = chunk.lookedUpAt ?? new Date(nowMs).toISOString();
  return Object.entries(chunk.answers ?? {}).map(([entityId, fields]) => ({
    source: chunk.provider,
    objectType: chunk.object,
    sourceId: entityId,
    eventId: lookupEventId(chunk.runId, entityId),
    occurredAt,
    kind: 'upsert',
    fields,
    lookup: chunk.outcomes?.[entityId] === 'matched' ? 'matched' : 'no-match',
  }));
}

/** The lookup's event id: the same on every retry; an entity id too long for it is shortened to a digest of itself. */
function lookupEventId(runId: string, entityId: string): string {
  const id = `lookup:${runId}:${entityId}`;
  return id.length <= 100 ? id : `lookup:${runId}:~${fnv1a(entityId)}`;
}

/** A 64-bit FNV-1a digest in hex (two 32-bit halves): enough to tell the entity ids of one day apart. */
function fnv1a(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(text.length - 1 - i), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** Records a chunk that kept failing: the run goes on without it, and the next start that day tries it again. */
export async function failChunk(deps: Pick<EnrichBatchDeps, 'runs' | 'metrics' | 'credits'>, runId: string, index: number, error: { Error?: string; Cause?: string }): Promise<ChunkStatus> {
  const saved = await deps.runs.getChunk(runId, index);
  if (!saved) throw new RunInputError(`${runId} has no chunk ${index}`);
  const reason = `${error.Error ?? 'Error'}: ${causeMessage(error.Cause)}`.slice(0, 500);
  // Credits taken for a request ZoomInfo never answered go back; the next start takes them again.
  const unspent = saved.answers === undefined ? (saved.credits ?? 0) : 0;
  if (unspent > 0) await deps.credits.giveBack(saved.provider, runDayOf(runId), unspent);
  const { credits: _held, ...rest } = saved;
  await deps.runs.putChunk({ ...(unspent > 0 ? rest : saved), status: 'failed', error: reason });
  deps.metrics.count(MetricName.EnrichmentChunksFailed);
  return { index, summary: `chunk ${index} failed: ${reason}` };
}

/** Lambda's error cause is JSON (`{"errorType","errorMessage",...}`); anything else is kept as it is. */
function causeMessage(cause: string | undefined): string {
  if (cause === undefined) return 'no cause given';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : cause;
  } catch {
    return cause;
  }
}

/**
 * Adds up the day's run and saves the totals with the run; emits what this execution's chunks (`ran`) did as
 * metrics, so a second start the same day does not count the first one's work again.
 */
export async function summarizeRun(deps: EnrichBatchDeps, runId: string, ran: readonly number[] = []): Promise<EnrichSummary> {
  const chunks = await deps.runs.chunks(runId);
  const mine = tally(chunks.filter((c) => ran.includes(c.index)));
  deps.metrics.count(MetricName.EnrichmentLookups, mine.lookedUp);
  deps.metrics.count(MetricName.EnrichmentMatches, mine.enriched);
  deps.metrics.count(MetricName.EnrichmentBatchFailures, mine.failed);
  const counts = tally(chunks);
  const text = `${counts.selected} selected, ${counts.lookedUp} looked up: ${counts.enriched} matched, ${counts.noMatch} no match, ${counts.failed} failed, ${counts.capped} left by the credit cap; ${counts.creditsUsed} credits; ${counts.failedChunks} chunks failed${counts.suggested > 0 ? `; ${counts.suggested} new contacts suggested for review` : ''}`;
  const summary: EnrichSummary = { ...counts, text };
  const run = await deps.runs.getRun(runId);
  const day = run?.day ?? runId.slice('enrich:'.length);
  await deps.runs.putRun({ runId, day, chunks: chunks.length, startedAt: run?.startedAt ?? new Date(deps.clock.nowMs()).toISOString(), finishedAt: new Date(deps.clock.nowMs()).toISOString(), summary });
  deps.metrics.count(MetricName.EnrichmentRuns);
  return summary;
}

function tally(chunks: readonly EnrichChunk[]): Omit<EnrichSummary, 'text'> {
  const outcomes = chunks.flatMap((c) => Object.values(c.outcomes ?? {}));
  const count = (test: (o: string) => boolean) => outcomes.filter(test).length;
  return {
    selected: chunks.reduce((n, c) => n + c.entityIds.length, 0),
    lookedUp: count((o) => o === 'matched' || o === 'no-match'),
    enriched: count((o) => o === 'matched'),
    noMatch: count((o) => o === 'no-match'),
    // A failed chunk's entities that got no answer failed with it.
    failed: count((o) => o.startsWith('failed:')) + chunks.filter((c) => c.status === 'failed').reduce((n, c) => n + c.entityIds.filter((id) => !c.outcomes?.[id]).length, 0),
    capped: count((o) => o === 'credit-cap'),
    creditsUsed: chunks.reduce((n, c) => n + (c.credits ?? 0), 0),
    failedChunks: chunks.filter((c) => c.status === 'failed').length,
    suggested: chunks.reduce((n, c) => n + (c.suggested ?? 0), 0),
  };
}
