import { z } from 'zod';

/**
 * One `result` of an enrich answer (vendor-apis §3): the echoed input, `data` (an array, possibly empty) and
 * `matchStatus`. Missing `data` reads as empty and a missing status as unknown: both end as no match.
 */
export const EnrichResultEntry = z.object({
  input: z.unknown().optional(),
  data: z.array(z.record(z.string(), z.unknown())).optional().default([]),
  matchStatus: z.string().optional(),
});
export type EnrichResultEntry = z.infer<typeof EnrichResultEntry>;

/** `POST /enrich/{company|contact}` 200 body. */
export const EnrichResponse = z.object({
  success: z.boolean().optional(),
  data: z.object({ result: z.array(EnrichResultEntry) }),
});
