/**
 * The few vendor calls the import benchmark makes itself (seeding Salesforce, the importing user's HubSpot
 * batches, the naive client), over plain fetch so that every request is one the sandboxes count.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** The REST API version the connector and jsforce use against the sandbox. */
export const SF_API = '/services/data/v62.0';

export interface HttpAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** One request; the body is parsed as JSON when there is one. */
export async function send(url: string, init: { method?: string; token?: string; body?: unknown; form?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(url, { method: init.method ?? 'GET', headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/**
 * Sends until the answer is not a 429, waiting what Retry-After says (HubSpot may send it, vendor-apis §2.7), else
 * one second. `onAnswer` sees every answer, the 429s included.
 */
export async function sendHonouring429(url: string, init: Parameters<typeof send>[1], onAnswer: (a: HttpAnswer) => void = () => undefined, maxTries = 60): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt++) {
    const answer = await send(url, init);
    onAnswer(answer);
    if (answer.status !== 429 || attempt >= maxTries) return answer;
    await sleep(Math.max(1, Number(answer.headers.get('retry-after') ?? 1)) * 1000);
  }
}

/** A Salesforce access token through the refresh-token grant (vendor-apis §1.1); the token endpoint uses no API call. */
export async function salesforceToken(url: string, c: { clientId: string; clientSecret: string; refreshToken: string }): Promise<string> {
  const answer = await send(`${url}/services/oauth2/token`, { method: 'POST', form: { grant_type: 'refresh_token', client_id: c.clientId, client_secret: c.clientSecret, refresh_token: c.refreshToken } });
  const token = (answer.body as { access_token?: string } | undefined)?.access_token;
  if (answer.status !== 200 || !token) throw new Error(`Salesforce token grant answered ${answer.status}`);
  return token;
}

/**
 * Creates records through sObject Collections, 200 a call and one object per call (vendor-apis §1.4). Answers the
 * org's daily allocation as the last answer's `Sforce-Limit-Info: api-usage=used/limit` gives it (§1.6).
 */
export async function createInCollections(url: string, token: string, records: readonly { object: string; fields: Record<string, string> }[]): Promise<{ allocation?: number }> {
  let allocation: number | undefined;
  for (const object of new Set(records.map((r) => r.object))) {
    const mine = records.filter((r) => r.object === object);
    for (let i = 0; i < mine.length; i += 200) {
      const chunk = mine.slice(i, i + 200).map((r) => ({ attributes: { type: object }, ...r.fields }));
      const answer = await send(`${url}${SF_API}/composite/sobjects`, { method: 'POST', token, body: { allOrNone: true, records: chunk } });
      const limit = /api-usage=\d+\/(\d+)/.exec(answer.headers.get('sforce-limit-info') ?? '')?.[1];
      if (limit) allocation = Number(limit);
      const failed = Array.isArray(answer.body) ? answer.body.filter((r: { success?: boolean }) => !r.success) : [answer.body];
      if (answer.status !== 200 || failed.length > 0) throw new Error(`seeding ${object} answered ${answer.status}: ${JSON.stringify(failed[0])}`);
    }
  }
  return allocation === undefined ? {} : { allocation };
}

/** Every record of `object` in a sandbox, through its inspection route (not a vendor call, so not counted). */
export async function sandboxRecords(url: string, object: string): Promise<Record<string, unknown>[]> {
  const answer = await send(`${url}/__sandbox/records/${object}`);
  if (answer.status !== 200) throw new Error(`GET ${url}/__sandbox/records/${object} answered ${answer.status}`);
  return (answer.body as { records: Record<string, unknown>[] }).records;
}
