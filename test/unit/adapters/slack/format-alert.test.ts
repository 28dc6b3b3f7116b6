import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, formatSlackAlert, truncate } from '#adapters/vendors/slack/format-alert';

describe('formatSlackAlert', () => {
  it('renders a header, the summary, the details as fields and the link, with a plain fallback', () => {
    const payload = formatSlackAlert({ title: 'Sync stopped', severity: 'critical', summary: 'No change synced for 30 minutes.', details: { Queue: 'changes.fifo', Waiting: '42' }, link: 'https://console.example/alarm?a=1&b=2' });
    expect(payload.text).toBe('CRITICAL: Sync stopped: No change synced for 30 minutes.');
    expect(payload.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: ':rotating_light: CRITICAL: Sync stopped', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'No change synced for 30 minutes.' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Queue*\nchanges.fifo' }, { type: 'mrkdwn', text: '*Waiting*\n42' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '<https://console.example/alarm?a=1&amp;b=2|Open>' }] },
    ]);
  });

  it('escapes &, < and > in every mrkdwn text, so no mention or link can be injected', () => {
    const payload = formatSlackAlert({ title: 'T', severity: 'warning', summary: '<!channel> a & b > c', details: { '<@U1>': '<http://evil|x>' } });
    const json = JSON.stringify(payload);
    expect(json).not.toMatch(/<!channel>|<@U1>|<http:\/\/evil/);
    expect(payload.text).toBe('WARNING: T: &lt;!channel&gt; a &amp; b &gt; c');
  });

  it('keeps within Block Kit limits: 150-character header, 10 fields a section, 3000-character text', () => {
    const details = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`k${i}`, 'v'.repeat(2500)]));
    const payload = formatSlackAlert({ title: 'x'.repeat(400), severity: 'info', summary: '&'.repeat(5000), details });
    const [header, summary, ...rest] = payload.blocks as { text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
    expect(header?.text?.text.length).toBe(150);
    expect(summary?.text?.text.length).toBeLessThanOrEqual(3000);
    expect(summary?.text?.text).toMatch(/^(&amp;)+…$/);
    const sections = rest.filter((b) => b.fields);
    expect(sections).toHaveLength(4);
    expect(sections.every((s) => (s.fields?.length ?? 0) <= 10 && s.fields?.every((f) => f.text.length <= 2000))).toBe(true);
    expect(rest.at(-1)?.elements?.[0]?.text).toBe('5 more details left out');
  });

  it('leaves out a link that is not http(s)', () => {
    const payload = formatSlackAlert({ title: 'T', severity: 'ok', summary: 's', link: 'javascript:alert(1)' });
    expect(payload.blocks.some((b) => b['type'] === 'context')).toBe(false);
  });

  it('escapes any text so that no raw <, > or unescaped & survives', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const out = escapeMrkdwn(text);
        expect(out).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
        expect(out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(text);
      }),
    );
  });

  it('truncates without splitting a surrogate pair', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});
