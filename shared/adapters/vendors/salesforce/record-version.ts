/**
 * One version of a Salesforce record, named the same way by every path that reports it. SystemModstamp changes on
 * every write to the record, system writes included, so a record id and its SystemModstamp name one version.
 */

// REST writes datetimes as `2026-12-06T10:00:00.000+0000` (vendor-apis §1.5), Outbound Messages as xsd:dateTime
// `2026-12-06T10:00:00.000Z` (§1.10); `±hh:mm` offsets are ISO 8601 too.
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * A Salesforce datetime as epoch ms, whichever way it is written (`+0000`, `+00:00` or `Z`), or undefined when the
 * value is not one. `+0000` is rewritten as `+00:00` first: that is the form ISO 8601 parsing in JavaScript takes.
 */
export function salesforceDateTimeMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATETIME.test(value)) return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The event id of a record version: `<record id>-<SystemModstamp in epoch ms>`. The poller and the Outbound Message
 * parser both name a change this way, so the processor's idempotency (`source:eventId`) takes one version once,
 * whichever path brought it first.
 */
export function recordVersionEventId(recordId: string, modstampMs: number): string {
  return `${recordId}-${modstampMs}`;
}
