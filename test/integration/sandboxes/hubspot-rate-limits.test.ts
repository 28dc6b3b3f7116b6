import { Client } from '@hubspot/api-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, type HubspotSandbox, type HubspotSandboxOptions } from '#local/sandboxes/index';
import { call, sdkError } from './support.ts';

const TOKEN = 'pat-limits-token';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('HubSpot sandbox rate limits', () => {
  let sandbox: HubspotSandbox | undefined;
  const start = async (o: Partial<HubspotSandboxOptions>) => (sandbox = await startHubspotSandbox({ clientSecret: 's', accessToken: TOKEN, seed: false, ...o }));
  const statuses = async (s: HubspotSandbox) => ((await call(s.url, '/__sandbox/calls')).json as { calls: Array<{ status: number }> }).calls.map((c) => c.status);
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('answers past the daily limit with the DAILY 429 and counts the daily headers down on every answer', async () => {
    const s = await start({ dailyLimit: 3 });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(s.url, i === 1 ? '/crm/v3/objects/contacts/424242' : '/crm/v3/objects/contacts', { headers: auth }));
    expect(answers.map((a) => a.status)).toEqual([200, 404, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-hubspot-ratelimit-daily'))).toEqual(['3', '3', '3', '3']);
    expect(answers.map((a) => a.headers.get('x-hubspot-ratelimit-daily-remaining'))).toEqual(['2', '1', '0', '0']);
    const body = (answers[3]?.json ?? {}) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' });
    expect(typeof body['correlationId']).toBe('string');
    // No Retry-After on the daily 429: clients must work out the reset themselves.
    expect(answers[3]?.headers.get('retry-after')).toBeNull();
  });

  it('does not let the SDK retry a DAILY 429, however many retries it is given', async () => {
    const s = await start({ dailyLimit: 1 });
    const client = new Client({ accessToken: TOKEN, basePath: s.url, numberOfApiCallRetries: 3 });
    await client.crm.contacts.basicApi.getPage(1);
    const error = await sdkError(client.crm.contacts.basicApi.getPage(1));
    expect(error.code).toBe(429);
    expect(error.body['policyName']).toBe('DAILY');
    expect(await statuses(s)).toEqual([200, 429]);
  });

  it('answers past the 10-second limit with the exact TEN_SECONDLY_ROLLING 429 and Retry-After; a client without retries fails at once', async () => {
    const s = await start({ rateLimitPer10s: 2 });
    const client = new Client({ accessToken: TOKEN, basePath: s.url, numberOfApiCallRetries: 0 });
    await client.crm.contacts.basicApi.getPage(1);
    await client.crm.companies.basicApi.getPage(1);
    const error = await sdkError(client.crm.deals.basicApi.getPage(1));
    expect(error.code).toBe(429);
    expect(Object.keys(error.body).sort()).toEqual(['correlationId', 'errorType', 'message', 'policyName', 'requestId', 'status']);
    expect(error.body).toMatchObject({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(error.headers).toMatchObject({ 'x-hubspot-ratelimit-max': '2', 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000' });
    expect(Number(error.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(error.headers['retry-after'])).toBeLessThanOrEqual(10);
    expect(await statuses(s)).toEqual([200, 200, 429]);
  });

  it('counts a search against the daily and 10-second limits as well as its own', async () => {
    const s = await start({ rateLimitPer10s: 5, dailyLimit: 50 });
    const answer = await call(s.url, '/crm/v3/objects/contacts/search', { method: 'POST', headers: auth, body: {} });
    expect(answer.headers.get('x-hubspot-ratelimit-remaining')).toBe('4');
    expect(answer.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('49');
    // HubSpot's 5 searches a second per account (rate-limit.ts).
    expect(answer.headers.get('x-hubspot-ratelimit-secondly')).toBe('5');
  });

  it('restores every allowance on /__sandbox/reset', async () => {
    const s = await start({ dailyLimit: 1 });
    await call(s.url, '/crm/v3/objects/contacts', { headers: auth });
    await call(s.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });
    const again = await call(s.url, '/crm/v3/objects/contacts', { headers: auth });
    expect(again.status).toBe(200);
  });
});
