import type { PersistentStore } from '../kit/index.ts';
import { RESOURCE_TYPES, type AttributeValue, type OutreachResource, type ResourceRef, type ResourceType } from './model.ts';

/** A change to a resource, as the webhook sender needs it. */
export interface ResourceChange {
  /** The webhook action: `created`, `updated`, `destroyed`, or a resource-specific one such as `delivered`. */
  action: string;
  resource: OutreachResource;
  /** Created/updated: only the attributes that changed; destroyed: the last known state (vendor-apis §4). */
  attributes: Record<string, AttributeValue>;
  occurredAt: number;
}

/**
 * First id per type. Outreach counts each type on its own, so a mailing and a call share numbers: the first of each is
 * 7001 here, as a real org's mailing 7001 and call 7001 would both exist.
 */
const FIRST_ID: Record<ResourceType, number> = { prospect: 1001, sequenceState: 5001, mailing: 7001, call: 7001 };

const same = (a: AttributeValue | undefined, b: AttributeValue | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What Outreach keeps across a restart: the resources and the next id of each type. */
export interface OutreachState {
  tables: Map<ResourceType, Map<number, OutreachResource>>;
  nextId: Map<ResourceType, number>;
}

/** In-memory Outreach resources. Every write reports its change to `onChange` (the webhook sender). */
export class OutreachStore implements PersistentStore<OutreachState> {
  readonly #tables = new Map<ResourceType, Map<number, OutreachResource>>();
  readonly #nextId = new Map<ResourceType, number>();

  constructor(
    private readonly onChange: (change: ResourceChange) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.clear();
  }

  /** Removes every resource and restarts ids. */
  clear(): void {
    for (const type of RESOURCE_TYPES) {
      this.#tables.set(type, new Map());
      this.#nextId.set(type, FIRST_ID[type]);
    }
  }

  exportState(): OutreachState {
    return { tables: this.#tables, nextId: this.#nextId };
  }

  importState(state: OutreachState): void {
    this.clear();
    for (const [type, rows] of state.tables) this.#tables.set(type, rows);
    for (const [type, next] of state.nextId) this.#nextId.set(type, next);
  }

  #table(type: ResourceType): Map<number, OutreachResource> {
    return this.#tables.get(type) as Map<number, OutreachResource>;
  }

  /** Every live resource of a type, in id order. */
  all(type: ResourceType): OutreachResource[] {
    return [...this.#table(type).values()].sort((a, b) => a.id - b.id);
  }

  /** A resource by id. */
  get(type: ResourceType, id: number): OutreachResource | undefined {
    return this.#table(type).get(id);
  }

  /** Live prospects that list `email` (compared case-insensitively). */
  prospectsWithEmail(email: string): OutreachResource[] {
    const wanted = email.trim().toLowerCase();
    return this.all('prospect').filter((p) => (p.attributes['emails'] as string[] | undefined)?.includes(wanted));
  }

  /**
   * Creates a resource from already-validated attributes. `silent` skips the webhook (seeding) and `at` backdates it.
   */
  create(type: ResourceType, attributes: Record<string, AttributeValue>, relationships: Record<string, ResourceRef | null> = {}, options: { silent?: boolean; at?: number } = {}): OutreachResource {
    const id = this.#nextId.get(type) ?? 1;
    this.#nextId.set(type, id + 1);
    const at = options.at ?? this.now();
    const iso = new Date(at).toISOString();
    const resource: OutreachResource = { type, id, attributes: { ...attributes, createdAt: iso, updatedAt: iso }, relationships: { ...relationships } };
    this.#table(type).set(id, resource);
    if (!options.silent) this.onChange({ action: 'created', resource, attributes: { ...resource.attributes }, occurredAt: at });
    return resource;
  }

  /**
   * Applies attributes; only values that change are reported and bump `updatedAt`. `action` names the webhook
   * event (`updated` unless a resource-specific action such as `delivered` applies).
   */
  update(resource: OutreachResource, attributes: Record<string, AttributeValue>, action = 'updated', options: { silent?: boolean } = {}): OutreachResource {
    const changed = Object.entries(attributes).filter(([name, value]) => !same(resource.attributes[name], value));
    if (changed.length === 0) return resource;
    const at = this.now();
    for (const [name, value] of changed) resource.attributes[name] = value;
    resource.attributes['updatedAt'] = new Date(at).toISOString();
    if (!options.silent) this.onChange({ action, resource, attributes: { ...Object.fromEntries(changed), updatedAt: resource.attributes['updatedAt'] }, occurredAt: at });
    return resource;
  }

  /** Emits a resource-specific action (e.g. `mailing.delivered`) carrying the given attributes, without a write. */
  announce(resource: OutreachResource, action: string, attributes: Record<string, AttributeValue>): void {
    this.onChange({ action, resource, attributes, occurredAt: this.now() });
  }

  /** Destroys a resource; its webhook carries the last known state. */
  destroy(resource: OutreachResource): void {
    this.#table(resource.type).delete(resource.id);
    this.onChange({ action: 'destroyed', resource, attributes: { ...resource.attributes }, occurredAt: this.now() });
  }
}
