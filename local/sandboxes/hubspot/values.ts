/**
 * How HubSpot stores a written property value, which is what every read shows afterwards: a portal does not echo
 * the string a client sent. Each normalizer answers the stored form, or undefined when HubSpot would refuse the value.
 */

/** Largest instant a JavaScript Date holds (±100,000,000 days from the epoch). */
const MAX_INSTANT_MS = 8.64e15;

/** A written exponent past this is refused rather than expanded digit by digit. */
const MAX_EXPONENT = 400;

/**
 * A number as HubSpot reads it back: plain decimal notation, no leading zeros, no trailing fractional zeros
 * (`"7.50"` → `"7.5"`, `"007"` → `"7"`, `"-0"` → `"0"`), the value kept exactly, not rounded through a double.
 * `"7.50"` → `"7.5"` and `"007"` → `"7"` are what portals show [T]; that HubSpot keeps more digits than a double
 * holds, and how it writes an exponent form such as `"1e3"`, is not in our sources [?] (plain digits here).
 */
export function normalizeNumber(raw: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(raw.trim());
  if (!m) return undefined;
  const [, signText = '', whole = '', fraction = '', exponentText = '0'] = m;
  const exponent = Number(exponentText);
  if ((whole === '' && fraction === '') || Math.abs(exponent) > MAX_EXPONENT || !Number.isFinite(Number(raw))) return undefined;
  let digits = whole + fraction;
  // Where the decimal point sits within `digits`.
  let point = whole.length + exponent;
  const leadingZeros = /^0*/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(leadingZeros);
  point -= leadingZeros;
  digits = digits.replace(/0+$/, '');
  if (digits === '') return '0';
  const sign = signText === '-' ? '-' : '';
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Parses an epoch-ms string or an ISO-8601 date into epoch ms; undefined for anything else or out of range. */
export function parseHubspotDate(value: string): number | undefined {
  const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_INSTANT_MS ? ms : undefined;
}

/**
 * An instant as HubSpot writes a datetime property: ISO-8601 in UTC with `Z`, milliseconds only when there are any
 * (`2025-01-01T00:00:00Z`, `2024-12-20T00:05:04.726Z`), as Java's `Instant.toString()` writes it. [T] A real
 * contact read captured in amp-labs/connectors PR #1271 shows both forms side by side
 * (`"hs_analytics_first_timestamp": "2024-12-20T00:05:00Z"`, `"first_contact_createdate": "2024-12-20T00:05:04.726Z"`);
 * HubSpot's own examples only show values with milliseconds.
 */
export function formatHubspotDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A datetime property value (epoch ms or ISO-8601) as HubSpot stores it. */
export function normalizeDateTime(raw: string): string | undefined {
  const ms = parseHubspotDate(raw.trim());
  return ms === undefined ? undefined : formatHubspotDateTime(ms);
}

const DAY_MS = 86_400_000;

/**
 * A date property value as HubSpot stores it: `YYYY-MM-DD` [T: the "Standardization of date formats" changelog of
 * 2022 and HubSpot's API FAQ give this as the date form]. A date must be midnight UTC of that day; any other instant
 * is refused [C: developers.hubspot.com/docs/faq/how-should-timestamps-be-formatted-for-hubspots-apis].
 */
export function normalizeDate(raw: string): { value: string } | { problem: string } {
  const ms = parseHubspotDate(raw.trim());
  if (ms === undefined) return { problem: `${raw} was not a valid date.` };
  // The message is the one clients quote from HubSpot ("1505779200 is at 10:16:19.200 UTC, not midnight!") [T].
  const rest = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  if (rest !== 0) return { problem: `${raw} is at ${new Date(rest).toISOString().slice(11, 23)} UTC, not midnight!` };
  return { value: new Date(ms).toISOString().slice(0, 10) };
}

/**
 * A boolean (single checkbox) value: `true`/`false` in any case, stored lower-case, so `"TRUE"` reads back `"true"`.
 * A HubSpot post of 2018 on form submissions says forms refuse `"TRUE"`; whether the CRM API folds case instead is
 * not settled by our sources [?].
 */
export function normalizeBoolean(raw: string): string | undefined {
  const value = raw.trim().toLowerCase();
  return value === 'true' || value === 'false' ? value : undefined;
}
