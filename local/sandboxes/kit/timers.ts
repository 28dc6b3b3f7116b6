/** The timers a webhook sender schedules (batches, retries), cancelled together when its sandbox closes or resets. */
export class Timers {
  readonly #pending = new Set<NodeJS.Timeout>();
  #generation = 0;

  /** Bumped by cancelAll(): an attempt started before must not schedule a retry after it. */
  get generation(): number {
    return this.#generation;
  }

  later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      fn();
    }, ms);
    this.#pending.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.#pending.delete(timer);
  }

  cancelAll(): void {
    this.#generation += 1;
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }
}
