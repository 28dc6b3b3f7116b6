/* global document -- a browser module, served to the dashboard page */
// Small inline-SVG charts over the report's series: lines (volume, latency) or bars (failures), one point per
// bucket. SVG, not canvas: the marks are elements that a hover title, a screen reader's description and a test
// can all reach.

import { formatClock } from './format.js';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 380;
const HEIGHT = 200;
const PAD = { left: 48, right: 8, top: 10, bottom: 24 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

let ids = 0;

function svg(name, attrs = {}, text) {
  const el = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * 1, 2, 4 or 5 times a power of ten, at least `n`: an axis top that reads well. For counts, one whose half (the
 * middle grid line) is a whole number too.
 */
function niceCeil(n, integer) {
  const power = n > 0 ? 10 ** Math.floor(Math.log10(n)) : 1;
  const tops = [1, 2, 4, 5, 10].map((m) => m * power).filter((top) => !integer || Number.isInteger(top / 2));
  return tops.find((top) => top >= n) ?? 10 * power;
}

/**
 * Draws a chart into `figure` (after its caption, replacing any chart drawn before).
 * @param figure a <figure> with a <figcaption>
 * @param chart `{ kind: 'line' | 'bar', times: string[], series: { name, key, values: (number | undefined)[] }[],
 *   format(value): string, integer?: boolean }` (integer: the values are counts)
 */
export function drawChart(figure, { kind, times, series, format, integer = false }) {
  for (const old of figure.querySelectorAll('svg, .legend')) old.remove();
  const n = times.length;
  const id = `chart-${++ids}`;
  const caption = figure.querySelector('figcaption')?.textContent ?? '';
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, 'data-points': n, preserveAspectRatio: 'xMidYMid meet' });
  root.append(svg('title', { id: `${id}-t` }, caption), svg('desc', { id: `${id}-d` }, describe(times, series, format)));
  figure.append(root, legend(series));
  if (n === 0) {
    root.append(svg('text', { x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'empty' }, 'No data yet'));
    return;
  }
  const values = series.flatMap((s) => s.values).filter((v) => typeof v === 'number');
  const top = niceCeil(Math.max(0, ...values), integer);
  const step = PLOT_W / n;
  const x = (i) => PAD.left + step * (i + 0.5);
  const y = (v) => PAD.top + PLOT_H * (1 - v / top);
  root.append(axes(top, format, times, x));
  for (const s of series) {
    const group = svg('g', { class: `series series-${s.key}`, 'data-series': s.name, 'data-count': s.values.filter((v) => typeof v === 'number').length });
    if (kind === 'bar') {
      const width = Math.max(1, step * 0.7);
      s.values.forEach((v, i) => {
        if (typeof v === 'number' && v > 0) group.append(svg('rect', { x: x(i) - width / 2, y: y(v), width, height: PAD.top + PLOT_H - y(v) }));
      });
    } else {
      // A bucket without a value (no change, so no latency) breaks the line instead of drawing it down to zero.
      let d = '';
      let pen = 'M';
      s.values.forEach((v, i) => {
        if (typeof v !== 'number') return void (pen = 'M');
        d += `${pen}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
        pen = 'L';
      });
      group.append(svg('path', { d: d.trim() }));
      // A lone point between gaps has no segment to show: every point gets a dot, a lone one a larger dot.
      const has = (i) => typeof s.values[i] === 'number';
      s.values.forEach((v, i) => has(i) && group.append(svg('circle', { cx: x(i), cy: y(v), r: !has(i - 1) && !has(i + 1) ? 3 : n > 60 ? 1 : 1.75 })));
    }
    root.append(group);
  }
  root.append(hoverTargets(times, series, format, x, step));
}

function axes(top, format, times, x) {
  const g = svg('g', { class: 'axes', 'aria-hidden': 'true' });
  for (const fraction of [0, 0.5, 1]) {
    const v = top * fraction;
    const yy = PAD.top + PLOT_H * (1 - fraction);
    g.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: yy, y2: yy, class: fraction === 0 ? 'baseline' : 'grid' }));
    g.append(svg('text', { x: PAD.left - 6, y: yy + 4, 'text-anchor': 'end' }, format(v)));
  }
  const last = times.length - 1;
  const marks = [...new Set([0, Math.floor(last / 2), last])];
  for (const i of marks) {
    const anchor = marks.length > 1 && i === 0 ? 'start' : i === last && marks.length > 1 ? 'end' : 'middle';
    g.append(svg('text', { x: x(i), y: HEIGHT - 6, 'text-anchor': anchor }, formatClock(times[i])));
  }
  return g;
}

/** One invisible column per bucket whose title shows the bucket's values on hover. */
function hoverTargets(times, series, format, x, step) {
  const g = svg('g', { class: 'hover', 'aria-hidden': 'true' });
  times.forEach((at, i) => {
    const rect = svg('rect', { x: x(i) - step / 2, y: PAD.top, width: step, height: PLOT_H });
    const parts = series.map((s) => `${s.name} ${typeof s.values[i] === 'number' ? format(s.values[i]) : '—'}`);
    rect.append(svg('title', {}, `${formatClock(at)}: ${parts.join(', ')}`));
    g.append(rect);
  });
  return g;
}

function legend(series) {
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const s of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch series-${s.key}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, s.name);
    list.append(item);
  }
  return list;
}

/** What the chart shows, in words, for a screen reader: the span, and each series' total or range. */
function describe(times, series, format) {
  if (times.length === 0) return 'No data yet.';
  const span = `${times.length} buckets from ${formatClock(times[0])} to ${formatClock(times[times.length - 1])}.`;
  const parts = series.map((s) => {
    const vs = s.values.filter((v) => typeof v === 'number');
    if (vs.length === 0) return `${s.name}: none.`;
    return `${s.name}: last ${format(vs[vs.length - 1])}, highest ${format(Math.max(...vs))}.`;
  });
  return [span, ...parts].join(' ');
}
