/**
 * The contract between the sync-run state machine and `functions/sync-run.ts` (in AWS and, locally, through
 * aws-local-stepfunctions): what each of the machine's Task states sends the function. The state machine's `Start`
 * state sends `{ action: 'start', job }` with the execution input's `job`; its `Step` state sends
 * `{ action: 'step', runId }` with the `runId` of the last answer. The function answers a `RunStatus`.
 */
import { z } from 'zod';
import type { SyncJob } from '#app/sync-run';

/** The event actions, as the state machine writes them. */
export const SyncRunAction = { Start: 'start', Step: 'step' } as const;

/** A {@link SyncJob}, as it arrives in an event. */
export const SyncJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('initial-sync'), object: z.string().min(1).optional(), dryRun: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('backfill'), system: z.string().min(1), object: z.string().min(1), since: z.number().int().nonnegative().optional() }).strict(),
  z.object({ kind: z.literal('import'), object: z.string().min(1), file: z.string().min(1), digest: z.string().regex(/^[0-9a-f]{16}$/), rows: z.number().int().nonnegative() }).strict(),
]);

// A job kind added to SyncJob without a schema here fails to compile, rather than failing every run at its first event.
const everyKindParsed: SyncJob['kind'] extends z.infer<typeof SyncJobSchema>['kind'] ? true : never = true;
void everyKindParsed;

/** An event of the sync-run function. */
export const SyncRunEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal(SyncRunAction.Start), job: SyncJobSchema }),
  z.object({ action: z.literal(SyncRunAction.Step), runId: z.string().min(1) }),
]);
export type SyncRunEvent = z.infer<typeof SyncRunEvent>;

/** Parses an event; a malformed one fails with every problem and its path (`job.kind: ...`). */
export function parseSyncRunEvent(event: unknown): SyncRunEvent {
  const parsed = SyncRunEvent.safeParse(event);
  if (!parsed.success) throw new Error(`invalid sync-run event: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
