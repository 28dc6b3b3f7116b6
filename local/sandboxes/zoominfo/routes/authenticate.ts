import { timingSafeEqual } from 'node:crypto';
import { isPlainObject, jsonResponse, parseJsonBody, type Router } from '../../kit/index.ts';
import type { ZoominfoContext } from '../context.ts';
import { authFailed, rateLimited } from '../errors.ts';

function equal(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `POST /authenticate` {username, password} → {jwt} (vendor-apis §3), at most 1 request per second; every attempt
 * counts, a refused one too. The PKI variant (a client-signed RS256 JWT as bearer) is not emulated.
 */
export function addAuthenticateRoute(router: Router, ctx: ZoominfoContext): Router {
  return router.add('POST', '/authenticate', 'authenticate', async (req) => {
    if (!ctx.authLimit.hasRoom()) return rateLimited(ctx.authLimit.resetSeconds(), ctx.authLimit.limit);
    ctx.authLimit.take();
    const body = parseJsonBody(req);
    if (!isPlainObject(body)) return authFailed();
    // Evaluate both comparisons so a wrong username and a wrong password take the same path.
    const userOk = equal(body['username'], ctx.username);
    const passwordOk = equal(body['password'], ctx.password);
    if (!userOk || !passwordOk) return authFailed();
    return jsonResponse(200, { jwt: await ctx.tokens.issue(ctx.username) });
  });
}
