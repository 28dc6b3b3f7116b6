import type { ChangeEvent } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import { goldenValues } from '#domain/golden-record';
import { itemSizeBytes, STORED_ITEM_LIMIT_BYTES, storedSizeBytes } from '#domain/stored-size';
import type { EntityState, ReviewItem } from '#ports/stores';

/** The code of a change whose values are too large to store. */
export const VALUE_TOO_LARGE = 'VALUE_TOO_LARGE';

/**
 * Room left in an item for what the estimate does not see: the keys (digested when long, so at most a few hundred
 * bytes each) and attributes a store adds beside the state.
 */
const HEADROOM_BYTES = 8 * 1024;

/**
 * What the entity's item will hold once its targets are written: each target's `written` then also holds the
 * golden values sent to it (at most all of them), on top of what it held.
 */
function projectedState(state: EntityState, targets: readonly string[]): Record<string, unknown> {
  const golden = goldenValues(state.golden);
  const written = { ...state.written };
  for (const target of targets) written[target] = { ...written[target], ...golden };
  return { object: state.object, golden: state.golden, links: state.links, written, deleted: state.deleted, match: state.match, enriched: state.enriched, version: state.version + 1 };
}

/** The field that takes the most room across the golden record, the `written` copies and the match values. */
function largestField(projected: Record<string, unknown>, state: EntityState): { field: string; bytes: number; chars: number } | undefined {
  const bytes = new Map<string, number>();
  const add = (field: string, value: unknown) => bytes.set(field, (bytes.get(field) ?? 0) + storedSizeBytes(value));
  for (const [field, observation] of Object.entries(state.golden.fields)) add(field, observation);
  for (const values of Object.values(projected['written'] as EntityState['written'])) for (const [field, value] of Object.entries(values)) add(field, value);
  for (const [field, value] of Object.entries(state.match?.values ?? {})) add(field, value);
  const [field, most] = [...bytes.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (field === undefined || most === undefined) return undefined;
  const value = state.golden.fields[field]?.value;
  return { field, bytes: most, chars: typeof value === 'string' ? value.length : String(value).length };
}

/**
 * Checks, before anything is written to a target, that what the change will store fits a stored item: the entity
 * state (golden record, links, every target's `written` values, match index) within the 400 KB item limit, less
 * headroom, and each review item the change parks (`reviews`: a held proposal is approved as stored, so it is never
 * truncated). Audit entries need no check here: the audit log keeps long values truncated with their length and
 * digest, so an entry stays small whatever the value. The quarantine item is kept small the same way by its store.
 *
 * @returns a PermanentError `VALUE_TOO_LARGE` naming the field that takes the most room (the processor then
 * quarantines the change before any target write), or `undefined` when the change fits.
 */
export function checkStorable(state: EntityState, event: Pick<ChangeEvent, 'source' | 'objectType' | 'sourceId'>, targets: readonly string[], reviews: readonly ReviewItem[] = []): PermanentError | undefined {
  const record = `${event.source} ${event.objectType} ${event.sourceId.slice(0, 64)}`;
  const budget = STORED_ITEM_LIMIT_BYTES - HEADROOM_BYTES;
  // A held proposal is approved as stored, so it must be stored whole: one too large is refused like the state.
  const review = reviews.find((r) => itemSizeBytes(r as unknown as Record<string, unknown>) > budget);
  if (review) return new PermanentError(VALUE_TOO_LARGE, `${record} is too large to store: the proposed value of field ${review.field} does not fit a review item (limit ${budget} bytes)`);
  const projected = projectedState(state, targets);
  const size = itemSizeBytes(projected);
  if (size <= budget) return undefined;
  const largest = largestField(projected, state);
  const what = largest ? `field ${largest.field} (${largest.chars} characters, ${largest.bytes} bytes across the golden record and its copies)` : 'its links and metadata';
  return new PermanentError(VALUE_TOO_LARGE, `${record} is too large to store: ${what} makes the state ${size} bytes, over the ${budget}-byte limit`);
}
