import { entityOf, targetsOf, type SyncPlan } from '#domain/mapping';
import type { ChangeEvent } from '#domain/change-event';
import type { Clock } from '#ports/clock';
import type { ParkedChangeQueue, PauseStore } from '#ports/pauses';
import { REVIEW_SOURCE } from './process-change.ts';

export interface PauseDeps {
  plan: Pick<SyncPlan, 'syncs'>;
  pauses: PauseStore;
  clock: Clock;
}

export interface ResumeDeps {
  pauses: PauseStore;
  queue: ParkedChangeQueue;
}

/** The connectors that can be paused: those a sync of the contract reads from or writes to. */
export function pausableConnectors(plan: Pick<SyncPlan, 'syncs'>): string[] {
  return [...new Set(plan.syncs.flatMap((s) => [s.from, s.to]))].sort();
}

/** Why `connector` cannot be paused or resumed under `plan`, or undefined. */
export function pauseProblem(plan: Pick<SyncPlan, 'syncs'>, connector: string): string | undefined {
  const known = pausableConnectors(plan);
  return known.includes(connector) ? undefined : `unknown connector "${connector}": no sync of the contract reads from or writes to it (connectors: ${known.join(', ')})`;
}

/**
 * The paused connector that holds a change back, or undefined: its source when paused, else the first paused system
 * the change would be written to (the sync targets of its object from its source). An approved review may write to
 * any linked system, which only its entity tells: it waits while any sync target is paused.
 */
export function heldBackBy(plan: Pick<SyncPlan, 'syncs' | 'objects'>, event: Pick<ChangeEvent, 'source' | 'objectType'>, paused: ReadonlySet<string>): string | undefined {
  if (paused.size === 0) return undefined;
  if (paused.has(event.source)) return event.source;
  if (event.source === REVIEW_SOURCE) return plan.syncs.map((s) => s.to).find((to) => paused.has(to));
  const object = entityOf(plan as SyncPlan, event.source, event.objectType)?.[0];
  if (object === undefined) return undefined;
  return targetsOf(plan, object, event.source).find((to) => paused.has(to));
}

export type PauseResult = { status: 'paused' } | { status: 'already-paused'; since: string } | { status: 'refused'; reason: string };

/**
 * Pauses a connector: from the processor's next read of the paused set (a few seconds), its changes and every change
 * that would write to it are parked instead of processed, and its pollers keep their cursors where they are. Its
 * webhooks are still accepted, so the vendor neither retries nor gives up on them.
 */
export async function pauseConnector(deps: PauseDeps, connector: string): Promise<PauseResult> {
  const problem = pauseProblem(deps.plan, connector);
  if (problem) return { status: 'refused', reason: problem };
  if (await deps.pauses.pause(connector, new Date(deps.clock.nowMs()).toISOString())) return { status: 'paused' };
  const since = (await deps.pauses.paused()).find((p) => p.connector === connector)?.since ?? '';
  return { status: 'already-paused', since };
}

export interface ResumeResult {
  /** False when the connector was not paused (parked changes left from an earlier resume are still sent). */
  wasPaused: boolean;
  /** Parked changes sent back to the changes queue. */
  sent: number;
  /** Parked changes the queue refused: they stay parked, with those parked after them, until the next `resume`. */
  refused: { id: string; reason: string }[];
}

/** Parked changes sent per round: one page read, one resend in calls of 10, one batch of deletes. */
const RESUME_PAGE = 100;

/**
 * Resumes a connector, then sends every change parked behind it through the normal path, in the order they were
 * parked (each in its record's message group). The connector leaves the paused set first: a processor that still
 * believes it paused can no longer park behind it (parking is conditional on the pause), so every parked change is
 * there for the drain. A change is unparked only once the queue has it; a resume that stops midway is completed by
 * running it again (a change sent twice is one change: its idempotency key is the same).
 */
export async function resumeConnector(deps: ResumeDeps, connector: string): Promise<ResumeResult> {
  const wasPaused = await deps.pauses.resume(connector);
  const result: ResumeResult = { wasPaused, sent: 0, refused: [] };
  for (;;) {
    const page = await deps.pauses.parked(connector, RESUME_PAGE);
    if (page.length === 0) return result;
    const { sent, refused } = await deps.queue.resend(page);
    await deps.pauses.unpark(connector, sent);
    result.sent += sent.length;
    // A refused change stays parked, and so does what was parked after it (a later change of its record must not
    // overtake it): the next `resume` sends them.
    if (refused.length > 0 || sent.length === 0) return { ...result, refused };
  }
}
