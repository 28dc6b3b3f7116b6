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

/**
 * One preview of `POST /search/contact` ([C] the spec's Contact Search example): ids, names, title and accuracy,
 * without e-mail or phone (`hasEmail`, `hasDirectPhone` only). Other keys are ignored.
 */
export const ContactPreview = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  firstName: z.string().optional().default(''),
  lastName: z.string().optional().default(''),
  jobTitle: z.string().optional(),
  contactAccuracyScore: z.number().optional(),
  company: z.object({ id: z.union([z.number(), z.string()]).transform(String) }).optional(),
});

/** `POST /search/contact` 200 body: one page of previews. */
export const ContactSearchResponse = z.object({
  maxResults: z.number().optional(),
  totalResults: z.number().optional(),
  data: z.array(ContactPreview),
});
export type ContactSearchResponse = z.infer<typeof ContactSearchResponse>;
