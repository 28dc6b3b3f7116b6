/**
 * A fixed window that opens at the first request counted in it and lasts `windowMs`, so "how long until it resets"
 * is well defined (X-RateLimit-Reset). [?] ZoomInfo's exact windowing is unpublished; this is the simplest reading
 * of "25 requests per second and 1,500 per minute" (vendor-apis §3).
 */
export class FixedWindow {
  #openedAt = 0;
  #used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  #roll(at: number): void {
    if (at - this.#openedAt >= this.windowMs) {
      this.#openedAt = at;
      this.#used = 0;
    }
  }

  /** True when one more request fits now. */
  hasRoom(): boolean {
    this.#roll(this.now());
    return this.#used < this.limit;
  }

  /** Counts one request (call after {@link hasRoom}). */
  take(): void {
    this.#roll(this.now());
    this.#used += 1;
  }

  remaining(): number {
    this.#roll(this.now());
    return Math.max(0, this.limit - this.#used);
  }

  /** Whole seconds until the window resets, at least 1 while requests are counted in it. */
  resetSeconds(): number {
    const at = this.now();
    this.#roll(at);
    if (this.#used === 0) return 0;
    return Math.max(1, Math.ceil((this.#openedAt + this.windowMs - at) / 1000));
  }

  reset(): void {
    this.#openedAt = 0;
    this.#used = 0;
  }
}

/** The enrich limits: per second and per minute; a request counts against both or neither. */
export class EnrichRateLimit {
  readonly second: FixedWindow;
  readonly minute: FixedWindow;

  constructor(perSecond: number, perMinute: number, now: () => number = Date.now) {
    this.second = new FixedWindow(perSecond, 1_000, now);
    this.minute = new FixedWindow(perMinute, 60_000, now);
  }

  /** Counts a request; when a window is full, returns the seconds until it resets instead. */
  tryTake(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    for (const window of [this.minute, this.second]) {
      if (!window.hasRoom()) return { ok: false, retryAfterSeconds: window.resetSeconds() };
    }
    this.second.take();
    this.minute.take();
    return { ok: true };
  }

  reset(): void {
    this.second.reset();
    this.minute.reset();
  }
}
