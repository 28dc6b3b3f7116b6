import { FaultInjector, Router, type Fault, type Handler, type SandboxRequest, type SandboxResponse } from '../kit/index.ts';
import type { SalesforceContext } from './context.ts';
import { sfError } from './errors.ts';

/** Defaults of the org's API limits (vendor-apis §1.6). */
export const API_LIMIT_DEFAULTS = {
  /**
   * Daily API requests: a Developer Edition org's allocation (an Enterprise org starts at 100,000). Kept at 15,000
   * because existing tests assert the header against it; pass `apiLimit` for another.
   */
  dailyRequests: 15_000,
  /**
   * Concurrent long-running requests: Salesforce allows 25 per production org and counts only requests running 20 s
   * or more. The sandbox counts every request in flight; they are short unless a latency fault holds them.
   */
  concurrentRequests: 25,
} as const;

/**
 * Hands out latency faults late: the kit would sleep before the vendor guard runs, so a held request would not yet
 * count as in flight. This injector keeps the latency instead; {@link InFlightRouter} sleeps inside the handler,
 * after the guard admitted the request, which is where a slow Salesforce request spends its time.
 */
export class HeldLatencyInjector extends FaultInjector {
  #pending: number | undefined;
  readonly #held = new WeakMap<SandboxRequest, number>();

  override take(endpoint: string): Fault | undefined {
    const fault = super.take(endpoint);
    if (fault?.kind !== 'latency') return fault;
    this.#pending = fault.latencyMs ?? 0;
    return undefined;
  }

  /**
   * Binds the latency just taken to `req`. The kit calls take, guard and handler of one request without awaiting in
   * between when it applies no fault itself, so the pending latency is this request's.
   */
  claim(req: SandboxRequest): void {
    if (this.#pending !== undefined) this.#held.set(req, this.#pending);
    this.#pending = undefined;
  }

  heldFor(req: SandboxRequest): number | undefined {
    return this.#held.get(req);
  }
}

/** A router whose handlers count themselves in `usage.inFlight` and first sleep any held latency. */
export class InFlightRouter extends Router {
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly usage: { inFlight: number },
    private readonly faults: HeldLatencyInjector,
  ) {
    super();
  }

  override add(method: string, pattern: string, name: string, handler: Handler): this {
    return super.add(method, pattern, name, async (req) => {
      this.usage.inFlight += 1;
      try {
        const ms = this.faults.heldFor(req);
        if (ms) await this.#sleep(ms);
        return await handler(req);
      } finally {
        this.usage.inFlight -= 1;
      }
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  /** Stops held requests on close; like the kit's own latency, they then never answer. */
  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

/**
 * Counts a REST call and applies the org's limits: the daily allocation (`TotalRequests`) and the concurrent
 * long-request limit (`ConcurrentPerOrgLongTxn`), both 403 REQUEST_LIMIT_EXCEEDED (vendor-apis §1.6; messages [T]).
 */
export function admitApiCall(ctx: SalesforceContext): SandboxResponse | undefined {
  if (ctx.usage.inFlight >= ctx.options.concurrentLimit) return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.');
  ctx.usage.count += 1;
  if (ctx.usage.count > ctx.options.apiLimit) return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
  return undefined;
}

/** The `Sforce-Limit-Info` value: used/limit over the rolling 24 h. */
export function limitInfoHeader(ctx: SalesforceContext): string {
  return `api-usage=${ctx.usage.count}/${ctx.options.apiLimit}`;
}
