import type { TargetField } from '#ports/crm';

/** How long a vendor's field metadata is kept: a field added in Setup is seen within the hour. */
export const FIELDS_TTL_MS = 3_600_000;

/** A fresh read is answered from a copy younger than this: a burst of refusals costs one read, not one each. */
export const FRESH_MIN_AGE_MS = 60_000;

type Fields = Readonly<Record<string, TargetField>>;

/**
 * Keeps each object's field metadata for {@link FIELDS_TTL_MS}, so a processor reads it once an hour, not once a
 * change, and a `fresh` ask reads again once the copy is a minute old. Concurrent asks share one read; a failed read
 * is kept a minute, then read again.
 */
export function cachedFields(read: (objectType: string) => Promise<Fields>, now: () => number = Date.now): (objectType: string, options?: { fresh?: boolean }) => Promise<Fields> {
  const kept = new Map<string, { at: number; fields: Promise<Fields>; failed?: boolean }>();
  return (objectType, options = {}) => {
    const hit = kept.get(objectType);
    if (hit && now() - hit.at < (options.fresh || hit.failed ? FRESH_MIN_AGE_MS : FIELDS_TTL_MS)) return hit.fields;
    const entry: { at: number; fields: Promise<Fields>; failed?: boolean } = { at: now(), fields: read(objectType) };
    kept.set(objectType, entry);
    // A failed read answers the asks of the next minute at once (each would wait out the vendor's retries), then
    // the next ask reads again.
    entry.fields.catch(() => {
      entry.failed = true;
      entry.at = now();
    });
    return entry.fields;
  };
}
