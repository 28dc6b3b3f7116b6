import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthReport } from '#app/health-types';
import type { DashboardHandler } from '#local/dashboard/index';

/** Constant-time comparison of a presented bearer token with the hub's. */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const [a, b] = [Buffer.from(presented), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
  return true;
}

/**
 * The hub's own routes beside the HTTP API: `GET /health` (the health report as JSON, for a bearer token the hub
 * prints at start and writes to hub.json; 401 without it — deployed, the route is IAM-authenticated instead and API
 * Gateway answers an unsigned request 403) and the
 * dashboard's pages. Anything else goes on to the API's routes.
 */
export function hubRoutes(options: { token: string; report: () => Promise<HealthReport>; dashboard?: DashboardHandler }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/health') {
      if (req.method !== 'GET') return json(res, 405, { message: 'Method Not Allowed: GET /health' }, { allow: 'GET' });
      if (!bearerMatches(req, options.token)) return json(res, 401, { message: 'Unauthorized: send the hub token as `Authorization: Bearer <token>` (printed by npm start, and in .syncline/hub.json)' }, { 'www-authenticate': 'Bearer realm="syncline"' });
      try {
        return json(res, 200, await options.report());
      } catch (error) {
        return json(res, 503, { message: `the health report could not be made: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    return options.dashboard?.(req, res, url) ?? false;
  };
}
