import { createHash, timingSafeEqual } from 'node:crypto';
import type { InboundRequest, VerifyOutcome } from '#ports/webhook-source';
import { readOutboundEnvelope } from './envelope.ts';
import type { SalesforceOutboundSecret } from './secret.ts';

/** The query parameter of the configured endpoint URL that carries the shared token. */
export const TOKEN_PARAMETER = 'token';

/** Compares two tokens in constant time: both are hashed first, so the compare runs on equal-length buffers. */
function tokensEqual(expected: string, given: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

function tokenOf(url: string): string | null | undefined {
  try {
    return new URL(url).searchParams.get(TOKEN_PARAMETER);
  } catch {
    return undefined;
  }
}

/**
 * Authenticates a Salesforce Outbound Message. Salesforce signs nothing (vendor-apis §1.10 and §4), so this is a
 * defensive scheme of three checks, cheapest first:
 * 1. The endpoint URL configured on the Outbound Message carries a secret `?token=` (≥ 24 URL-safe characters),
 *    compared in constant time against the current and, during a rotation, the previous token. Missing →
 *    `missing-signature`; wrong → `bad-signature`.
 * 2. `Content-Type` must be `text/xml` (Salesforce sends `text/xml; charset=utf-8`); anything else → `malformed-body`.
 * 3. The envelope's `<OrganizationId>` must be the configured org, compared on its first 15 characters (the
 *    case-sensitive id; the 3-character suffix only makes 18-character ids case-insensitive) → else `bad-signature`.
 * The token is a bearer secret in a URL: keep query strings out of access logs. In production Salesforce can also
 * present a client certificate (mutual TLS) and send from published IP ranges; an API Gateway custom domain with
 * mTLS or a WAF IP set adds those layers without code here.
 */
export function verifySalesforceOutboundMessage(request: InboundRequest, secret: SalesforceOutboundSecret): VerifyOutcome {
  const given = tokenOf(request.url);
  if (!given) {
    return { ok: false, reason: 'missing-signature', message: `The endpoint URL must carry the shared secret as the '${TOKEN_PARAMETER}' query parameter.` };
  }
  const tokens = [secret.outboundMessageToken, ...(secret.previousOutboundMessageToken ? [secret.previousOutboundMessageToken] : [])];
  // Every candidate is compared (no short-circuit), so timing does not tell which one matched.
  const matches = tokens.map((t) => tokensEqual(t, given)).includes(true);
  if (!matches) return { ok: false, reason: 'bad-signature', message: `The '${TOKEN_PARAMETER}' query parameter does not match the configured Outbound Message token.` };
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'text/xml') {
    return { ok: false, reason: 'malformed-body', message: `Content-Type is '${contentType || 'missing'}'; a Salesforce Outbound Message is text/xml.` };
  }
  const read = readOutboundEnvelope(request.rawBody);
  if (!read.ok) return { ok: false, reason: 'malformed-body', message: read.message };
  if (read.envelope.organizationId.slice(0, 15) !== secret.organizationId.slice(0, 15)) {
    return { ok: false, reason: 'bad-signature', message: 'The message comes from an org other than the configured one (OrganizationId does not match).' };
  }
  return { ok: true };
}
