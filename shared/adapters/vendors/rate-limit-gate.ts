import { RetryableError } from '#domain/errors';
import type { ChangeReader, CrmWriter } from '#ports/crm';
import { decorateMethods } from '#ports/decorate';

export interface RateLimitGateOptions {
  /** The longest vendor Retry-After waited out in place; longer ones go back to the queue. @default 10,000 (HubSpot's 10-second window) */
  maxWaitMs?: number;
  /** Attempts per call, the first included. @default 3 */
  attempts?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * One gate per vendor connection: when a call is told to wait (429 with Retry-After), every call through the gate
 * waits until then, and the refused call is tried again. Firing more calls into a closed window only extends it
 * (HubSpot counts refused calls too), and sending the change back to the queue would spend one of its five
 * deliveries on a wait of a few seconds: that is how a burst turns into a dead-letter spiral.
 */
export class RateLimitGate {
  private openAt = 0;
  private readonly maxWaitMs: number;
  private readonly attempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(options: RateLimitGateOptions = {}) {
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.attempts = options.attempts ?? 3;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** Runs `call` once the gate is open; a Retry-After within `maxWaitMs` closes the gate and the call is tried again. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const wait = this.openAt - this.now();
      if (wait > 0) await this.sleep(wait);
      try {
        return await call();
      } catch (error) {
        const retryAfterMs = error instanceof RetryableError ? error.retryAfterMs : undefined;
        if (retryAfterMs === undefined || retryAfterMs > this.maxWaitMs || attempt >= this.attempts) throw error;
        this.openAt = Math.max(this.openAt, this.now() + retryAfterMs);
      }
    }
  }

  /** The reader, or writer, with every call (its optional ones included) through this gate. */
  wrap<T extends ChangeReader | CrmWriter>(port: T): T {
    return decorateMethods(port, (method) => (...args) => this.run(() => method(...args)));
  }
}
