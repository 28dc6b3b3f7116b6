import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

/** The page and its assets: a fixed list, so no request path ever reaches the file system. */
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/dashboard': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
  '/dashboard/dashboard.js': { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/charts.js': { file: 'charts.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/format.js': { file: 'format.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * Everything the page loads comes from the hub itself, and it talks only to the hub: no CDN, no inline script or
 * style to inject into (CSP Level 3, https://www.w3.org/TR/CSP3/). The token travels in the URL fragment, which a
 * browser never sends (RFC 3986 §3.5), and a referrer would not carry it either.
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // A rebuilt hub serves its new page at once; the files are small and local.
  'cache-control': 'no-store',
} as const;

/** Handles one HTTP request if it is the dashboard's; false lets the caller try its other routes. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/**
 * The local hub's web dashboard: `GET /` redirects to `/dashboard`, which serves a page (plain HTML, CSS and
 * JavaScript modules) that reads the hub's token from its URL fragment (`/dashboard#token=<token>`) and shows
 * `GET /health` every 10 seconds. Any other path answers false.
 */
export function dashboardHandler(): DashboardHandler {
  const dir = join(import.meta.dirname, 'assets');
  const bodies = new Map(Object.entries(ASSETS).map(([path, { file, type }]) => [path, { body: readFileSync(join(dir, file)), type }]));
  return (req, res, url) => {
    const path = url.pathname === '/dashboard/' ? '/dashboard' : url.pathname;
    const asset = bodies.get(path);
    if (path !== '/' && !asset) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `Method Not Allowed: ${path} answers GET and HEAD only.` }));
      return true;
    }
    // A redirect without a fragment keeps the request's own (RFC 9110 §10.2.2), so `/#token=...` still carries it.
    if (!asset) {
      res.writeHead(302, { location: '/dashboard', 'cache-control': 'no-store' });
      res.end();
      return true;
    }
    res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return true;
  };
}
