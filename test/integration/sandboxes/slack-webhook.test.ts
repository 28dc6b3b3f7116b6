import { afterEach, describe, expect, it } from 'vitest';
import { slackAlertSender } from '#adapters/vendors/slack/send-alert';
import { PermanentError, RetryableError } from '#domain/errors';
import { startSlackSandbox, type SlackSandbox, type SlackSandboxOptions } from '#local/sandboxes/slack/server';
import { call } from './support.ts';

const HOOK = '/services/T0TEST/B0TEST/abcDEF123';
const REVOKED = '/services/T0TEST/B0OLD/revoked123';
const ALERT = { title: 'Sync stopped', severity: 'critical', summary: 'No change synced for 30 minutes & <counting>.', details: { Queue: 'changes.fifo' } } as const;

describe('Slack incoming-webhook sandbox and the alert sender', () => {
  let sandbox: SlackSandbox | undefined;

  async function start(options: SlackSandboxOptions = {}): Promise<SlackSandbox> {
    sandbox = await startSlackSandbox({ webhooks: [HOOK], revoked: [REVOKED], ...options });
    return sandbox;
  }

  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('accepts the alert with 200 ok and records the Block Kit message', async () => {
    const slack = await start();
    await slackAlertSender({ webhookUrl: slack.webhookUrl }).send(ALERT);
    const { json } = await call(slack.url, '/__sandbox/messages');
    const [message] = (json as { messages: { webhook: string; payload: { text: string; blocks: { type: string }[] } }[] }).messages;
    expect(message?.webhook).toBe('/services/T0TEST/B0TEST/****');
    expect(message?.payload.text).toBe('CRITICAL: Sync stopped: No change synced for 30 minutes &amp; &lt;counting&gt;.');
    expect(message?.payload.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section']);
  });

  it('answers like Slack: 200 ok, 400 invalid_payload, 404 no_service, 403 invalid_token', async () => {
    const slack = await start();
    const post = (path: string, body: string, contentType = 'application/json') => call(slack.url, path, { method: 'POST', body, headers: { 'content-type': contentType } });
    const ok = await post(HOOK, '{"text":"hi"}');
    expect([ok.status, ok.text, ok.headers.get('content-type')]).toEqual([200, 'ok', 'text/plain; charset=utf-8']);
    expect([(await post(HOOK, 'hi', 'text/plain')).status, (await post(HOOK, 'hi', 'text/plain')).text]).toEqual([400, 'invalid_payload']);
    expect((await post(HOOK, '{"username":"x"}')).text).toBe('invalid_payload');
    expect((await post(HOOK, '{"blocks":[{"type":"header","text":{"type":"plain_text","text":"' + 'x'.repeat(151) + '"}}]}')).text).toBe('invalid_blocks');
    expect([(await post('/services/T0TEST/B0TEST/wrong', '{"text":"hi"}')).status, (await post('/services/T0TEST/B0TEST/wrong', '{"text":"hi"}')).text]).toEqual([404, 'no_service']);
    expect([(await post(REVOKED, '{"text":"hi"}')).status, (await post(REVOKED, '{"text":"hi"}')).text]).toEqual([403, 'invalid_token']);
  });

  it('fails with PermanentError no_service for an unknown webhook', async () => {
    const slack = await start();
    const error = await slackAlertSender({ webhookUrl: `${slack.url}/services/T0TEST/B0TEST/gone` }).send(ALERT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'no_service' });
  });

  it('rate-limits a burst with 429 Retry-After, which the sender waits out', async () => {
    const slack = await start({ rateLimit: { perSecond: 1, burst: 1 } });
    const waits: number[] = [];
    const sender = slackAlertSender({ webhookUrl: slack.webhookUrl }, { sleep: (ms) => (waits.push(ms), new Promise((r) => setTimeout(r, ms))) });
    await sender.send(ALERT);
    await sender.send(ALERT);
    expect(waits).toEqual([1000]);
    expect(slack.messages()).toHaveLength(2);
    const { json } = await call(slack.url, '/__sandbox/calls');
    expect((json as { calls: { status: number }[] }).calls.map((c) => c.status)).toEqual([200, 429, 200]);
  });

  it('retries an injected 5xx and gives up with RetryableError when it persists', async () => {
    const slack = await start();
    await call(slack.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'incomingWebhook', kind: 'status', status: 503, count: 1 } });
    const sender = slackAlertSender({ webhookUrl: slack.webhookUrl }, { retryBaseMs: 10 });
    await sender.send(ALERT);
    expect(slack.messages()).toHaveLength(1);
    await call(slack.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'incomingWebhook', kind: 'status', status: 500, count: 3 } });
    await expect(sender.send(ALERT)).rejects.toBeInstanceOf(RetryableError);
  });
});
