import { ChangeEvent, idempotencyKey, recordKey } from '#domain/change-event';
import type { DeadLetter, DeadLetterQueue, DeadLetterWalk } from '#ports/dead-letter-queue';
import type { FailureLog, FailureRecord } from '#ports/stores';

export interface DeadLetterDeps {
  deadLetters: DeadLetterQueue;
  failures: FailureLog;
}

/** A dead-lettered change as an operator sees it. */
export interface DeadLetterView extends DeadLetter {
  /** The change it carries, or null when the body is not a change event. */
  event: ChangeEvent | null;
  /** `system:object:id` of the changed record, or `(unreadable body)`. */
  record: string;
  /** The last failure the processor recorded for the change, if any (SQS keeps no reason with the message). */
  lastError?: FailureRecord;
}

export interface DeadLetterList {
  letters: DeadLetterView[];
  /** Messages in the queue the walk could not reach: each waits behind an earlier message of its record. */
  notShown: number;
}

export interface RedriveResult {
  moved: DeadLetterView[];
  /** Ids asked for that are not in the DLQ, or not reachable now (behind an earlier message of their record). */
  missing: string[];
  failed: { id: string; reason: string }[];
  /** Messages left in the queue that no walk could reach. */
  notShown: number;
}

/** Every dead-lettered change the queue lets us see, with its record and last error; nothing is consumed. */
export async function listDeadLetters(deps: DeadLetterDeps): Promise<DeadLetterList> {
  const walk = await deps.deadLetters.walk(() => 'keep');
  return { letters: await describe(deps, walk.kept), notShown: notShown(walk) };
}

/** One dead-lettered change by message id, or null when it is not in the DLQ (or not reachable now). */
export async function showDeadLetter(deps: DeadLetterDeps, id: string): Promise<DeadLetterView | null> {
  const walk = await deps.deadLetters.walk(() => 'keep');
  const found = walk.kept.find((l) => l.id === id);
  return found ? ((await describe(deps, [found]))[0] ?? null) : null;
}

/**
 * Moves dead-lettered changes back to the changes queue, the chosen ones or all, once their cause is fixed. A
 * redriven change keeps its event id, so the processor's idempotency key (`source:eventId`) still applies it at
 * most once: a change that had been applied before it failed is skipped, not written twice.
 */
export async function redriveDeadLetters(deps: DeadLetterDeps, ids: readonly string[] | 'all'): Promise<RedriveResult> {
  const wanted = ids === 'all' ? null : new Set(ids);
  const walk = await deps.deadLetters.walk((letter) => (wanted === null || wanted.has(letter.id) ? 'move' : 'keep'));
  const reached = new Set([...walk.moved, ...walk.failed.map((f) => f.letter)].map((l) => l.id));
  return {
    moved: await describe(deps, walk.moved),
    missing: ids === 'all' ? [] : [...new Set(ids)].filter((id) => !reached.has(id)),
    failed: walk.failed.map((f) => ({ id: f.letter.id, reason: f.reason })),
    notShown: notShown(walk),
  };
}

/** What the queue held beyond what the walk reached. */
function notShown(walk: DeadLetterWalk): number {
  return Math.max(0, walk.approximateCount - walk.kept.length - walk.moved.length - walk.failed.length);
}

/** Reads each body as a change event and joins the failure log by its idempotency key. */
async function describe(deps: DeadLetterDeps, letters: readonly DeadLetter[]): Promise<DeadLetterView[]> {
  const views = letters.map((letter) => {
    const event = parseEvent(letter.body);
    return { ...letter, event, record: event ? recordKey(event.source, event.objectType, event.sourceId) : '(unreadable body)' };
  });
  const keys = views.flatMap((v) => (v.event ? [idempotencyKey(v.event)] : []));
  const last = keys.length > 0 ? await deps.failures.lastOf(keys) : new Map<string, FailureRecord>();
  return views.map((v) => {
    const lastError = v.event ? last.get(idempotencyKey(v.event)) : undefined;
    return lastError ? { ...v, lastError } : v;
  });
}

function parseEvent(body: string): ChangeEvent | null {
  try {
    const parsed = ChangeEvent.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
