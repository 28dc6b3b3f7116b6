import type { z } from 'zod';
import type { ParseOutcome } from '#ports/webhook-source';

/** A webhook body read as JSON, or the 400 refusal every vendor's parser gives for one that is not JSON. */
export function readJsonBody(rawBody: string): { ok: true; json: unknown } | Extract<ParseOutcome, { ok: false }> {
  try {
    return { ok: true, json: JSON.parse(rawBody) as unknown };
  } catch {
    return { ok: false, reason: 'malformed-body', message: 'The body is not valid JSON.' };
  }
}

/** The first problem zod found, with its path: `at data.attributes: Required`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.length ? `at ${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid'}`;
}
