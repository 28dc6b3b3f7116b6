import { InfrastructureUnavailable, RetryableError, VendorPaused } from '#domain/errors';
import type { ChangeReader, CrmWriter } from '#ports/crm';
import { decorateMethods } from '#ports/decorate';
import { MIN_CALL_TIMEOUT_MS, callTimeoutMs } from './call-deadline.ts';
import { timedOutCall } from './call-timeout.ts';

/** Waits before the 2nd, 3rd, 4th and 5th attempt of a call the vendor failed without saying how long to wait. */
export const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000] as const;
/** Up to this much is added to every wait, so callers refused together do not come back together. */
export const JITTER_MS = 500;

export interface RateLimitGateOptions {
  /** The longest vendor Retry-After waited out in place; longer ones go back to the queue. @default 10,000 (HubSpot's 10-second window) */
  maxWaitMs?: number;
  /**
   * Whether a retryable failure without a Retry-After is tried again after {@link BACKOFF_MS}. The CRM connections
   * of the processor turn it on; an enricher's lookup fails fast instead (the change is written without it).
   * @default false
   */
  backoff?: boolean;
  /** Attempts per call, the first included. @default 5 with `backoff` (one per step of {@link BACKOFF_MS}), else 3 */
  attempts?: number;
  /**
   * The first backoff step (ms); the others double from it. @default 1,000 ({@link BACKOFF_MS}). The local hub's
   * tests shorten it, so a persistent fault reaches the dead-letter queue in seconds rather than a minute.
   */
  backoffBaseMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** A number in [0, 1) for the jitter. */
  random?: () => number;
  /** Whether the invocation leaves time to wait `ms` and still make the call. @default {@link fitsInvocation} */
  canWait?: (ms: number, nowMs: number) => boolean;
}

/**
 * Whether a wait of `waitMs` leaves the running invocation time for a call of at least {@link MIN_CALL_TIMEOUT_MS}
 * after it (call-deadline.ts); always true outside an invocation.
 */
export function fitsInvocation(waitMs: number, nowMs: number): boolean {
  const left = callTimeoutMs(Number.POSITIVE_INFINITY, nowMs);
  return waitMs <= 0 || waitMs + MIN_CALL_TIMEOUT_MS <= left;
}

/**
 * One gate per vendor connection: when a call is told to wait (429 with Retry-After), every call through the gate
 * waits until then, and the refused call is tried again. Firing more calls into a closed window only extends it
 * (HubSpot counts refused calls too), and sending the change back to the queue would spend one of its five
 * deliveries on a wait of a few seconds: that is how a burst turns into a dead-letter spiral.
 *
 * With `backoff`, a retryable failure without a Retry-After (a 429 without one, a 5xx, a reset connection) is tried
 * again after 1, 2, 4, then 8 s, each plus up to 500 ms of jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"),
 * within the gate's attempts and the invocation's time. A paused vendor budget (`VendorPaused`), a call that timed
 * out and an unavailable DynamoDB or SQS are never retried here: they are the processor's to wait out.
 */
export class RateLimitGate {
  private openAt = 0;
  private readonly maxWaitMs: number;
  private readonly attempts: number;
  private readonly backoff: boolean;
  private readonly backoffScale: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly canWait: (ms: number, nowMs: number) => boolean;

  constructor(options: RateLimitGateOptions = {}) {
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.backoff = options.backoff ?? false;
    this.backoffScale = (options.backoffBaseMs ?? BACKOFF_MS[0]) / BACKOFF_MS[0];
    this.attempts = options.attempts ?? (this.backoff ? BACKOFF_MS.length + 1 : 3);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.canWait = options.canWait ?? fitsInvocation;
  }

  /** Runs `call` once the gate is open; a retryable failure closes the gate for its wait and the call is tried again. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const wait = this.openAt - this.now();
      if (wait > 0) await this.sleep(wait);
      try {
        return await call();
      } catch (error) {
        const retryIn = this.retryWaitMs(error, attempt);
        if (retryIn === undefined || attempt >= this.attempts || !this.canWait(retryIn, this.now())) throw error;
        this.openAt = Math.max(this.openAt, this.now() + retryIn);
      }
    }
  }

  /** How long to wait before trying again after `error` failed attempt `attempt`; undefined: do not retry here. */
  retryWaitMs(error: unknown, attempt: number): number | undefined {
    if (!(error instanceof RetryableError) || error instanceof VendorPaused || error instanceof InfrastructureUnavailable) return undefined;
    // A timed-out call already spent its share of the invocation: another attempt would likely hang as long.
    if (timedOutCall('vendor', error.cause) !== undefined) return undefined;
    const jitter = Math.floor(this.random() * JITTER_MS);
    if (error.retryAfterMs !== undefined) return error.retryAfterMs > this.maxWaitMs ? undefined : error.retryAfterMs + jitter;
    if (!this.backoff) return undefined;
    return Math.round((BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length) - 1] ?? 0) * this.backoffScale) + jitter;
  }

  /** The reader, or writer, with every call (its optional ones included) through this gate. */
  wrap<T extends ChangeReader | CrmWriter>(port: T): T {
    return decorateMethods(port, (method) => (...args) => this.run(() => method(...args)));
  }
}
