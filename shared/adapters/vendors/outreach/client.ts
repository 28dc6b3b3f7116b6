import { createHash } from 'node:crypto';
import { PermanentError, RetryableError } from '#domain/errors';
import { callTimeoutMs } from '../call-deadline.ts';
import { timedOutCall, VENDOR_CALL_TIMEOUT_MS } from '../call-timeout.ts';
import { oauthRefreshFailed, vendorCalled } from '../vendor-metrics.ts';
import { classifyOutreachFailure, type OutreachHttpFailure } from './classify-error.ts';

/** How the client reaches Outreach. */
export interface OutreachCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessToken?: string;
}

/** Settings for tests. */
export interface OutreachClientOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** Per-request timeout, shortened to what the invocation has left ({@link callTimeoutMs}). @default 10,000 ms */
  timeoutMs?: number;
}

/** A successful JSON:API answer. */
export interface OutreachAnswer {
  status: number;
  body: unknown;
}

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token is refreshed before use (expiry less a minute). */
  refreshAfter: number;
}

/**
 * Access tokens per app and grant, shared by every client of one process: the reader and the writer are built apart,
 * and a Lambda keeps its module between invocations, so one refresh serves them all for the token's two hours.
 */
const tokenCache = new Map<string, CachedToken>();
const refreshing = new Map<string, Promise<CachedToken>>();

/** Forgets cached tokens (tests). */
export function clearOutreachTokenCache(): void {
  tokenCache.clear();
  refreshing.clear();
}

const JSON_API = 'application/vnd.api+json';
/** Refresh a minute before Outreach would refuse the token. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * A small JSON:API client for Outreach's REST API v2 (https://developers.outreach.io/api/making-requests) with OAuth
 * refresh-token handling: the access token is cached, refreshed ahead of expiry, and refreshed once more (and the
 * request repeated) when Outreach answers 401 anyway. Failures throw RetryableError / PermanentError; 404 resolves to
 * `null` so callers decide what "gone" means.
 */
export class OutreachClient {
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #key: string;

  constructor(
    private readonly credentials: OutreachCredentials,
    options: OutreachClientOptions = {},
  ) {
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs ?? VENDOR_CALL_TIMEOUT_MS.request;
    // The refresh token is hashed so the cache key never holds a credential in the clear.
    this.#key = `${credentials.baseUrl}|${credentials.clientId}|${createHash('sha256').update(credentials.refreshToken).digest('hex')}`;
    if (credentials.accessToken && !tokenCache.has(this.#key)) {
      // A token from the secret is used until Outreach refuses it: its age is unknown.
      tokenCache.set(this.#key, { accessToken: credentials.accessToken, refreshAfter: Number.POSITIVE_INFINITY });
    }
  }

  /** Sends one request; `null` on 404. */
  async request(method: string, path: string, body?: unknown): Promise<OutreachAnswer | null> {
    let token = await this.#token(false);
    let response = await this.#send(method, path, token.accessToken, body);
    if (response.status === 401) {
      token = await this.#token(true, token);
      response = await this.#send(method, path, token.accessToken, body);
    }
    const parsed = await readBody(response);
    if (response.ok) return { status: response.status, body: parsed };
    const failure: OutreachHttpFailure = { status: response.status, headers: response.headers, body: parsed };
    const classified = classifyOutreachFailure(failure, this.#now());
    if (classified === 'not-found') return null;
    throw classified;
  }

  async #send(method: string, path: string, accessToken: string, body: unknown): Promise<Response> {
    const timeoutMs = callTimeoutMs(this.#timeoutMs);
    vendorCalled('outreach');
    try {
      return await this.#fetch(`${this.credentials.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${accessToken}`, Accept: JSON_API, ...(body === undefined ? {} : { 'Content-Type': JSON_API }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw timedOutCall('Outreach', error, timeoutMs) ?? new RetryableError(`Outreach could not be reached (${method} ${path.split('?')[0]})`, { cause: error });
    }
  }

  /** The cached token, or a fresh one when it is due, or when `stale` (the one Outreach just refused) is still cached. */
  async #token(force: boolean, stale?: CachedToken): Promise<CachedToken> {
    const cached = tokenCache.get(this.#key);
    if (cached && cached.refreshAfter > this.#now() && !(force && cached === stale)) return cached;
    // Concurrent callers share one refresh.
    let pending = refreshing.get(this.#key);
    if (!pending) {
      pending = this.#refresh()
        .catch((error: unknown) => {
          // Counted once per refresh, however many callers waited on it: the alarm is on refreshes, not on requests.
          oauthRefreshFailed('outreach');
          throw error;
        })
        .finally(() => refreshing.delete(this.#key));
      refreshing.set(this.#key, pending);
    }
    return pending;
  }

  /** `POST /oauth/token` with the refresh_token grant (https://developers.outreach.io/api/oauth). */
  async #refresh(): Promise<CachedToken> {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.credentials.refreshToken, client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret });
    let response: Response;
    const timeoutMs = callTimeoutMs(this.#timeoutMs);
    try {
      response = await this.#fetch(`${this.credentials.baseUrl}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw timedOutCall('Outreach', error, timeoutMs) ?? new RetryableError('Outreach token endpoint could not be reached', { cause: error });
    }
    const body = (await readBody(response)) as { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
    if (response.status === 429 || response.status >= 500) throw new RetryableError(`Outreach token endpoint answered ${response.status}`);
    if (!response.ok || typeof body?.access_token !== 'string') {
      // invalid_grant / invalid_client: the refresh token was revoked or the app's credentials changed; no retry fixes that.
      throw new PermanentError('OUTREACH_AUTH_FAILED', `Outreach refused the refresh token (${response.status} ${typeof body?.error === 'string' ? body.error : 'no error code'}); re-authorize the app and update the syncline/outreach secret`);
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 7200;
    const token = { accessToken: body.access_token, refreshAfter: this.#now() + expiresIn * 1000 - EXPIRY_MARGIN_MS };
    tokenCache.set(this.#key, token);
    return token;
  }
}

/** Parses a JSON body; a 2xx that is not JSON (a truncated answer) is retryable, since the next answer may be whole. */
async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (response.ok) throw new RetryableError(`Outreach answered ${response.status} with a body that is not JSON`, { cause: error });
    return undefined;
  }
}
