/**
 * Contract quotas (vendor-apis §3): every request counts against the request limit, and each record returned for the
 * first time uses one record credit ("each newly enriched unique record uses record and unique-ID quota"); the
 * same record enriched again is free. [?] Per-contract credit rules are unpublished (§6.5); when a request would
 * need more credits than are left, the sandbox refuses the whole request with 403 and charges nothing, the
 * strictest reading.
 */
export class RecordQuota {
  #enriched = new Set<string>();
  #requests = 0;

  constructor(
    readonly recordLimit: number,
    readonly requestLimit: number,
  ) {}

  get recordsUsed(): number {
    return this.#enriched.size;
  }

  get requestsUsed(): number {
    return this.#requests;
  }

  recordsRemaining(): number {
    return Math.max(0, this.recordLimit - this.#enriched.size);
  }

  /** Counts one enrich request. */
  countRequest(): void {
    this.#requests += 1;
  }

  /** How many of `keys` (entity:id) would use a new credit. */
  newRecords(keys: readonly string[]): number {
    return new Set(keys.filter((k) => !this.#enriched.has(k))).size;
  }

  /** Charges the credits for `keys`. */
  charge(keys: readonly string[]): void {
    for (const key of keys) this.#enriched.add(key);
  }

  reset(): void {
    this.#enriched.clear();
    this.#requests = 0;
  }
}
