import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '#app/health-types';
import type { Hub } from '#local/hub';
import { startDashboardFixture, type DashboardFixture } from '#test/support/dashboard-fixture';
import { getJson, hubspotClient, shippedContractWith, startTestHub } from '#test/support/hub-client';

const SHOTS = join('test-output', 'dashboard');

/** Debian's Chromium, headless (Playwright's default), and quiet on the network beyond what a page itself asks for. */
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** A tab in a fresh context, with every URL it requested and every problem it met. */
interface Tab {
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Uncaught exceptions and console errors, CSP violations among them. */
  problems: string[];
}

let browser: Browser;

async function openTab(): Promise<Tab> {
  // Times on the page (chart axes) read the same on every machine.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  const tab: Tab = { page, requests: [], problems: [] };
  page.on('request', (request) => tab.requests.push(request.url()));
  page.on('pageerror', (error) => tab.problems.push(error.stack ?? error.message));
  // Chromium reports a CSP violation as a console error ("Refused to ... because it violates the following Content
  // Security Policy directive"). A 401 or a refused connection is logged by its network layer as "Failed to load
  // resource: ..."; those are states the page shows, not faults.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource:')) tab.problems.push(message.text());
  });
  return tab;
}

/** Resolves once the page has settled on `name` (`ok`, `refused`, `missing-token`, `unreachable`). */
const state = (page: Page, name: string) => page.locator(`body[data-state="${name}"]`).waitFor({ state: 'attached' });
const text = async (page: Page, selector: string) => (await page.locator(selector).textContent()) ?? '';

/** Each row of the integrations table: its title, status (class and hover text) and the text of every cell. */
async function integrationRows(page: Page) {
  return Promise.all(
    (await page.locator('#integrations tbody tr').all()).map(async (tr) => {
      const status = tr.locator('.status');
      return {
        title: await tr.locator('.title').textContent(),
        status: await status.textContent(),
        className: await status.getAttribute('class'),
        hoverReason: await status.getAttribute('title'),
        cells: (await tr.locator(':scope > td, :scope > th').allInnerTexts()).map((cell) => cell.trim()),
      };
    }),
  );
}

/** One chart: its SVG's point count, accessible name, count per series, marks drawn and the p50 line's path. */
async function chart(page: Page, name: string) {
  const svg = page.locator(`#chart-${name} svg`);
  const labelledBy = (await svg.getAttribute('aria-labelledby')) ?? '';
  const label = await Promise.all(labelledBy.split(' ').map((id) => page.locator(`id=${id}`).textContent()));
  const series = await Promise.all((await svg.locator('.series').all()).map(async (g: Locator) => [await g.getAttribute('data-series'), await g.getAttribute('data-count')]));
  const p50 = svg.locator('.series-p50 path').first();
  return {
    points: await svg.getAttribute('data-points'),
    label: label.join(' '),
    series: Object.fromEntries(series),
    marks: await svg.locator('.series path, .series rect').count(),
    path: (await p50.count()) ? await p50.getAttribute('d') : '',
  };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch(LAUNCH);
});
afterAll(() => browser?.close());

describe('the dashboard page, against a fixture GET /health', () => {
  let fixture: DashboardFixture;
  beforeAll(async () => {
    fixture = await startDashboardFixture();
  });
  afterAll(() => fixture?.stop());

  it("shows each integration's status, the queues, errors, quota, data quality, paused connectors and three charts", async () => {
    // Prepare
    const { page, requests, problems } = await openTab();

    // Act
    await page.goto(fixture.dashboardUrl);
    await state(page, 'ok');

    // Assess: one row per integration, with its status and why it is not Active
    const rows = await integrationRows(page);
    const expected = fixture.report.integrations;
    expect(rows.map((r) => [r.title, r.status])).toEqual(expected.map((i) => [i.title, i.status]));
    expect(rows.map((r) => r.className)).toEqual(['status status-active', 'status status-degraded', 'status status-stopped']);
    expect(rows.map((r) => r.hoverReason)).toEqual(expected.map((i) => i.reason ?? null));
    expect(rows[1]?.cells[1]).toContain(expected[1]?.reason);
    expect(rows[0]?.cells.slice(2, 5)).toEqual(['2 min ago', '0.1%', '1.2 s / 4 s']);
    expect(rows[2]?.cells.slice(2, 5)).toEqual(['none', '100%', '—']);
    expect(await page.locator('#integrations thead th').count()).toBeGreaterThan(0);
    expect(await page.locator('#integrations thead th:not([scope="col"])').count()).toBe(0);

    // the tiles, the grouped errors (a vendor's text shown as text, never as markup), quota, counters, paused
    expect(await text(page, '#queues')).toMatch(/57\s*Changes waiting.*oldest 1.6 min.*2\s*Dead-letter queue.*6\s*Quarantined.*3\s*In review/s);
    expect(await page.locator('#errors tbody tr').count()).toBe(fixture.report.recentErrors.length);
    expect(await text(page, '#errors tbody tr:last-child')).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('#quota meter').evaluateAll((meters) => meters.map((m) => (m as unknown as { value: number }).value))).toEqual([49.5, 72.3]);
    expect(await text(page, '#quota')).toContain('311 calls · no daily allocation');
    expect(await text(page, '#quality')).toMatch(/128\s*Enriched\s*37\s*Duplicates prevented\s*6\s*Quarantined\s*217\s*Activities logged/);
    expect(await text(page, '#paused')).toBe('Gong');

    // three charts, each an SVG image with a name, drawn from every bucket of the series
    const [volume, latency, errors] = await Promise.all(['volume', 'latency', 'errors'].map((name) => chart(page, name)));
    const points = fixture.report.series.points;
    const withLatency = points.filter((p) => p.p50Ms !== undefined).length;
    expect(volume).toMatchObject({ points: String(points.length), series: { Received: String(points.length), Synced: String(points.length) }, marks: 2 });
    expect(latency).toMatchObject({ series: { p50: String(withLatency), p99: String(withLatency) } });
    // The quiet bucket without latency breaks the line: two runs, not one line down to zero.
    expect(latency?.path?.match(/M/g)).toHaveLength(2);
    expect(errors).toMatchObject({ series: { Failed: String(points.length) }, marks: points.filter((p) => p.failed > 0).length });
    expect(volume?.label).toMatch(/^Volume: changes received and synced 36 buckets from 11:00 to 13:55\. Received: .*Synced: /);

    // nothing but the hub was asked, and the page met no error (a CSP refusal would show here)
    expect(requests.filter((url) => !url.startsWith(`${fixture.url}/`))).toEqual([]);
    expect(problems).toEqual([]);
    expect(fixture.healthRequests).toContain(`Bearer ${fixture.token}`);
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
  });

  it('rejects a wrong token with a message saying the hub refused it', async () => {
    // Prepare
    const { page } = await openTab();

    // Act
    await page.goto(`${fixture.url}/dashboard#token=not-the-hubs-token`);
    await state(page, 'refused');

    // Assess
    expect(await text(page, '#problem')).toContain('The hub refused this token (401)');
    expect(await page.locator('#report').isHidden()).toBe(true);
    expect(fixture.healthRequests).toContain('Bearer not-the-hubs-token');
    await page.screenshot({ path: join(SHOTS, 'refused.png'), fullPage: true });
  });

  it('fails to ask the hub without a token, and says where the token comes from', async () => {
    // Prepare
    const { page } = await openTab();
    const asked = fixture.healthRequests.length;

    // Act: the hub's root redirects to the dashboard
    await page.goto(`${fixture.url}/`);
    await state(page, 'missing-token');

    // Assess
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await text(page, '#problem')).toContain('No token in this address');
    expect(fixture.healthRequests.length).toBe(asked);
    await page.screenshot({ path: join(SHOTS, 'missing-token.png'), fullPage: true });
  });

  it('says the hub is unreachable while keeping the last report, and recovers when it answers again', async () => {
    // Prepare: the root keeps the token through its redirect
    const { page } = await openTab();
    await page.goto(`${fixture.url}/#token=${fixture.token}`);
    await state(page, 'ok');

    // Act
    fixture.down = true;
    await page.locator('#refresh').click();
    await state(page, 'unreachable');

    // Assess
    expect(await text(page, '#problem')).toContain('cannot be reached');
    expect(await page.locator('#report').isHidden()).toBe(false);
    expect(await text(page, '#updated')).toContain('may be out of date');
    await page.screenshot({ path: join(SHOTS, 'unreachable.png'), fullPage: true });
    fixture.down = false;
    await page.locator('#refresh').click();
    await state(page, 'ok');
    expect(await page.locator('#problem').isHidden()).toBe(true);
  });

  it('serves only its own files, and leaves every other path to the hub', async () => {
    // Act
    const [html, post, other, source] = await Promise.all([
      fetch(`${fixture.url}/dashboard`),
      fetch(`${fixture.url}/dashboard`, { method: 'POST' }),
      fetch(`${fixture.url}/webhooks/hubspot`),
      fetch(`${fixture.url}/dashboard/index.ts`),
    ]);

    // Assess
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await html.text()).toContain('<table id="integrations"');
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect([other.status, source.status]).toEqual([404, 404]);
  });
});

describe("the dashboard of a running hub", () => {
  let hub: Hub;
  beforeAll(async () => {
    // The two CRMs only: one flow is enough to see a change reach the page.
    hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce']) });
  });
  afterAll(() => hub?.stop());

  it("shows the hub's own GET /health, and a change synced through it, in its next refreshes", async () => {
    // Prepare
    const { page, requests, problems } = await openTab();
    const report = await getJson<HealthReport>(`${hub.url}/health`, { headers: { authorization: `Bearer ${hub.healthToken}` } });

    // Act: the address npm start prints
    await page.goto(`${hub.url}/dashboard#token=${hub.healthToken}`);
    await state(page, 'ok');
    await hubspotClient(hub).crm.contacts.basicApi.create({ properties: { email: 'ada.lovelace@engine.example', firstname: 'Ada', lastname: 'Lovelace' }, associations: [] });

    // Assess: one row per sync of the contract, each with a status; the charts span the report's buckets
    const rows = await integrationRows(page);
    expect(rows.map(({ title }) => title)).toEqual(report.integrations.map((i) => i.title));
    expect(rows.every(({ status }) => ['Active', 'Degraded', 'Stopped'].includes(status ?? ''))).toBe(true);
    const charted = await Promise.all(['volume', 'latency', 'errors'].map((name) => page.locator(`#chart-${name} svg`).getAttribute('data-points')));
    expect(charted).toEqual(Array(3).fill(String(report.series.points.length)));
    // The page refreshes itself every 10 s: the contact shows as a last sync of HubSpot → Salesforce.
    const lastSync = page.locator('#integrations tbody tr[data-integration="hubspot>salesforce"] time').first();
    await lastSync.waitFor({ timeout: 120_000 });
    expect(await lastSync.textContent()).toMatch(/ago|just now/);
    expect(requests.filter((url) => !url.startsWith(`${hub.url}/`))).toEqual([]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'hub.png'), fullPage: true });
  });

  it("rejects a token that is not the hub's with the 401 message", async () => {
    // Prepare
    const { page } = await openTab();

    // Act
    await page.goto(`${hub.url}/dashboard#token=${hub.healthToken.split('').reverse().join('')}`);
    await state(page, 'refused');

    // Assess
    expect(await text(page, '#problem')).toContain('The hub refused this token (401)');
    expect(await page.locator('#integrations tbody tr').count()).toBe(0);
  });
});
