const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Deterministic Stripe-looking ids (`in_1Sy…`): prefix + 24 base62 characters from a sequence, so a reset gives the
 * same ids again. Real ids are random; nothing may parse them, and nothing here does.
 */
export class IdSequence {
  #next = 1;

  /** The next id with `prefix` (`in`, `pi`, `evt`, `req`, `il`, `ch`). */
  next(prefix: string): string {
    let n = this.#next++;
    let tail = '';
    while (tail.length < 14) {
      tail = BASE62.charAt(n % 62) + tail;
      n = Math.floor(n / 62);
    }
    return `${prefix}_1SyncLn${tail}`;
  }

  /** Where the sequence stands, to continue from after a restart. */
  get position(): number {
    return this.#next;
  }

  set position(next: number) {
    this.#next = next;
  }

  /** Restarts the sequence. */
  reset(): void {
    this.#next = 1;
  }
}
