// How the dashboard writes numbers, durations and times. Pure functions of their arguments: "ago" is measured from
// the report's own time, so a browser clock that is off does not shift what the hub reported.

const count = new Intl.NumberFormat('en-US');

/** 12,345 */
export function formatCount(n) {
  return count.format(n);
}

/** A fraction as a percentage: 0.001 → "0.1%", 0 → "0%", a rate too small to show at one decimal → "<0.1%". */
export function formatRate(fraction) {
  if (!fraction) return '0%';
  const percent = fraction * 100;
  if (percent < 0.05) return '<0.1%';
  return `${trimmed(percent, 1)}%`;
}

/** A duration in milliseconds, in the largest unit that keeps it short: 850 ms, 1.2 s, 4 s, 2.5 min, 3 h. */
export function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trimmed(ms / 1000, 1)} s`;
  if (ms < 3_600_000) return `${trimmed(ms / 60_000, 1)} min`;
  return `${trimmed(ms / 3_600_000, 1)} h`;
}

/** "1.2 s / 4 s", or an em dash when nothing synced. */
export function formatLag(latency) {
  return latency ? `${formatDuration(latency.p50)} / ${formatDuration(latency.p99)}` : '—';
}

/** How long before `now` an ISO time is: "just now", "45 s ago", "2 min ago", "3 h ago", "2 d ago". */
export function formatAgo(iso, now) {
  const sec = Math.max(0, Math.round((Date.parse(now) - Date.parse(iso)) / 1000));
  if (sec < 5) return 'just now';
  if (sec < 60) return `${sec} s ago`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ago`;
  if (sec < 86_400) return `${Math.floor(sec / 3600)} h ago`;
  return `${Math.floor(sec / 86_400)} d ago`;
}

const VENDORS = { hubspot: 'HubSpot', salesforce: 'Salesforce', outreach: 'Outreach', gong: 'Gong', stripe: 'Stripe', zoominfo: 'ZoomInfo', slack: 'Slack' };

/** A vendor or connector as its maker spells it ("hubspot" → "HubSpot"); `hubspot>salesforce` → "HubSpot → Salesforce". */
export function formatVendor(name) {
  return name.split('>').map((part) => VENDORS[part] ?? part).join(' → ');
}

/** A time of day in the browser's zone, for chart axes: "14:05". */
export function formatClock(iso) {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** One decimal at most, without a trailing ".0". */
function trimmed(n, decimals) {
  return String(Number(n.toFixed(decimals)));
}
