/**
 * The contract between the enrichment state machine and `functions/enrich-run.ts` (in AWS and, locally, through
 * aws-local-stepfunctions): what each of the machine's Task states sends the function.
 * - `SelectDue` sends `{ action: 'select', request }` with the execution input's `request`; the answer is a `Selection`.
 * - `LookUpChunk`, in the Map, sends `{ action: 'chunk', runId, chunk }` for each chunk index of the selection.
 * - `RecordFailedChunk` sends `{ action: 'chunk-failed', runId, chunk, error }` when a chunk kept failing.
 * - `Summarize` sends `{ action: 'summarize', runId, chunks }` (the chunks this execution ran); the answer is the
 *   day's run's `EnrichSummary`.
 */
import { z } from 'zod';

export const EnrichRunAction = { Select: 'select', Chunk: 'chunk', ChunkFailed: 'chunk-failed', Summarize: 'summarize' } as const;

/** What `syncline enrich --now` and the daily schedule ask for: every object, or one, at most `limit` records. */
export const EnrichRequestSchema = z.strictObject({
  object: z.string().min(1).optional(),
  limit: z.number().int().positive().optional(),
});

export const EnrichRunEvent = z.discriminatedUnion('action', [
  z.object({ action: z.literal(EnrichRunAction.Select), request: EnrichRequestSchema.default({}) }),
  z.object({ action: z.literal(EnrichRunAction.Chunk), runId: z.string().min(1), chunk: z.number().int().nonnegative() }),
  z.object({ action: z.literal(EnrichRunAction.ChunkFailed), runId: z.string().min(1), chunk: z.number().int().nonnegative(), error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }) }),
  z.object({ action: z.literal(EnrichRunAction.Summarize), runId: z.string().min(1), chunks: z.array(z.number().int().nonnegative()).default([]) }),
]);
export type EnrichRunEvent = z.infer<typeof EnrichRunEvent>;

/** Parses an event; a malformed one fails with every problem and its path. */
export function parseEnrichRunEvent(event: unknown): EnrichRunEvent {
  const parsed = EnrichRunEvent.safeParse(event);
  if (!parsed.success) throw new Error(`invalid enrich-run event: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
