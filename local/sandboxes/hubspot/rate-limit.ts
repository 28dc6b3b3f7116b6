import { rateLimited } from './errors.ts';
import type { SandboxResponse } from '../kit/index.ts';

/** Counts requests in a rolling window, like HubSpot's TEN_SECONDLY_ROLLING burst limit (vendor-apis §2.7). */
export class RollingWindowLimiter {
  #hits: number[] = [];

  constructor(
    readonly max: number,
    readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  #prune(at: number): void {
    const cutoff = at - this.windowMs;
    while (this.#hits.length > 0 && (this.#hits[0] ?? 0) <= cutoff) this.#hits.shift();
  }

  /** Counts one request; false means it is over the limit (and was not counted). */
  tryTake(): boolean {
    const at = this.now();
    this.#prune(at);
    if (this.#hits.length >= this.max) return false;
    this.#hits.push(at);
    return true;
  }

  /** Requests left in the current window. */
  remaining(): number {
    this.#prune(this.now());
    return Math.max(0, this.max - this.#hits.length);
  }

  /** Whole seconds until the oldest counted request leaves the window (at least 1). */
  retryAfterSeconds(): number {
    const oldest = this.#hits[0];
    if (oldest === undefined) return 1;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  /** Forgets every counted request. */
  reset(): void {
    this.#hits = [];
  }
}

/**
 * Counts requests per calendar day. HubSpot resets the daily limit at midnight in the portal's time zone; the
 * sandbox's portal lives in UTC.
 */
export class DailyLimiter {
  #day = '';
  #used = 0;

  constructor(
    readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  #roll(): void {
    const day = new Date(this.now()).toISOString().slice(0, 10);
    if (day !== this.#day) {
      this.#day = day;
      this.#used = 0;
    }
  }

  /** Counts one request; false means today's allowance is spent. */
  tryTake(): boolean {
    this.#roll();
    if (this.#used >= this.max) return false;
    this.#used += 1;
    return true;
  }

  /** Requests left today. */
  remaining(): number {
    this.#roll();
    return Math.max(0, this.max - this.#used);
  }

  /** Gives back today's allowance. */
  reset(): void {
    this.#used = 0;
  }
}

/**
 * CRM search requests HubSpot allows per second, per account: "The search endpoints are rate limited to five requests
 * per second per account." [C: developers.hubspot.com/docs/api-reference/search/guide, "Limits", current docs]. The
 * older changelog "CRM Search API Rate Limit Increase" had set four per second per authentication token, which older
 * docs and vendor-apis §2.7 still quote. The sandbox's default (server.ts).
 */
export const SEARCH_REQUESTS_PER_SECOND = 5;

/** Settings of {@link HubspotRateLimits}. */
export interface RateLimitSettings {
  per10s: number;
  daily: number;
  searchPerSecond: number;
}

/**
 * HubSpot's three limits (vendor-apis §2.7): the daily allowance, the rolling 10-second burst, and CRM search's own
 * per-second limit. Every request counts against the daily and burst limits; a search also against the search
 * limit (whether HubSpot counts searches against the burst limit too is not documented [?]; counting them is the
 * stricter reading). A request refused by one limit is not counted by the limits after it.
 */
export class HubspotRateLimits {
  readonly burst: RollingWindowLimiter;
  readonly daily: DailyLimiter;
  readonly search: RollingWindowLimiter;

  constructor(settings: RateLimitSettings, now: () => number = Date.now) {
    this.burst = new RollingWindowLimiter(settings.per10s, 10_000, now);
    this.daily = new DailyLimiter(settings.daily, now);
    this.search = new RollingWindowLimiter(settings.searchPerSecond, 1_000, now);
  }

  /** Counts a request; answers the 429 of the first limit it is over, or undefined. */
  admit(isSearch: boolean): SandboxResponse | undefined {
    if (!this.daily.tryTake()) return rateLimited('DAILY', this.headers(isSearch));
    if (!this.burst.tryTake()) return rateLimited('TEN_SECONDLY_ROLLING', this.headers(isSearch), this.burst.retryAfterSeconds());
    if (isSearch && !this.search.tryTake()) return rateLimited('SECONDLY', this.headers(isSearch), this.search.retryAfterSeconds());
    return undefined;
  }

  /** The X-HubSpot-RateLimit-* headers every answer carries; the -Secondly pair only on search. */
  headers(isSearch: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'X-HubSpot-RateLimit-Max': String(this.burst.max),
      'X-HubSpot-RateLimit-Remaining': String(this.burst.remaining()),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.burst.windowMs),
      'X-HubSpot-RateLimit-Daily': String(this.daily.max),
      'X-HubSpot-RateLimit-Daily-Remaining': String(this.daily.remaining()),
    };
    if (isSearch) {
      headers['X-HubSpot-RateLimit-Secondly'] = String(this.search.max);
      headers['X-HubSpot-RateLimit-Secondly-Remaining'] = String(this.search.remaining());
    }
    return headers;
  }

  /** Forgets every counted request. */
  reset(): void {
    this.burst.reset();
    this.daily.reset();
    this.search.reset();
  }
}
