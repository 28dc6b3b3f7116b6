import type { Clock } from '#ports/clock';
import { Dimension, MetricName, type Metrics } from '#ports/metrics';
import type { SecretSource } from '#ports/secret-source';

/** What the daily credential check needs. */
export interface CheckCredentialsDeps {
  secrets: SecretSource;
  metrics: Metrics;
  clock: Clock;
}

/** One connector's look at its secret. */
export type CredentialStatus =
  /** The secret says when its credentials expire; `daysLeft` was emitted as `CredentialDaysLeft`. */
  | { connector: string; status: 'expires'; expiresAt: string; daysLeft: number }
  /** The secret says nothing about expiry: nothing to watch (and nothing emitted). */
  | { connector: string; status: 'undeclared' }
  /** The secret could not be read, or its `expiresAt` is not a date-time: the check cannot watch it. */
  | { connector: string; status: 'unreadable'; reason: string };

const DAY_MS = 86_400_000;

/**
 * ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`), as the connector catalog documents `expiresAt`.
 * A bare date or a local time would be read in whatever zone the function runs in, so they are refused.
 */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Whole days from `nowMs` until `expiresAt`, rounded down (so an alarm at "7 days or fewer" fires with up to 7.99
 * days left, never later); negative once it has passed. `undefined` when `expiresAt` is not an ISO 8601 date-time
 * with an offset.
 */
export function daysUntil(expiresAt: string, nowMs: number): number | undefined {
  if (!ISO_DATE_TIME.test(expiresAt)) return undefined;
  const at = Date.parse(expiresAt);
  return Number.isNaN(at) ? undefined : Math.floor((at - nowMs) / DAY_MS);
}

/**
 * Reads each connector's secret and, where it declares `expiresAt`, emits the days left as `CredentialDaysLeft`
 * {vendor} (alarmed on at 7 days and at 1 day). Each secret is read fresh, so a credential renewed an hour ago
 * counts. One connector's problem does not keep the others from being checked; the caller decides what a problem
 * means (the handler fails the run, which its error alarm reports).
 */
export async function checkCredentials(deps: CheckCredentialsDeps, connectors: readonly string[]): Promise<CredentialStatus[]> {
  const statuses: CredentialStatus[] = [];
  for (const connector of connectors) {
    let expiresAt: unknown;
    try {
      expiresAt = (await deps.secrets.get(connector, { fresh: true }))['expiresAt'];
    } catch (error) {
      statuses.push({ connector, status: 'unreadable', reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (expiresAt === undefined) {
      statuses.push({ connector, status: 'undeclared' });
      continue;
    }
    const daysLeft = typeof expiresAt === 'string' ? daysUntil(expiresAt, deps.clock.nowMs()) : undefined;
    if (daysLeft === undefined) {
      // The value is the operator's own date, not a credential, so it may be named.
      statuses.push({ connector, status: 'unreadable', reason: `expiresAt ${JSON.stringify(expiresAt)} is not an ISO 8601 date-time with an offset, like 2027-03-01T00:00:00Z` });
      continue;
    }
    deps.metrics.countBy(MetricName.CredentialDaysLeft, { [Dimension.vendor]: connector }, daysLeft);
    statuses.push({ connector, status: 'expires', expiresAt: expiresAt as string, daysLeft });
  }
  return statuses;
}
