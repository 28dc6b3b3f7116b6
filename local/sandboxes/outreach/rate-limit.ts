/**
 * Outreach's per-user budget: 10,000 requests per hour [T] (third-party summaries of developers.outreach.io; the
 * window's alignment is [?], so the sandbox uses a fixed window starting at the first request).
 */
export class HourlyLimiter {
  #windowStart = 0;
  #used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs = 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  #roll(): void {
    const at = this.now();
    if (at >= this.#windowStart + this.windowMs) {
      this.#windowStart = at;
      this.#used = 0;
    }
  }

  /** Counts one request; false when the budget is spent (the refused request is not counted). */
  tryTake(): boolean {
    this.#roll();
    if (this.#used >= this.limit) return false;
    this.#used += 1;
    return true;
  }

  remaining(): number {
    this.#roll();
    return Math.max(0, this.limit - this.#used);
  }

  /** When the window ends, in epoch seconds (the `X-RateLimit-Reset` value). */
  resetEpochSeconds(): number {
    return Math.ceil((this.#windowStart + this.windowMs) / 1000);
  }

  /** Whole seconds until the window ends (at least 1). */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.#windowStart + this.windowMs - this.now()) / 1000));
  }

  reset(): void {
    this.#windowStart = 0;
    this.#used = 0;
  }
}
