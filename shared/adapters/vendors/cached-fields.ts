import type { TargetField } from '#ports/crm';

/** How long a vendor's field metadata is kept: a field added in Setup is seen within the hour. */
export const FIELDS_TTL_MS = 3_600_000;

type Fields = Readonly<Record<string, TargetField>>;

/**
 * Keeps each object's field metadata for {@link FIELDS_TTL_MS}, so a processor reads it once an hour, not once a
 * change. Concurrent first asks share one read; a failed read is not kept, and the next ask tries again.
 */
export function cachedFields(read: (objectType: string) => Promise<Fields>, now: () => number = Date.now): (objectType: string) => Promise<Fields> {
  const kept = new Map<string, { at: number; fields: Promise<Fields> }>();
  return (objectType) => {
    const hit = kept.get(objectType);
    if (hit && now() - hit.at < FIELDS_TTL_MS) return hit.fields;
    const fields = read(objectType);
    kept.set(objectType, { at: now(), fields });
    fields.catch(() => {
      if (kept.get(objectType)?.fields === fields) kept.delete(objectType);
    });
    return fields;
  };
}
