/**
 * Slack's incoming-webhook limit [T]: about one message per second per webhook, with short bursts allowed. A token
 * bucket per webhook: `burst` messages at once, refilled at `perSecond`. Past it, 429 with Retry-After in seconds.
 */
export class WebhookRateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `key`; returns undefined when allowed, else the whole seconds to wait. */
  take(key: string): number | undefined {
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  reset(): void {
    this.#buckets.clear();
  }
}
