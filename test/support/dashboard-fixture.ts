import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { HealthReport } from '#app/health-types';
import { dashboardHandler } from '#local/dashboard/index';

/** A hub's health as it might read at `at`: one integration of each status, errors, quota and 3 hours of series. */
export function fixtureHealthReport(at = new Date('2026-11-23T14:00:00Z')): HealthReport {
  const ago = (sec: number) => new Date(at.getTime() - sec * 1000).toISOString();
  const bucketSec = 300;
  const points = Array.from({ length: 36 }, (_, i) => {
    const synced = 40 + ((i * 7) % 23);
    const failed = i % 6 === 0 ? 3 : i % 4 === 0 ? 1 : 0;
    // A quiet bucket (no change synced) has no latency: the chart shows a gap there.
    const quiet = i === 20;
    return { at: ago((36 - i) * bucketSec), synced: quiet ? 0 : synced, failed, received: quiet ? 2 : synced + failed + 2, ...(quiet ? {} : { p50Ms: 900 + (i % 5) * 120, p99Ms: 3200 + (i % 7) * 400 }) };
  });
  return {
    at: at.toISOString(),
    integrations: [
      { integration: 'hubspot>salesforce', source: 'hubspot', target: 'salesforce', object: 'contact', title: 'HubSpot → Salesforce', status: 'Active', lastSyncAt: ago(120), received: 812, synced: 806, failed: 1, errorRate: 0.001, latencyMs: { p50: 1200, p99: 4000 }, errors: [{ category: 'validation', count: 1 }] },
      { integration: 'salesforce>hubspot', source: 'salesforce', target: 'hubspot', object: 'contact', title: 'Salesforce → HubSpot', status: 'Degraded', reason: 'HubSpot answered 429 to 12% of calls in the last 15 minutes', lastSyncAt: ago(45), received: 420, synced: 371, failed: 49, errorRate: 0.1167, latencyMs: { p50: 2300, p99: 18_500 }, errors: [{ category: 'rate-limit', count: 41 }, { category: 'timeout', count: 8 }] },
      { integration: 'outreach>salesforce', source: 'outreach', target: 'salesforce', object: 'prospect', title: 'Outreach → Salesforce', status: 'Stopped', reason: 'Outreach refused the credential (401) since 13:12 UTC', received: 17, synced: 0, failed: 17, errorRate: 1, errors: [{ category: 'auth', count: 17 }] },
    ],
    queues: { changes: { waiting: 57, inFlight: 10, oldestAgeSec: 94 }, deadLetter: { waiting: 2 } },
    quarantined: 6,
    inReview: 3,
    recentErrors: [
      { where: 'salesforce>hubspot', category: 'rate-limit', code: 'RATE_LIMIT', count: 41, hint: "the vendor's limit was reached: Syncline waits and resumes by itself" },
      { where: 'outreach>salesforce', category: 'auth', code: 'OUTREACH_AUTH_FAILED', count: 17, example: 'Outreach answered 401: invalid_token', hint: 'a credential was refused: check the connector secret, its scopes and expiry' },
      { where: 'hubspot>salesforce', category: 'validation', code: 'STRING_TOO_LONG', count: 1, example: 'Title: data value too large (max length=128)', hint: 'the target refused the values: read the reasons with `syncline quarantine list`' },
      // A value that would be markup if the page wrote HTML: it must show as text.
      { where: 'hubspot', category: 'validation', code: 'INVALID_EMAIL', count: 1, example: '<img src=x onerror=alert(1)>', hint: 'fix the data, then retry' },
    ],
    quota: [
      { vendor: 'salesforce', calls24h: 7421, usedPercent: 49.5 },
      { vendor: 'hubspot', calls24h: 12_880, usedPercent: 72.3 },
      { vendor: 'outreach', calls24h: 311 },
    ],
    dataQuality: { enriched: 128, duplicatesPrevented: 37, quarantined: 6, activitiesLogged: [{ source: 'gong', count: 14 }, { source: 'outreach', count: 203 }] },
    paused: ['gong'],
    series: { bucketSec, points },
  };
}

export interface DashboardFixture {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The address a hub prints: `<url>/dashboard#token=<token>`. */
  dashboardUrl: string;
  token: string;
  /** What `GET /health` answers; replace it to show another state. */
  report: HealthReport;
  /** While true, `GET /health` drops the connection, as a hub that went away would. */
  down: boolean;
  /** How many `GET /health` requests arrived, and with what Authorization header. */
  healthRequests: (string | undefined)[];
  stop(): Promise<void>;
}

/**
 * A server with the dashboard and a `GET /health` that answers a fixed report to `Authorization: Bearer <token>`
 * and 401 to anything else, as the hub's route does: the page can be exercised without starting a hub.
 */
export function startDashboardFixture(token = 'fixture-token-1f2e3d'): Promise<DashboardFixture> {
  const dashboard = dashboardHandler();
  const expected = Buffer.from(`Bearer ${token}`);
  const fixture = { report: fixtureHealthReport(), down: false, healthRequests: [] as (string | undefined)[] };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (dashboard(req, res, url)) return;
    if (url.pathname !== '/health' || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    fixture.healthRequests.push(req.headers.authorization);
    if (fixture.down) return void req.socket.destroy();
    const got = Buffer.from(req.headers.authorization ?? '');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(JSON.stringify({ message: 'Unauthorized: send Authorization: Bearer <token>.' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(fixture.report));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const stop = () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
      resolve(Object.assign(fixture, { url, dashboardUrl: `${url}/dashboard#token=${token}`, token, stop }));
    });
  });
}
