import { PermanentError, RetryableError } from '#domain/errors';
import type { RateLimitGate } from '../rate-limit-gate.ts';
import { vendorBudgetOf } from '../vendor-budgets.ts';
import { classifyZoominfoAnswer, isQuotaExhausted } from './classify-error.ts';
import { parseJson, sendJson, type HttpAnswer, type HttpOptions } from './http.ts';
import { ContactSearchResponse, EnrichResponse, type EnrichResultEntry } from './response.ts';
import type { ZoominfoSession } from './session.ts';

/** The two enrich endpoints of the legacy API. */
export type ZoominfoEntity = 'company' | 'contact';

const INPUT_KEY: Record<ZoominfoEntity, string> = { company: 'matchCompanyInput', contact: 'matchPersonInput' };

/** What one enrich request came back with. */
export type EnrichAnswer = { kind: 'ok'; results: EnrichResultEntry[] } | { kind: 'quota-exhausted'; message: string };

/** Sends enrich requests: bearer token from the session, one re-authentication on 401, 429s paced by the gate. */
export class ZoominfoClient {
  constructor(
    private readonly baseUrl: string,
    private readonly session: ZoominfoSession,
    private readonly gate: RateLimitGate,
    private readonly http: HttpOptions,
    private readonly now: () => number,
  ) {}

  /**
   * Enriches up to 25 inputs in one request. Throws RetryableError (429 past the gate's budget, 5xx, timeouts,
   * unreadable answers) or PermanentError (refused request, unexpected answer shape).
   */
  async enrich(entity: ZoominfoEntity, inputs: readonly Record<string, string>[], outputFields: readonly string[]): Promise<EnrichAnswer> {
    const what = `enrich/${entity}`;
    const answer = await this.gate.run(async () => {
      // Every request, the processors' and the batch's, from the one budget of ZoomInfo's burst limits (when wired).
      await vendorBudgetOf('zoominfo')?.take();
      const sent = await this.#postWithToken(`/enrich/${entity}`, { [INPUT_KEY[entity]]: inputs, outputFields });
      if (sent.status === 200 || isQuotaExhausted(sent)) return sent;
      throw classifyZoominfoAnswer(sent, what, this.now());
    });
    if (answer.status === 403) {
      return { kind: 'quota-exhausted', message: 'ZoomInfo record credits are used up (403 record limit)' };
    }
    const body = parseJson(answer.text);
    if (body === undefined) throw new RetryableError(`ZoomInfo answered ${what} with a body that is not JSON`);
    const parsed = EnrichResponse.safeParse(body);
    if (!parsed.success || parsed.data.success === false) throw new PermanentError('UNEXPECTED_RESPONSE', `ZoomInfo answered ${what} in an unexpected shape`);
    const results = parsed.data.data.result;
    // One result per input, in order (vendor-apis §3); anything else cannot be lined up safely with the inputs.
    if (results.length !== inputs.length) throw new PermanentError('UNEXPECTED_RESPONSE', `ZoomInfo answered ${what} with ${results.length} results for ${inputs.length} inputs`);
    return { kind: 'ok', results };
  }

  /**
   * One page of Contact Search (`POST /search/contact`): previews, no credits spent, counted against the same rate
   * limits as enrich. Throws as `enrich` does; a 403 here is a refusal, never a spent quota.
   */
  async searchContacts(criteria: Record<string, string | number>): Promise<ContactSearchResponse> {
    const what = 'search/contact';
    const answer = await this.gate.run(async () => {
      await vendorBudgetOf('zoominfo')?.take();
      const sent = await this.#postWithToken('/search/contact', criteria);
      if (sent.status === 200) return sent;
      throw classifyZoominfoAnswer(sent, what, this.now());
    });
    const body = parseJson(answer.text);
    if (body === undefined) throw new RetryableError(`ZoomInfo answered ${what} with a body that is not JSON`);
    const parsed = ContactSearchResponse.safeParse(body);
    if (!parsed.success) throw new PermanentError('UNEXPECTED_RESPONSE', `ZoomInfo answered ${what} in an unexpected shape`);
    return parsed.data;
  }

  /** Posts with the cached token; a 401 gets one retry with a freshly authenticated token. */
  async #postWithToken(path: string, body: unknown): Promise<HttpAnswer> {
    const url = new URL(path, this.baseUrl).href;
    const token = await this.session.token();
    const first = await sendJson(this.http, url, { method: 'POST', body, token });
    if (first.status !== 401) return first;
    this.session.invalidate(token);
    const retried = await sendJson(this.http, url, { method: 'POST', body, token: await this.session.token() });
    // A token minted a moment ago and refused again: nothing local can fix it now, but it is not the request's fault.
    if (retried.status === 401) throw new RetryableError(`ZoomInfo refused a freshly issued token on ${path} (401)`);
    return retried;
  }
}
