import type { ObjectDef } from './schema.ts';
import type { SfRecord } from './store.ts';
import type { FieldValue } from './values.ts';

/** The `/services/data/vNN.N` prefix of a request, for record URLs. */
export function dataPrefix(version: string): string {
  return `/services/data/${version}`;
}

/**
 * Renders a record as the REST API returns it: `attributes` first, then the fields (all of them, or the ones asked
 * for, in that order), unset ones as null.
 */
export function renderRecord(def: ObjectDef, record: SfRecord, version: string, fields?: readonly string[]): Record<string, unknown> {
  const names = fields ?? Object.keys(def.fields);
  const out: Record<string, unknown> = { attributes: { type: def.name, url: `${dataPrefix(version)}/sobjects/${def.name}/${record.Id}` } };
  for (const name of names) out[name] = (record[name] as FieldValue | undefined) ?? null;
  return out;
}
