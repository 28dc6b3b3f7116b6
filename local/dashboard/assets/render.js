/* global document -- a browser module, served to the dashboard page */
// Renders a HealthReport (shared/app/health-types.ts) into the page. Text goes in through textContent only: error
// examples and reasons come from vendors and must never become markup.

import { drawChart } from './charts.js';
import { formatAgo, formatCount, formatDuration, formatLag, formatRate, formatVendor } from './format.js';

function el(name, attrs = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(key, String(value));
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

const byId = (id) => document.getElementById(id);

/** Shows `report` in place of whatever the page showed before. */
export function renderReport(report) {
  renderIntegrations(report);
  renderQueues(report);
  renderErrors(report.recentErrors);
  renderQuota(report.quota);
  renderQuality(report.dataQuality);
  renderPaused(report.paused);
  renderCharts(report.series);
}

function renderIntegrations(report) {
  const rows = report.integrations.map((i) => {
    const status = el('span', { class: `status status-${i.status.toLowerCase()}`, title: i.reason }, i.status);
    const reason = i.reason ? el('div', { class: 'reason' }, i.reason) : undefined;
    const last = i.lastSyncAt ? el('time', { datetime: i.lastSyncAt, title: i.lastSyncAt }, formatAgo(i.lastSyncAt, report.at)) : el('span', { class: 'muted', title: 'No change went through in the look-back' }, 'none');
    const categories = i.errors.map((e) => `${e.category} ${formatCount(e.count)}`).join(', ');
    const hour = el('div', {}, `${formatCount(i.received)} in · ${formatCount(i.synced)} synced · ${formatCount(i.failed)} failed`);
    return el(
      'tr',
      { 'data-integration': i.integration, 'data-object': i.object },
      el('th', { scope: 'row' }, el('div', { class: 'title' }, i.title), el('div', { class: 'muted' }, i.object)),
      el('td', {}, status, reason),
      el('td', {}, last),
      el('td', { class: i.errorRate > 0 ? 'warn' : undefined }, formatRate(i.errorRate)),
      el('td', {}, formatLag(i.latencyMs)),
      el('td', { class: 'small' }, hour, categories ? el('div', { class: 'muted' }, categories) : undefined),
    );
  });
  const body = byId('integrations').tBodies[0];
  body.replaceChildren(...rows);
  if (rows.length === 0) body.append(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'The contract has no syncs enabled.')));
}

function tile(label, value, note, warn) {
  return el('li', { class: warn ? 'tile warn' : 'tile' }, el('span', { class: 'tile-value' }, formatCount(value)), el('span', { class: 'tile-label' }, label), note ? el('span', { class: 'tile-note muted' }, note) : undefined);
}

function renderQueues({ queues, quarantined, inReview }) {
  const { changes, deadLetter } = queues;
  const oldest = changes.oldestAgeSec !== undefined && changes.waiting > 0 ? `oldest ${formatDuration(changes.oldestAgeSec * 1000)}` : undefined;
  byId('queues').replaceChildren(
    tile('Changes waiting', changes.waiting, oldest, false),
    tile('In flight', changes.inFlight),
    tile('Dead-letter queue', deadLetter.waiting, deadLetter.waiting > 0 ? 'syncline dlq list' : undefined, deadLetter.waiting > 0),
    tile('Quarantined', quarantined, quarantined > 0 ? 'syncline quarantine list' : undefined, quarantined > 0),
    tile('In review', inReview, inReview > 0 ? 'syncline review list' : undefined, false),
  );
}

function renderErrors(errors) {
  const rows = errors.map((e) =>
    el(
      'tr',
      {},
      el('td', { title: e.where }, formatVendor(e.where)),
      el('td', {}, el('span', { class: `category category-${e.category}` }, e.category)),
      el('td', {}, el('code', {}, e.code), e.example ? el('div', { class: 'muted small' }, e.example) : undefined),
      el('td', { class: 'num' }, formatCount(e.count)),
      el('td', { class: 'small' }, e.hint),
    ),
  );
  byId('errors').tBodies[0].replaceChildren(...rows);
  byId('errors').hidden = rows.length === 0;
  byId('errors-none').hidden = rows.length > 0;
}

function renderQuota(quota) {
  const items = quota.map((q) => {
    const calls = `${formatCount(q.calls24h)} calls`;
    if (q.usedPercent === undefined) return el('li', {}, el('span', { class: 'bar-label' }, formatVendor(q.vendor)), el('span', { class: 'muted' }, `${calls} · no daily allocation`));
    const percent = Math.round(q.usedPercent * 10) / 10;
    const level = percent >= 90 ? 'high' : percent >= 60 ? 'warn' : 'ok';
    const meter = el('meter', { min: 0, max: 100, low: 60, high: 90, optimum: 0, value: Math.min(100, percent), class: level, 'aria-label': `${formatVendor(q.vendor)}: ${percent}% of its daily allocation used` });
    return el('li', {}, el('span', { class: 'bar-label' }, formatVendor(q.vendor)), meter, el('span', { class: 'muted' }, `${percent}% · ${calls}`));
  });
  byId('quota').replaceChildren(...(items.length ? items : [el('li', { class: 'muted' }, 'No vendor calls yet.')]));
}

function renderQuality(quality) {
  const activities = quality.activitiesLogged.reduce((sum, a) => sum + a.count, 0);
  byId('quality').replaceChildren(
    tile('Enriched', quality.enriched),
    tile('Duplicates prevented', quality.duplicatesPrevented),
    tile('Quarantined', quality.quarantined, undefined, quality.quarantined > 0),
    tile('Activities logged', activities),
  );
  byId('activities').replaceChildren(...quality.activitiesLogged.map((a) => el('li', {}, `${formatVendor(a.source)}: ${formatCount(a.count)}`)));
}

function renderPaused(paused) {
  byId('paused').replaceChildren(...paused.map((name) => el('li', { class: 'paused', title: name }, formatVendor(name))));
  byId('paused-none').hidden = paused.length > 0;
}

function renderCharts(series) {
  const points = series.points;
  const times = points.map((p) => p.at);
  const count = (v) => formatCount(v);
  drawChart(byId('chart-volume'), {
    kind: 'line',
    integer: true,
    times,
    format: count,
    series: [
      { name: 'Received', key: 'received', values: points.map((p) => p.received) },
      { name: 'Synced', key: 'synced', values: points.map((p) => p.synced) },
    ],
  });
  drawChart(byId('chart-latency'), {
    kind: 'line',
    times,
    format: formatDuration,
    series: [
      { name: 'p50', key: 'p50', values: points.map((p) => p.p50Ms) },
      { name: 'p99', key: 'p99', values: points.map((p) => p.p99Ms) },
    ],
  });
  drawChart(byId('chart-errors'), { kind: 'bar', integer: true, times, format: count, series: [{ name: 'Failed', key: 'failed', values: points.map((p) => p.failed) }] });
  for (const id of ['chart-volume', 'chart-latency', 'chart-errors']) byId(id).dataset['bucketSec'] = String(series.bucketSec);
}
