import { decodeJwt } from 'jose';
import { z } from 'zod';
import { RetryableError } from '#domain/errors';
import type { RateLimitGate } from '../rate-limit-gate.ts';
import { classifyZoominfoAnswer } from './classify-error.ts';
import { parseJson, sendJson, type HttpOptions } from './http.ts';
import type { ZoominfoSecret } from './secret.ts';

const AuthenticateResponse = z.object({ jwt: z.string().min(1) });

/** ZoomInfo tokens live 60 minutes; refresh at 55 (vendor-apis §3). */
export const TOKEN_REFRESH_MS = 55 * 60_000;
/** The share of a token's stated lifetime after which it is replaced (55 of 60 minutes). */
const REFRESH_SHARE = 55 / 60;

/** Settings of {@link ZoominfoSession}. */
export interface SessionOptions {
  http: HttpOptions;
  /** Paces `/authenticate` (1 request per second at ZoomInfo) on its 429s. */
  gate: RateLimitGate;
  now: () => number;
  /** Longest age of a cached token. @default 55 minutes */
  refreshMs?: number;
}

/**
 * The bearer JWT of one set of credentials. It is fetched once and reused until 55 minutes old (or 55/60 of the
 * lifetime its `exp` states, if shorter), never per request. Concurrent callers share one `/authenticate` call.
 */
export class ZoominfoSession {
  #token: { jwt: string; refreshAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(
    private readonly secret: ZoominfoSecret,
    private readonly options: SessionOptions,
  ) {}

  /** A token that is fresh enough, authenticating first when needed. */
  async token(): Promise<string> {
    if (this.#token && this.options.now() < this.#token.refreshAt) return this.#token.jwt;
    this.#pending ??= this.#authenticate().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets `jwt` after the vendor refused it (401), unless a newer token already replaced it. */
  invalidate(jwt: string): void {
    if (this.#token?.jwt === jwt) this.#token = undefined;
  }

  async #authenticate(): Promise<string> {
    const obtainedAt = this.options.now();
    const { baseUrl, username, password } = this.secret;
    const jwt = await this.options.gate.run(async () => {
      const answer = await sendJson(this.options.http, new URL('/authenticate', baseUrl).href, { method: 'POST', body: { username, password } });
      if (answer.status !== 200) throw classifyZoominfoAnswer(answer, 'authenticate', this.options.now());
      const parsed = AuthenticateResponse.safeParse(parseJson(answer.text));
      if (!parsed.success) throw new RetryableError('ZoomInfo answered authenticate without a jwt');
      return parsed.data.jwt;
    });
    this.#token = { jwt, refreshAt: obtainedAt + this.#lifetimeMs(jwt) };
    return jwt;
  }

  /** How long to keep `jwt`: 55 minutes, or less when the token says it lives less than 60. */
  #lifetimeMs(jwt: string): number {
    const cap = this.options.refreshMs ?? TOKEN_REFRESH_MS;
    try {
      const { iat, exp } = decodeJwt(jwt);
      if (typeof iat === 'number' && typeof exp === 'number' && exp > iat) return Math.min(cap, (exp - iat) * 1000 * REFRESH_SHARE);
    } catch {
      // An opaque token: only the documented lifetime is known.
    }
    return cap;
  }
}
