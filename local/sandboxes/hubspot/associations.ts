import type { PersistentStore } from '../kit/index.ts';
import type { HubspotObjectType } from './model.ts';

/** One HUBSPOT_DEFINED association type between two object types. */
export interface AssociationType {
  from: HubspotObjectType;
  to: HubspotObjectType;
  typeId: number;
  /** The same association seen from the other side. */
  inverseTypeId: number;
  /** null for the unlabelled (default) type. */
  label: string | null;
}

/**
 * HUBSPOT_DEFINED type ids (vendor-apis §2.5, SDK `AssociationTypes.ts`). The unlabelled one of each pair is what
 * `…/associations/default/…` creates. Inverses are derived below.
 */
const DEFINED: ReadonlyArray<Omit<AssociationType, 'inverseTypeId'> & { inverse: number }> = [
  { from: 'contacts', to: 'companies', typeId: 279, inverse: 280, label: null },
  { from: 'contacts', to: 'companies', typeId: 1, inverse: 2, label: 'Primary' },
  { from: 'deals', to: 'contacts', typeId: 3, inverse: 4, label: null },
  { from: 'deals', to: 'companies', typeId: 341, inverse: 342, label: null },
  { from: 'deals', to: 'companies', typeId: 5, inverse: 6, label: 'Primary' },
];

/** Every defined type, both directions. */
export const ASSOCIATION_TYPES: readonly AssociationType[] = DEFINED.flatMap((d) => [
  { from: d.from, to: d.to, typeId: d.typeId, inverseTypeId: d.inverse, label: d.label },
  { from: d.to, to: d.from, typeId: d.inverse, inverseTypeId: d.typeId, label: d.label },
]);

/** The defined type with this id between these object types, or undefined. */
export function associationType(from: HubspotObjectType, to: HubspotObjectType, typeId: number): AssociationType | undefined {
  return ASSOCIATION_TYPES.find((t) => t.from === from && t.to === to && t.typeId === typeId);
}

/** The unlabelled type between two object types, or undefined when they cannot be associated. */
export function defaultAssociationType(from: HubspotObjectType, to: HubspotObjectType): AssociationType | undefined {
  return ASSOCIATION_TYPES.find((t) => t.from === from && t.to === to && t.label === null);
}

type Side = `${HubspotObjectType}:${string}`;
const side = (type: HubspotObjectType, id: string): Side => `${type}:${id}`;

/**
 * Associations between records, stored from both sides so either record lists them. A pair may hold several types
 * (unlabelled and Primary at once), as in HubSpot.
 */
export class AssociationStore implements PersistentStore<Map<Side, Map<Side, Set<number>>>> {
  /** from side → to side → type ids. */
  #links = new Map<Side, Map<Side, Set<number>>>();

  exportState(): Map<Side, Map<Side, Set<number>>> {
    return this.#links;
  }

  importState(links: Map<Side, Map<Side, Set<number>>>): void {
    this.#links = links;
  }

  #types(from: Side, to: Side): Set<number> {
    let targets = this.#links.get(from);
    if (!targets) this.#links.set(from, (targets = new Map()));
    let types = targets.get(to);
    if (!types) targets.set(to, (types = new Set()));
    return types;
  }

  /** Adds a type to a pair (and its inverse to the reverse pair). */
  add(t: AssociationType, fromId: string, toId: string): void {
    this.#types(side(t.from, fromId), side(t.to, toId)).add(t.typeId);
    this.#types(side(t.to, toId), side(t.from, fromId)).add(t.inverseTypeId);
  }

  /** Removes every type between two records, from both sides. */
  removeAll(from: HubspotObjectType, fromId: string, to: HubspotObjectType, toId: string): void {
    this.#links.get(side(from, fromId))?.delete(side(to, toId));
    this.#links.get(side(to, toId))?.delete(side(from, fromId));
  }

  /** The records of `to` associated with a record, in id order, with their type ids. */
  list(from: HubspotObjectType, fromId: string, to: HubspotObjectType): Array<{ toId: string; typeIds: number[] }> {
    const targets = this.#links.get(side(from, fromId)) ?? new Map<Side, Set<number>>();
    return [...targets.entries()]
      .filter(([key, types]) => key.startsWith(`${to}:`) && types.size > 0)
      .map(([key, types]) => ({ toId: key.slice(to.length + 1), typeIds: [...types].sort((a, b) => a - b) }))
      .sort((a, b) => Number(a.toId) - Number(b.toId));
  }

  /** The type ids between two records (empty when none). */
  between(from: HubspotObjectType, fromId: string, to: HubspotObjectType, toId: string): number[] {
    return [...(this.#links.get(side(from, fromId))?.get(side(to, toId)) ?? [])];
  }

  /** Moves a merged-away record's associations to the survivor (the survivor keeps its own). */
  moveAll(type: HubspotObjectType, fromId: string, toId: string): void {
    const source = side(type, fromId);
    for (const [other, types] of this.#links.get(source) ?? []) {
      const [otherType, otherId] = other.split(':') as [HubspotObjectType, string];
      for (const typeId of types) {
        const t = associationType(type, otherType, typeId);
        if (t) this.add(t, toId, otherId);
      }
      this.removeAll(type, fromId, otherType, otherId);
    }
  }

  clear(): void {
    this.#links.clear();
  }
}

/** One association of a v3 create body, resolved: the type says which object type the target is. */
export interface CreateAssociation {
  type: AssociationType;
  toId: string;
}

/**
 * Reads the `associations` of a v3 create body (vendor-apis §2.2): `[{to:{id}, types:[{associationCategory,
 * associationTypeId}]}]`. The type id names the target's object type. Returns a problem sentence instead of throwing.
 */
export function parseCreateAssociations(from: HubspotObjectType, raw: unknown): CreateAssociation[] | string {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return "'associations' must be an array.";
  const out: CreateAssociation[] = [];
  for (const item of raw as unknown[]) {
    const entry = item as { to?: { id?: unknown }; types?: unknown } | null;
    const toId = entry?.to?.id;
    if ((typeof toId !== 'string' && typeof toId !== 'number') || !Array.isArray(entry?.types)) return 'Every association needs to.id and a types array.';
    for (const spec of entry.types as Array<{ associationCategory?: unknown; associationTypeId?: unknown }>) {
      const t = spec?.associationCategory === 'HUBSPOT_DEFINED' ? ASSOCIATION_TYPES.find((a) => a.from === from && a.typeId === Number(spec.associationTypeId)) : undefined;
      if (!t) return `${String(spec?.associationCategory)} association type ${String(spec?.associationTypeId)} is not valid from ${from}.`;
      out.push({ type: t, toId: String(toId) });
    }
  }
  return out;
}
