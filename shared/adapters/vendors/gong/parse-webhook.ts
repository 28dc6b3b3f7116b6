import { z } from 'zod';
import type { ChangeEvent, FieldValues } from '#domain/change-event';
import type { ParseOutcome, SkippedEvent } from '#ports/webhook-source';
import { salesforceId } from './salesforce-id.ts';
import { describeIssue, readJsonBody } from '../webhook-body.ts';

/** Gong's payload (help.gong.io "Payload sent to webhooks"; the call structure is the /v2/calls API's). Unknown keys are ignored. */
const CrmObject = z.object({ objectType: z.string(), objectId: z.string(), fields: z.array(z.object({ name: z.string() }).loose()).optional() });
const CrmContext = z.object({ system: z.string(), objects: z.array(CrmObject).optional() });
const Party = z.object({ id: z.string().optional(), emailAddress: z.string().nullable().optional(), name: z.string().nullable().optional(), affiliation: z.string().optional(), context: z.array(CrmContext).optional() });
const Tracker = z.object({ name: z.string(), count: z.number().nonnegative().optional(), type: z.string().optional() });
/** One call in the structure of Gong's `/v2/calls` API, which the webhook's `callData` repeats. */
export const GongCallData = z.object({
    metaData: z.object({
      id: z.string().regex(/^\d{1,30}$/, 'expected Gong\'s numeric call id'),
      url: z.string().min(1),
      title: z.string().nullable().optional(),
      started: z.iso.datetime({ offset: true }),
      duration: z.number().nonnegative(),
      media: z.string().optional(),
    }),
    context: z.array(CrmContext).optional(),
    parties: z.array(Party).optional(),
    content: z.object({ trackers: z.array(Tracker).optional() }).optional(),
    interaction: z.object({ interactionStats: z.array(z.object({ name: z.string(), value: z.number().nullable().optional() })).optional() }).optional(),
});
const GongPayload = z.object({ callData: GongCallData, isTest: z.boolean().optional() });
type CallData = z.infer<typeof GongCallData>;
type CrmContext = z.infer<typeof CrmContext>;

const KEY_PREFIX = { Opportunity: '006', Contact: '003', Account: '001' } as const;
type SfObject = keyof typeof KEY_PREFIX;

/** Salesforce objects of one type in a context list, validated; invalid ids are reported, never passed on. */
function salesforceObjects(contexts: readonly CrmContext[] | undefined, type: SfObject, where: string, skipped: SkippedEvent[]): string[] {
  const ids: string[] = [];
  for (const ctx of contexts ?? []) {
    if (ctx.system.toLowerCase() !== 'salesforce') continue;
    for (const o of ctx.objects ?? []) {
      if (o.objectType !== type) continue;
      const id = salesforceId(o.objectId, KEY_PREFIX[type]);
      if (id === undefined) skipped.push({ index: 0, reason: `${where} ${type} id '${o.objectId.slice(0, 40)}' is not a Salesforce ${type} id` });
      else if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/** "Talk Ratio" from interactionStats, as 0..1. Gong's API reports a fraction; a percentage (1 < v ≤ 100) is scaled [?]. */
function talkRatio(call: CallData): number | null {
  const value = call.interaction?.interactionStats?.find((s) => s.name.toLowerCase() === 'talk ratio')?.value;
  if (typeof value !== 'number' || value < 0) return null;
  if (value <= 1) return value;
  return value <= 100 ? value / 100 : null;
}

/**
 * Trackers that mark a competitor (name or type containing "competitor") and fired at least once, comma-joined.
 * A "Competitor: Acme" naming convention gives "Acme"; a tracker named just "Competitors" keeps its name.
 */
function competitorsMentioned(call: CallData): string | null {
  const names = (call.content?.trackers ?? [])
    .filter((t) => (t.count ?? 0) > 0 && (/competitor/i.test(t.name) || /competitor/i.test(t.type ?? '')))
    .map((t) => t.name.replace(/^competitors?\s*[:\-–]\s*/i, '').trim() || t.name);
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}

/** The Salesforce records a call names: Opportunities and Accounts in its context, Contacts among its External parties. */
function salesforceRecordsOf(call: CallData, skipped: SkippedEvent[]): { opportunities: string[]; accounts: string[]; contacts: string[] } {
  const external = (call.parties ?? []).filter((p) => p.affiliation === 'External');
  return {
    opportunities: salesforceObjects(call.context, 'Opportunity', 'context', skipped),
    accounts: salesforceObjects(call.context, 'Account', 'context', skipped),
    contacts: [...new Set(external.flatMap((p) => salesforceObjects(p.context, 'Contact', `party ${p.id ?? '?'}`, skipped)))],
  };
}

/** A call as an activity: title, start, duration, kind, and the Salesforce Contact, Opportunity and Account it names. */
export function callValues(call: CallData, skipped: SkippedEvent[] = []): FieldValues {
  const meta = call.metaData;
  const { opportunities, accounts, contacts } = salesforceRecordsOf(call, skipped);
  return {
    title: meta.title ?? null,
    started: new Date(meta.started).toISOString(),
    duration: meta.duration,
    kind: meta.media?.toLowerCase() === 'video' ? 'meeting' : 'call',
    url: meta.url,
    contactId: contacts[0] ?? null,
    opportunityId: opportunities[0] ?? null,
    accountId: accounts[0] ?? null,
  };
}

function toEvents(call: CallData, skipped: SkippedEvent[]): ChangeEvent[] {
  const meta = call.metaData;
  const started = new Date(meta.started).toISOString();
  const { opportunities, contacts } = salesforceRecordsOf(call, []);
  const event = (objectType: string, sourceId: string, eventId: string, fields: FieldValues): ChangeEvent => ({
    source: 'gong',
    objectType,
    sourceId,
    eventId,
    occurredAt: started,
    kind: 'upsert',
    fields,
    snapshot: true,
  });
  const opportunityFields: FieldValues = { started, title: meta.title ?? null, url: meta.url, talkRatio: talkRatio(call), competitorMentioned: competitorsMentioned(call) };
  return [
    event('call', meta.id, `${meta.id}:call`, callValues(call, skipped)),
    ...opportunities.map((id) => event('opportunity', id, `${meta.id}:opportunity:${id}`, opportunityFields)),
    ...contacts.map((id) => event('contact', id, `${meta.id}:contact:${id}`, { started, url: meta.url })),
  ];
}

/**
 * Turns a Gong webhook body (one call per request, no event type) into snapshot events: the call itself, each
 * Salesforce Opportunity in its CRM context, and each Salesforce Contact among its External parties.
 * A test delivery (`isTest`, "Test now" in the rule UI) is acknowledged and skipped: it replays a real call that the
 * rule will send for real, and a test must not write to the CRM.
 */
export function parseGongWebhook(rawBody: string): ParseOutcome {
  const body = readJsonBody(rawBody);
  if (!body.ok) return body;
  const json = body.json;
  if (Array.isArray(json)) return { ok: false, reason: 'malformed-body', message: 'The body is a JSON array; Gong sends one {"callData":…,"isTest":…} object per request.' };
  const parsed = GongPayload.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed-body', message: `The body is not a Gong call webhook: ${describeIssue(parsed.error)}.` };
  if (parsed.data.isTest === true) return { ok: true, events: [], skipped: [{ index: 0, reason: 'test delivery' }] };
  const skipped: SkippedEvent[] = [];
  const events = toEvents(parsed.data.callData, skipped);
  return { ok: true, events, skipped };
}
