/**
 * The parts of a contract that pass the schema, when the whole does not: each connector, namespace, system binding,
 * field, match section and sync is parsed on its own, so the cross-checks can still run on every part that is
 * well-formed and report their problems beside the schema's, instead of one round of fixes revealing the next.
 */
import type { z } from 'zod';
import { Connector, FieldSpec, Identifier, MatchSpec, Namespace, SyncSpec, SystemBinding, SystemName, type Contract, type ObjectSpec } from './contract-schema.ts';

/** A contract cut down to the parts that passed the schema. */
export interface SalvagedContract {
  /** Only the well-formed parts; a part that failed the schema is absent. */
  readonly contract: Contract;
  /** For each sync kept in `contract.syncs`, its index in the document (problems name that index). */
  readonly syncIndex: readonly number[];
  /** Whether the part at `path` (`objects.person.fields.email`), or a part holding it, failed the schema. */
  failed(path: string): boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses each entry of a record on its own; the entries that fail (key or value) are recorded under `at.key`. */
function entries<T>(value: unknown, key: z.ZodType, schema: z.ZodType<T>, at: string, failed: Set<string>): Record<string, T> {
  const kept: Record<string, T> = {};
  if (!isRecord(value)) {
    failed.add(at);
    return kept;
  }
  for (const [name, raw] of Object.entries(value)) {
    const parsed = schema.safeParse(raw);
    if (key.safeParse(name).success && parsed.success) kept[name] = parsed.data;
    else failed.add(`${at}.${name}`);
  }
  return kept;
}

function salvageObject(raw: unknown, at: string, failed: Set<string>): ObjectSpec | undefined {
  if (!isRecord(raw)) {
    failed.add(at);
    return undefined;
  }
  const match = raw['match'] === undefined ? undefined : MatchSpec.safeParse(raw['match']);
  if (match && !match.success) failed.add(`${at}.match`);
  return {
    systems: entries(raw['systems'], SystemName, SystemBinding, `${at}.systems`, failed),
    fields: entries(raw['fields'], Identifier, FieldSpec, `${at}.fields`, failed),
    ...(match?.success ? { match: match.data } : {}),
  };
}

/**
 * Parses every part of `input` on its own. Call it only when the whole contract failed the schema: scalar settings
 * (`version`, `defaults`, `alerts`) are not kept, since no cross-check reads them.
 */
export function salvageContract(input: unknown): SalvagedContract {
  const failed = new Set<string>();
  const document = isRecord(input) ? input : {};
  const objects: Record<string, ObjectSpec> = {};
  if (isRecord(document['objects'])) {
    for (const [name, raw] of Object.entries(document['objects'])) {
      const object = Identifier.safeParse(name).success ? salvageObject(raw, `objects.${name}`, failed) : undefined;
      if (object) objects[name] = object;
      else failed.add(`objects.${name}`);
    }
  } else failed.add('objects');
  const syncs: Contract['syncs'] = [];
  const syncIndex: number[] = [];
  if (Array.isArray(document['syncs'])) {
    document['syncs'].forEach((raw: unknown, i) => {
      const sync = SyncSpec.safeParse(raw);
      if (sync.success) {
        syncs.push(sync.data);
        syncIndex.push(i);
      } else failed.add(`syncs.${i}`);
    });
  }
  const namespaces = document['namespaces'] === undefined ? {} : entries(document['namespaces'], SystemName, Namespace, 'namespaces', failed);
  const contract: Contract = {
    version: 1,
    defaults: { phoneCountry: 'US', deleteGraceDays: 30 },
    connectors: entries(document['connectors'], SystemName, Connector, 'connectors', failed),
    namespaces,
    objects,
    syncs,
    alerts: { slack: false },
  };
  const isFailed = (path: string): boolean => {
    const parts = path.split('.');
    return parts.some((_, i) => failed.has(parts.slice(0, i + 1).join('.')));
  };
  return { contract, syncIndex, failed: isFailed };
}
