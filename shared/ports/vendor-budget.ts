import type { VendorPaused } from '#domain/errors';

/** One allocation as the vendor counts it: calls used so far and the most it allows. */
export interface Allocation {
  used: number;
  limit: number;
}

/**
 * What a vendor reported of its own usage with an answer: its daily (or rolling 24 h) allocation
 * (Salesforce `Sforce-Limit-Info: api-usage=used/limit`, HubSpot `X-HubSpot-RateLimit-Daily[-Remaining]`) and the
 * size of its short burst window (HubSpot `X-HubSpot-RateLimit-Max` calls per `-Interval-Milliseconds`).
 */
export interface VendorUsage {
  daily?: Allocation;
  burst?: { max: number; intervalMs: number };
}

/**
 * Asks the vendor how much of its allocation is used (Salesforce `GET /limits`); undefined when it could not tell;
 * `'send-the-call'` when it could not ask with the credentials at hand (an access token expired during a long pause):
 * the call itself then goes as the probe, and its client refreshes the token on the way.
 */
export type UsageProbe = () => Promise<VendorUsage | undefined | 'send-the-call'>;

/**
 * Port: Syncline's share of one vendor's API allocation, shared by every function that calls the vendor, so that
 * no number of concurrent invocations can spend more than the share or keep calling a vendor that said stop.
 * A call is taken from the budget before each HTTP request; what the vendor reports of its usage with each answer
 * is observed, and is the truth the budget corrects its own count with.
 */
export interface VendorBudget {
  /** The vendor, as `VendorPaused.vendor` names it (`salesforce`, `hubspot`). */
  readonly vendor: string;
  /**
   * Takes one call from the budget before a request goes out. Resolves when the call may go, after waiting in
   * place if the vendor's window reopens within the wait a caller can afford; rejects with `VendorPaused` when the
   * share is spent or the vendor said stop. While paused, one caller at a time is let through as a probe after
   * the probe interval: with `probe`, the budget asks the vendor first and lets the call go only if there is room;
   * without, the call itself is the probe and its answer's usage decides.
   */
  take(probe?: UsageProbe): Promise<void>;
  /**
   * Records what the vendor reported with an answer. Costs nothing by itself: the report is written with this
   * process's next {@link take}, except the answer of a probe, which is written at once so the others resume.
   */
  observe(usage: VendorUsage): Promise<void>;
  /**
   * The vendor refused a call because its allocation is spent (Salesforce REQUEST_LIMIT_EXCEEDED, HubSpot's daily
   * 429): pauses every caller until `resumeAt` (default: the probe interval from now), after which a probe
   * finds out whether there is room. Returns the `VendorPaused` for the caller to throw.
   */
  exhausted(reason: string, resumeAt?: number): Promise<VendorPaused>;
}
