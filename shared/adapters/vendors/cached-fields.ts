import type { TargetField } from '#ports/crm';

/** How long a vendor's field metadata is kept: a field added in Setup is seen within the hour. */
export const FIELDS_TTL_MS = 3_600_000;

/** A fresh read is answered from a copy younger than this: a burst of refusals costs one read, not one each. */
export const FRESH_MIN_AGE_MS = 60_000;

type Fields = Readonly<Record<string, TargetField>>;

/**
 * Keeps each object's field metadata for {@link FIELDS_TTL_MS}, so a processor reads it once an hour, not once a
 * change, and a `fresh` ask reads again once the copy is a minute old. Concurrent asks share one read; a failed read
 * is not kept, and the next ask tries again.
 */
export function cachedFields(read: (objectType: string) => Promise<Fields>, now: () => number = Date.now): (objectType: string, options?: { fresh?: boolean }) => Promise<Fields> {
  const kept = new Map<string, { at: number; fields: Promise<Fields> }>();
  return (objectType, options = {}) => {
    const hit = kept.get(objectType);
    if (hit && now() - hit.at < (options.fresh ? FRESH_MIN_AGE_MS : FIELDS_TTL_MS)) return hit.fields;
    const fields = read(objectType);
    kept.set(objectType, { at: now(), fields });
    fields.catch(() => {
      if (kept.get(objectType)?.fields === fields) kept.delete(objectType);
    });
    return fields;
  };
}
