import { z } from 'zod';

/** Field values as vendors hand them over: strings, numbers, booleans or null (cleared). */
export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;
export type FieldValues = Record<string, FieldValue>;

/**
 * One change a vendor reported, normalized: the unit that flows through the queue and the processor.
 * `fields` holds what the event itself carried (may be partial); the processor reads current state when it needs more.
 */
export const ChangeEvent = z.strictObject({
  source: z.string().min(1),
  /** The vendor's object name, e.g. `contacts` (HubSpot) or `Contact` (Salesforce). */
  objectType: z.string().min(1),
  sourceId: z.string().min(1),
  /** Unique per change at the source; with `source` it is the idempotency key. */
  eventId: z.string().min(1).max(100),
  /** When the change happened at the source (ISO 8601). */
  occurredAt: z.iso.datetime({ offset: true }),
  kind: z.enum(['upsert', 'delete', 'merge', 'convert']),
  fields: z.record(z.string(), FieldValue).default({}),
  /**
   * True when `fields` is the record as the source held it at `occurredAt` (vendors that push whole records:
   * Gong calls, Stripe events). The processor then takes them as the read instead of
   * calling the source, which may have no API Syncline reads.
   */
  snapshot: z.boolean().optional(),
  /**
   * True when `fields` holds every field the processor reads of the record (its mapped and link fields) as a query
   * read them at `occurredAt` (the Salesforce poller). The processor takes them as its read, as with a snapshot, but
   * the source can be read again: a retry of the change reads the record afresh.
   */
  polled: z.boolean().optional(),
  /**
   * True when `fields` is everything that changed (HubSpot's notifications name one property each, with its new
   * value). A change whose fields all hold what Syncline itself wrote there is then an echo, known without a read.
   */
  delta: z.boolean().optional(),
  /**
   * True when `fields` holds some of the record's values as the source sent them, but not necessarily all: a
   * Salesforce Outbound Message sends the fields it was set up with and leaves out those that are null. Neither a read
   * nor the whole change, but enough to tell a change that may only report Syncline's own write, which a source that
   * is also polled then leaves to the poller's whole row of the same record version.
   */
  partial: z.boolean().optional(),
  /**
   * A person's decision on an identity review, replayed with the change: `entity:<id>` (it is that entity),
   * `record:<system:Object:id>` (it is that target record), or `new` (a new person).
   */
  resolution: z.string().regex(/^(new|entity:.+|record:.+)$/).optional(),
  /**
   * A data vendor's answer to the daily batch's lookup of one entity (`sourceId` is the entity's id, `source` the
   * vendor, `objectType` the canonical object): `matched` with the vendor's fields, or `no-match` with none. The
   * processor merges it by the fields' own rules and records when the entity was looked up.
   */
  lookup: z.enum(['matched', 'no-match']).optional(),
});
export type ChangeEvent = z.infer<typeof ChangeEvent>;

/**
 * The idempotency key of an event: the same change delivered again has the same key. A `partial` change (an Outbound
 * Message) has a key of its own beside the whole row of the same record version (the poller's, with the same event
 * id): Salesforce stamps whole seconds, so a second edit within the second the notification was read in shares its
 * version, and only the poller's row, read once that second is over, is sure to hold it. That row is then processed
 * too, as the echo it usually is (no vendor call), instead of being taken for the notification's duplicate.
 */
export function idempotencyKey(event: Pick<ChangeEvent, 'source' | 'eventId' | 'partial'>): string {
  return event.partial ? `${event.source}:${event.eventId}~partial` : `${event.source}:${event.eventId}`;
}

/** `system:object:id`, the one spelling of a record's identity across stores and logs. */
export function recordKey(system: string, objectType: string, id: string): string {
  return `${system}:${objectType}:${id}`;
}
