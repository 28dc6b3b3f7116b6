import { z } from 'zod';
import type { ChangeEvent, FieldValue, FieldValues } from '#domain/change-event';
import type { ParseOutcome } from '#ports/webhook-source';
import { describeIssue, readJsonBody } from '../webhook-body.ts';

const Id = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String);
const Identifier = z.object({ type: z.string(), id: Id });

/** One Outreach delivery: a JSON:API resource object plus `meta` (vendor-apis §4). Unknown keys are ignored. */
const Delivery = z.object({
  data: z.object({
    type: z.string().min(1),
    id: Id,
    attributes: z.record(z.string(), z.unknown()).default({}),
    relationships: z.record(z.string(), z.object({ data: z.union([Identifier, z.null(), z.array(Identifier)]).optional() }).passthrough()).default({}),
  }),
  meta: z.object({
    eventName: z.string().regex(/^[A-Za-z]+\.[A-Za-z_]+$/, 'expected "<resource>.<action>"'),
    deliveredAt: z.string().optional(),
    /** [T] (Pipedream's Outreach source); used when present. */
    jobId: z.string().min(1).max(100).optional(),
  }),
});
type Delivery = z.infer<typeof Delivery>;

type Mapping = { objectType: string; kind: ChangeEvent['kind']; sourceId: (d: Delivery) => string | undefined } | { skip: string };

const self = (d: Delivery): string => d.data.id;
const relatedProspect = (d: Delivery): string | undefined => {
  const data = d.data.relationships['prospect']?.data;
  return data && !Array.isArray(data) ? data.id : undefined;
};

/**
 * Which deliveries become which changes. A sequenceState change is a change of its prospect's status (read back
 * through the prospect). Of the mailing events only `mailing.delivered` means an e-mail went out: `created` may be a
 * draft or a scheduled mail, and opens, replies and bounces concern a mail already delivered (or never delivered).
 * Deleted calls and mailings are left alone: the activity logged in other systems stays history.
 */
function mappingOf(resource: string, action: string): Mapping {
  if (resource === 'prospect') {
    if (action === 'created' || action === 'updated') return { objectType: 'prospect', kind: 'upsert', sourceId: self };
    if (action === 'destroyed') return { objectType: 'prospect', kind: 'delete', sourceId: self };
    return { skip: `prospect.${action} is not a change Syncline reads` };
  }
  if (resource === 'sequenceState') return { objectType: 'prospect', kind: 'upsert', sourceId: relatedProspect };
  if (resource === 'mailing') {
    return action === 'delivered' ? { objectType: 'mailing', kind: 'upsert', sourceId: self } : { skip: `mailing.${action} does not mean an e-mail went out; Syncline waits for mailing.delivered` };
  }
  if (resource === 'call') {
    return action === 'created' || action === 'updated' ? { objectType: 'call', kind: 'upsert', sourceId: self } : { skip: `call.${action} is not a change Syncline reads` };
  }
  return { skip: `Syncline does not read Outreach ${resource} events` };
}

function toFieldValue(value: unknown): FieldValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return undefined;
}

/**
 * What the delivery carried, flattened: scalar attributes as they are, arrays of scalars joined with commas,
 * nested objects as `a.b` keys, to-one relationships as `<name>Id`; the first of `emails` also as `email`.
 * Created and updated deliveries carry only changed attributes, so this is never a snapshot.
 */
export function flattenDelivery(data: Delivery['data']): FieldValues {
  const fields: FieldValues = {};
  const put = (key: string, value: unknown, depth: number): void => {
    const scalar = toFieldValue(value);
    if (scalar !== undefined) fields[key] = scalar;
    else if (Array.isArray(value)) fields[key] = value.map(toFieldValue).filter((v) => v !== undefined && v !== null).join(',');
    else if (typeof value === 'object' && value !== null && depth < 3) for (const [k, v] of Object.entries(value)) put(`${key}.${k}`, v, depth + 1);
  };
  for (const [name, value] of Object.entries(data.attributes)) put(name, value, 0);
  const emails = data.attributes['emails'];
  if (Array.isArray(emails)) fields['email'] = typeof emails[0] === 'string' ? emails[0] : null;
  for (const [name, rel] of Object.entries(data.relationships)) {
    if (rel.data === null) fields[`${name}Id`] = null;
    else if (rel.data && !Array.isArray(rel.data)) fields[`${name}Id`] = rel.data.id;
  }
  return fields;
}

/** A valid ISO instant from `meta.deliveredAt`, else from `attributes.updatedAt` (years 0000–9999 only). */
function occurredAtOf(d: Delivery): string | undefined {
  for (const candidate of [d.meta.deliveredAt, d.data.attributes['updatedAt']]) {
    const ms = typeof candidate === 'string' ? Date.parse(candidate) : NaN;
    const iso = Number.isFinite(ms) ? new Date(ms).toISOString() : '';
    if (/^\d{4}-/.test(iso)) return iso;
  }
  return undefined;
}

/**
 * The event id: `meta.jobId` when Outreach sends it (one per delivery job, kept across its retries [T]). Without it,
 * `<eventName>:<id>:<deliveredAt>` names the delivery: two changes of one record are delivered at different instants,
 * and a replay of the same bytes keeps all three. A retry that restamps `deliveredAt` would get a new id and be
 * processed again, which costs one extra read and write but changes nothing.
 */
function eventIdOf(d: Delivery): string {
  return d.meta.jobId ?? `${d.meta.eventName}:${d.data.id}:${d.meta.deliveredAt ?? String(d.data.attributes['updatedAt'] ?? '')}`.slice(0, 100);
}

/**
 * Turns one Outreach webhook delivery (one event per request) into change events. An event Syncline does not read is
 * skipped with its reason (the delivery is still accepted: Outreach does not retry a refusal anyway).
 */
export function parseOutreachWebhook(rawBody: string): ParseOutcome {
  const body = readJsonBody(rawBody);
  if (!body.ok) return body;
  const json = body.json;
  const parsed = Delivery.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed-body', message: `The body is not an Outreach webhook delivery: ${describeIssue(parsed.error)}.` };
  const d = parsed.data;
  const [resource = '', action = ''] = d.meta.eventName.split('.');
  const mapping = mappingOf(resource, action);
  if ('skip' in mapping) return { ok: true, events: [], skipped: [{ index: 0, reason: mapping.skip }] };
  const sourceId = mapping.sourceId(d);
  if (!sourceId) return { ok: true, events: [], skipped: [{ index: 0, reason: `${d.meta.eventName} names no related prospect` }] };
  const occurredAt = occurredAtOf(d);
  if (!occurredAt) return { ok: true, events: [], skipped: [{ index: 0, reason: `${d.meta.eventName} carries neither meta.deliveredAt nor attributes.updatedAt` }] };
  const event: ChangeEvent = { source: 'outreach', objectType: mapping.objectType, sourceId, eventId: eventIdOf(d), occurredAt, kind: mapping.kind, fields: flattenDelivery(d.data) };
  return { ok: true, events: [event], skipped: [] };
}
