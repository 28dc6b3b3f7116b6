import { ChangeEvent, type FieldValue } from '#domain/change-event';
import type { ParseOutcome, SkippedEvent } from '#ports/webhook-source';
import { recordVersionEventId, salesforceDateTimeMs } from '../record-version.ts';
import { readOutboundEnvelope } from './envelope.ts';
import { localName, onlyChild, type XmlNode } from './xml-tree.ts';

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A field's value. Salesforce renders booleans as `true`/`false` and sends only non-null fields, so `xsi:nil` is
 * rare; everything else (numbers, dates, ids) stays the string Salesforce sent, for the mapping to convert. A text
 * field holding exactly "true" or "false" reads as a boolean too: the message carries no types to tell them apart.
 */
function fieldValue(node: XmlNode): FieldValue {
  if (node.nil) return null;
  if (node.text === 'true') return true;
  if (node.text === 'false') return false;
  return node.text;
}

function readFields(sObject: XmlNode): Read<Record<string, FieldValue>> {
  const fields: Record<string, FieldValue> = {};
  for (const child of sObject.children) {
    const name = localName(child.name);
    if (child.children.length > 0) return { ok: false, reason: `field ${name} holds nested elements; Outbound Messages carry flat fields only` };
    if (Object.hasOwn(fields, name)) return { ok: false, reason: `field ${name} appears more than once` };
    fields[name] = fieldValue(child);
  }
  return { ok: true, value: fields };
}

function objectTypeOf(sObject: XmlNode): string | undefined {
  const type = Object.entries(sObject.attributes).find(([key]) => localName(key) === 'type' && key.includes(':'))?.[1];
  const name = type === undefined ? undefined : localName(type);
  return name !== undefined && OBJECT_NAME.test(name) ? name : undefined;
}

/**
 * When the record changed. The message has no timestamp of its own, and the parse time is not the change time (a
 * retry may arrive hours later, out of order), so one of the record's own stamps must be among the message's fields.
 */
function occurredAtOf(fields: Record<string, FieldValue>): Read<string> {
  for (const name of ['SystemModstamp', 'LastModifiedDate']) {
    // SOAP xsd:dateTime as Salesforce renders it (2024-05-01T09:30:00.000Z); offsets are accepted too.
    const ms = salesforceDateTimeMs(fields[name]);
    if (ms !== undefined) return { ok: true, value: new Date(ms).toISOString() };
  }
  return { ok: false, reason: 'the notification has no SystemModstamp or LastModifiedDate: add SystemModstamp to the fields the Outbound Message sends' };
}

/**
 * The record version the notification reports, named as the poller names it ({@link recordVersionEventId}): the
 * same change seen by both is then processed once. Without a SystemModstamp the notification id stays the event id:
 * LastModifiedDate is not the poller's stamp (system writes move SystemModstamp alone), so it cannot show that a
 * polled change is this very version.
 */
function eventIdOf(notificationId: string, recordId: string, fields: Record<string, FieldValue>): string {
  const ms = salesforceDateTimeMs(fields['SystemModstamp']);
  return ms === undefined ? notificationId : recordVersionEventId(recordId, ms);
}

function toChangeEvent(notification: XmlNode): Read<ChangeEvent> {
  const id = onlyChild(notification, 'Id')?.text.trim() ?? '';
  if (!SALESFORCE_ID.test(id)) return { ok: false, reason: 'the notification has no single 15- or 18-character <Id>' };
  const sObject = onlyChild(notification, 'sObject');
  if (!sObject) return { ok: false, reason: `notification ${id} has no single <sObject>` };
  const objectType = objectTypeOf(sObject);
  if (!objectType) return { ok: false, reason: `notification ${id}: <sObject> needs an xsi:type like "sf:Contact"` };
  const fields = readFields(sObject);
  if (!fields.ok) return { ok: false, reason: `notification ${id}: ${fields.reason}` };
  const { Id: recordId, ...rest } = fields.value;
  if (typeof recordId !== 'string' || !SALESFORCE_ID.test(recordId)) return { ok: false, reason: `notification ${id}: the ${objectType} has no 15- or 18-character sf:Id` };
  const occurredAt = occurredAtOf(rest);
  if (!occurredAt.ok) return { ok: false, reason: `notification ${id}: ${occurredAt.reason}` };
  const event = ChangeEvent.safeParse({ source: 'salesforce', objectType, sourceId: recordId, eventId: eventIdOf(id, recordId, rest), occurredAt: occurredAt.value, kind: 'upsert', fields: rest, partial: true });
  return event.success ? { ok: true, value: event.data } : { ok: false, reason: `notification ${id}: ${event.error.issues[0]?.message ?? 'invalid'}` };
}

/**
 * Turns a Salesforce Outbound Message into change events, one per `<Notification>` (vendor-apis §1.10).
 * The event id is `<record id>-<SystemModstamp ms>`, the poller's id for the same record version, or the
 * notification `Id` when the message does not send SystemModstamp. Either way a retry dedupes at-least-once delivery:
 * Salesforce re-sends the same notification, with the same ids and the same field values. The event carries the
 * fields the message was set up to send, but not as a snapshot (`partial`): Salesforce leaves null fields out and
 * sends no field types, so a cleared field would look unsent and a text "true" a boolean. The processor reads the
 * record instead (one collections call per batch), which also gets values newer than a retry's; a notification that
 * only repeats what Syncline wrote it leaves to the poller, when Salesforce is polled too.
 * A notification that cannot be read is skipped with its reason while the rest go through; the message is still
 * acknowledged, because Salesforce would otherwise re-send the same unreadable notification for 24 hours.
 * An envelope that is not an Outbound Message at all, or holds more than 100 notifications, is `malformed-body`.
 */
export function parseSalesforceOutboundMessage(rawBody: string): ParseOutcome {
  const read = readOutboundEnvelope(rawBody);
  if (!read.ok) return { ok: false, reason: 'malformed-body', message: read.message };
  const events: ChangeEvent[] = [];
  const skipped: SkippedEvent[] = [];
  read.envelope.notifications.forEach((notification, index) => {
    const event = toChangeEvent(notification);
    if (event.ok) events.push(event.value);
    else skipped.push({ index, reason: event.reason });
  });
  return { ok: true, events, skipped };
}
