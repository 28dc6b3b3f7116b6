import type { AlertSeverity, SlackAlert } from './alert.ts';

/** The JSON body of an incoming-webhook POST: `text` is the notification fallback, `blocks` the message. */
export interface SlackPayload {
  text: string;
  blocks: Record<string, unknown>[];
}

/** Block Kit limits (api.slack.com/reference/block-kit/blocks) [T]. */
const LIMITS = { header: 150, section: 3000, fields: 10, field: 2000, fallback: 3000, detailSections: 4 } as const;

const EMOJI: Record<AlertSeverity, string> = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:', ok: ':white_check_mark:' };

/**
 * Escapes the three characters Slack's mrkdwn gives meaning to: `&`, `<` and `>` (api.slack.com "Formatting text:
 * escaping"). Nothing else is escaped; with `<` escaped no `<!channel>` mention or `<url|link>` can be injected.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to `max` characters (code points counted as UTF-16 units, as Slack counts), ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  // Never leave half a surrogate pair.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** Escapes, then truncates, backing off so no `&amp;` is cut in half. */
function escaped(text: string, max: number): string {
  const out = truncate(escapeMrkdwn(text), max);
  return out.replace(/&[a-z]{0,3}…$/, '…');
}

function httpLink(link: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function detailBlocks(details: Readonly<Record<string, string>>): Record<string, unknown>[] {
  const entries = Object.entries(details);
  const shown = entries.slice(0, LIMITS.fields * LIMITS.detailSections);
  const blocks: Record<string, unknown>[] = [];
  for (let i = 0; i < shown.length; i += LIMITS.fields) {
    const fields = shown.slice(i, i + LIMITS.fields).map(([label, value]) => ({ type: 'mrkdwn', text: escaped(`*${label}*\n${value}`, LIMITS.field) }));
    blocks.push({ type: 'section', fields });
  }
  if (entries.length > shown.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${entries.length - shown.length} more details left out` }] });
  return blocks;
}

/**
 * Renders an alert as Block Kit: a header (`plain_text`, which Slack shows literally, so it is not escaped), the
 * summary as mrkdwn, the details as fields (10 per section), and the link. Every text is cut to Slack's limits.
 */
export function formatSlackAlert(alert: SlackAlert): SlackPayload {
  const label = `${alert.severity.toUpperCase()}: ${alert.title}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${EMOJI[alert.severity]} ${label}`, LIMITS.header), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: escaped(alert.summary, LIMITS.section) || ' ' } },
    ...detailBlocks(alert.details ?? {}),
  ];
  const link = httpLink(alert.link);
  if (link) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${escapeMrkdwn(link).replace(/\|/g, '%7C')}|Open>` }] });
  return { text: escaped(`${label}: ${alert.summary}`, LIMITS.fallback), blocks };
}
