import { createHash, timingSafeEqual } from 'node:crypto';
import type { InboundRequest, VerifyOutcome } from '#ports/webhook-source';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * "URL includes key": the rule's destination URL carries a secret `token` query parameter. Both sides are hashed
 * first so the constant-time compare runs on equal lengths and the token's length does not leak.
 */
export function verifyGongUrlToken(request: InboundRequest, urlToken: string): VerifyOutcome {
  let given: string | null;
  try {
    given = new URL(request.url).searchParams.get('token');
  } catch {
    given = null;
  }
  if (!given) return { ok: false, reason: 'missing-signature', message: 'The request URL must carry the rule\'s token query parameter.' };
  return timingSafeEqual(digest(given), digest(urlToken)) ? { ok: true } : { ok: false, reason: 'bad-signature', message: 'The token query parameter does not match.' };
}
