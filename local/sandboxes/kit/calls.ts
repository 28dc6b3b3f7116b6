/** One vendor API call as seen by a sandbox. Status 0 means no answer was sent (drop or hang). */
export interface CallRecord {
  endpoint: string;
  method: string;
  path: string;
  status: number;
  at: string;
}

/** Per-endpoint call log and counters for the `/__sandbox/calls` inspection route. */
export class CallLog {
  #calls: CallRecord[] = [];
  #counts = new Map<string, number>();

  /** Records one call. */
  record(call: CallRecord): void {
    this.#calls.push(call);
    this.#counts.set(call.endpoint, (this.#counts.get(call.endpoint) ?? 0) + 1);
  }

  /** How many calls hit `endpoint` so far. */
  count(endpoint: string): number {
    return this.#counts.get(endpoint) ?? 0;
  }

  /** The body of `GET /__sandbox/calls`. */
  snapshot(): { calls: CallRecord[]; counts: Record<string, number> } {
    return { calls: [...this.#calls], counts: Object.fromEntries(this.#counts) };
  }

  /** Forgets every call. */
  clear(): void {
    this.#calls = [];
    this.#counts.clear();
  }
}
