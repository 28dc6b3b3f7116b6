import type { Handler, SandboxRequest } from '../kit/index.ts';
import type { JwtIssuer } from './auth.ts';
import { authFailed } from './errors.ts';
import type { RecordQuota } from './quota.ts';
import type { EnrichRateLimit, FixedWindow } from './rate-limit.ts';
import type { ZoominfoStore } from './store.ts';

/** What ZoomInfo route handlers share. */
export interface ZoominfoContext {
  store: ZoominfoStore;
  tokens: JwtIssuer;
  username: string;
  password: string;
  /** `/authenticate`: 1 request per second by default. */
  authLimit: FixedWindow;
  /** `/enrich/*` and `/search/contact`: 25 per second and 1,500 per minute by default. */
  enrichLimit: EnrichRateLimit;
  quota: RecordQuota;
}

/** The bearer token of a request, if it sends one. */
export function bearerToken(req: SandboxRequest): string | undefined {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/**
 * Wraps a handler that needs `Authorization: Bearer <jwt>`. The check is here rather than in the kit's synchronous
 * guard because verifying a signed JWT (jose) is asynchronous.
 */
export function authenticated(ctx: ZoominfoContext, handler: Handler): Handler {
  return async (req) => ((await ctx.tokens.isValid(bearerToken(req))) ? handler(req) : authFailed());
}
