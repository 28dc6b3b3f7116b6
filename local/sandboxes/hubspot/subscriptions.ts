import type { PersistentStore } from '../kit/index.ts';
import { OBJECT_TYPES, WEBHOOK_OBJECT_NAME, type HubspotObjectType } from './model.ts';
import type { ObjectChange } from './store.ts';

/** A subscription as the Webhooks API v3 answers it (SDK model `SubscriptionResponse`). */
export interface Subscription {
  id: string;
  eventType: string;
  propertyName?: string;
  objectTypeId?: string;
  active: boolean;
  createdAt: string;
  updatedAt?: string;
}

/** Whether a change sends a webhook, and under which subscription id (absent: the sandbox's made-up one). */
export interface SubscriptionDecision {
  deliver: boolean;
  subscriptionId?: number;
}

/** What a sandbox keeps of its subscriptions across a restart (`stateFile`). */
export interface SubscriptionState {
  subscriptions: Subscription[];
  managed: HubspotObjectType[];
  nextId: number;
}

/** Ids handed out to API-made subscriptions; far from the made-up ids webhooks.ts gives start-option subscriptions. */
const FIRST_ID = 5_100_001;

/**
 * The app's webhook subscriptions made through the Webhooks API v3, and the rule that decides which changes send a
 * webhook.
 *
 * The rule: an object type the API has never subscribed to keeps the start options' behaviour (creation, deletion
 * and merge always; property changes per `propertySubscriptions`, all when not given). Once the API has created any
 * subscription for a type, that type is the API's: a change sends a webhook only when an active subscription holds
 * its event type (and, for a propertyChange, its property), as in HubSpot, where an app gets exactly the events it
 * subscribed to [C: developers.hubspot.com/docs/api/webhooks]. Archiving the last subscription of a type then means no
 * events for it, not a return to the default.
 */
export class WebhookSubscriptions implements PersistentStore<SubscriptionState> {
  #subscriptions: Subscription[] = [];
  #managed = new Set<HubspotObjectType>();
  #nextId = FIRST_ID;

  constructor(private readonly propertySubscriptions?: Readonly<Record<string, readonly string[]>>) {}

  /** Every subscription, oldest first. */
  all(): Subscription[] {
    return this.#subscriptions.map((s) => ({ ...s }));
  }

  get(id: string): Subscription | undefined {
    return this.#subscriptions.find((s) => s.id === id);
  }

  /** The subscription with the same event type and property, if one exists. */
  find(eventType: string, propertyName: string | undefined): Subscription | undefined {
    return this.#subscriptions.find((s) => s.eventType === eventType && s.propertyName === propertyName);
  }

  add(eventType: string, propertyName: string | undefined, active: boolean, objectTypeId?: string): Subscription {
    const subscription: Subscription = {
      id: String(this.#nextId++),
      eventType,
      ...(propertyName === undefined ? {} : { propertyName }),
      ...(objectTypeId === undefined ? {} : { objectTypeId }),
      active,
      createdAt: new Date().toISOString(),
    };
    this.#subscriptions.push(subscription);
    const type = OBJECT_TYPES.find((t) => eventType.startsWith(`${WEBHOOK_OBJECT_NAME[t]}.`));
    if (type) this.#managed.add(type);
    return { ...subscription };
  }

  setActive(id: string, active: boolean): Subscription | undefined {
    const subscription = this.get(id);
    if (!subscription) return undefined;
    subscription.active = active;
    subscription.updatedAt = new Date().toISOString();
    return { ...subscription };
  }

  remove(id: string): boolean {
    const before = this.#subscriptions.length;
    this.#subscriptions = this.#subscriptions.filter((s) => s.id !== id);
    return this.#subscriptions.length < before;
  }

  /** Decides whether `change` sends a webhook (see the class comment for the rule). */
  decide(change: ObjectChange): SubscriptionDecision {
    if (!this.#managed.has(change.type)) {
      const listed = this.propertySubscriptions?.[change.type];
      return { deliver: change.kind !== 'propertyChange' || !listed || listed.includes(change.propertyName ?? '') };
    }
    const eventType = `${WEBHOOK_OBJECT_NAME[change.type]}.${change.kind}`;
    const match = this.#subscriptions.find((s) => s.active && s.eventType === eventType && (change.kind !== 'propertyChange' || s.propertyName === change.propertyName));
    return match ? { deliver: true, subscriptionId: Number(match.id) } : { deliver: false };
  }

  exportState(): SubscriptionState {
    return { subscriptions: this.#subscriptions, managed: [...this.#managed], nextId: this.#nextId };
  }

  importState(state: SubscriptionState): void {
    this.#subscriptions = state.subscriptions.map((s) => ({ ...s }));
    this.#managed = new Set(state.managed);
    this.#nextId = state.nextId;
  }

  /** Forgets every API-made subscription (sandbox reset). */
  clear(): void {
    this.#subscriptions = [];
    this.#managed.clear();
    this.#nextId = FIRST_ID;
  }
}
