import { describe, expect, it } from 'vitest';
import { slackAlertSender } from '#adapters/vendors/slack/send-alert';
import { PermanentError, RetryableError } from '#domain/errors';

const ALERT = { title: 'T', severity: 'info', summary: 's' } as const;
const SECRET = { webhookUrl: 'https://hooks.slack.example/services/T1/B1/secret' };

/** A fetch that answers from a script and records what it was sent. */
function scripted(answers: (Response | Error)[]) {
  const calls: RequestInit[] = [];
  const fetchFn = (async (_url: string, init: RequestInit) => {
    calls.push(init);
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof fetch;
  const waits: number[] = [];
  return { calls, waits, options: { fetch: fetchFn, sleep: async (ms: number) => void waits.push(ms), retryBaseMs: 100 } };
}

const text = (status: number, body: string, headers: Record<string, string> = {}) => new Response(body, { status, headers });

describe('slackAlertSender', () => {
  it('posts the formatted alert as JSON', async () => {
    const s = scripted([text(200, 'ok')]);
    await slackAlertSender(SECRET, s.options).send(ALERT);
    expect(s.calls).toHaveLength(1);
    expect(JSON.parse(String(s.calls[0]?.body))).toMatchObject({ text: 'INFO: T: s', blocks: expect.any(Array) });
  });

  it('waits out a 429 Retry-After, then succeeds', async () => {
    const s = scripted([text(429, 'rate_limited', { 'Retry-After': '2' }), text(200, 'ok')]);
    await slackAlertSender(SECRET, s.options).send(ALERT);
    expect(s.waits).toEqual([2000]);
  });

  it('fails with RetryableError carrying Retry-After when it is too long to wait', async () => {
    const s = scripted([text(429, 'rate_limited', { 'Retry-After': '60' })]);
    const error = await slackAlertSender(SECRET, s.options).send(ALERT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ retryAfterMs: 60_000, message: expect.stringContaining('429 rate_limited') });
  });

  it('retries 5xx and network failures with a doubling wait, then fails with RetryableError', async () => {
    const s = scripted([text(503, 'service_unavailable'), new TypeError('fetch failed'), text(500, '<html>oops</html>')]);
    const error = await slackAlertSender(SECRET, s.options).send(ALERT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toContain('500 http_500');
    expect(s.waits).toEqual([100, 200]);
  });

  it.each([
    [404, 'no_service'],
    [403, 'invalid_token'],
    [400, 'invalid_payload'],
    [410, 'channel_is_archived'],
  ])('fails at once with PermanentError on %i %s, never naming the URL', async (status, code) => {
    const s = scripted([text(status, code)]);
    const error = await slackAlertSender(SECRET, s.options).send(ALERT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).not.toContain('secret');
    expect(s.calls).toHaveLength(1);
  });

  it('refuses a secret without an http(s) webhook URL', () => {
    expect(() => slackAlertSender({ webhookUrl: 'ftp://x' })).toThrow();
    expect(() => slackAlertSender({})).toThrow();
  });
});
