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
