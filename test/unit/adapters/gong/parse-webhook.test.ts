import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangeEvent } from '#domain/change-event';
import { parseGongWebhook } from '#adapters/vendors/gong/parse-webhook';
import { salesforceId } from '#adapters/vendors/gong/salesforce-id';

const CALL = '5599332235511222779';
const OPP = '006Dn000000000ZIAQ';
const ACC = '001Dn0000000001IAA';
const CON = '003Dn000000000BIAQ';
const STARTED = '2019-10-18T14:03:37.041977-07:00';
const STARTED_ISO = '2019-10-18T21:03:37.041Z';

function body(callData: Record<string, unknown> = {}, isTest = false): string {
  return JSON.stringify({
    callData: {
      metaData: { id: CALL, url: `https://app.gong.io/call?id=${CALL}`, title: 'Ron/Speedman', scheduled: '2019-10-18T14:00:00-07:00', started: STARTED, duration: 2159, primaryUserId: '77', direction: 'Conference', system: 'Zoom', scope: 'External', media: 'Video', language: 'eng' },
      context: [{ system: 'Salesforce', objects: [{ objectType: 'Opportunity', objectId: OPP, fields: [{ name: 'StageName', value: 'Open Renewal' }] }, { objectType: 'Account', objectId: ACC, fields: [] }] }],
      parties: [
        { id: '1', emailAddress: 'sam@us.example', name: 'Sam', affiliation: 'Internal', context: [{ system: 'Salesforce', objects: [{ objectType: 'Contact', objectId: '003Dn000000000CIAQ' }] }] },
        { id: '2', emailAddress: 'ann@them.example', name: 'Ann', affiliation: 'External', context: [{ system: 'Salesforce', objects: [{ objectType: 'Contact', objectId: CON }] }] },
        { id: '3', emailAddress: 'bo@them.example', name: 'Bo', affiliation: 'External' },
      ],
      content: { trackers: [{ name: 'Competitor: Globex', count: 2 }, { name: 'Competitors', count: 0 }, { name: 'Initech', type: 'COMPETITOR', count: 1 }, { name: 'Pricing', count: 4 }], topics: [] },
      interaction: { interactionStats: [{ name: 'Talk Ratio', value: 0.62 }, { name: 'Patience', value: 1.2 }] },
      ...callData,
    },
    isTest,
  });
}

describe('parseGongWebhook', () => {
  it('emits the call, its opportunity and its external contact as snapshot upserts', () => {
    const outcome = parseGongWebhook(body());
    expect(outcome).toEqual({
      ok: true,
      skipped: [],
      events: [
        {
          source: 'gong', objectType: 'call', sourceId: CALL, eventId: `${CALL}:call`, occurredAt: STARTED_ISO, kind: 'upsert', snapshot: true,
          fields: { title: 'Ron/Speedman', started: STARTED_ISO, duration: 2159, kind: 'meeting', url: `https://app.gong.io/call?id=${CALL}`, contactId: CON, opportunityId: OPP, accountId: ACC },
        },
        {
          source: 'gong', objectType: 'opportunity', sourceId: OPP, eventId: `${CALL}:opportunity:${OPP}`, occurredAt: STARTED_ISO, kind: 'upsert', snapshot: true,
          fields: { started: STARTED_ISO, title: 'Ron/Speedman', url: `https://app.gong.io/call?id=${CALL}`, talkRatio: 0.62, competitorMentioned: 'Globex, Initech' },
        },
        {
          source: 'gong', objectType: 'contact', sourceId: CON, eventId: `${CALL}:contact:${CON}`, occurredAt: STARTED_ISO, kind: 'upsert', snapshot: true,
          fields: { started: STARTED_ISO, url: `https://app.gong.io/call?id=${CALL}` },
        },
      ],
    });
    if (outcome.ok) for (const e of outcome.events) expect(ChangeEvent.safeParse(e).success).toBe(true);
  });

  it('gives an audio call without CRM context kind "call", null links, null talk ratio and no competitors', () => {
    const outcome = parseGongWebhook(body({ metaData: { id: CALL, url: 'u', title: null, started: '2024-03-05T09:30:00Z', duration: 60, media: 'Audio' }, context: [], parties: [], content: {}, interaction: {} }));
    expect(outcome).toEqual({
      ok: true,
      skipped: [],
      events: [expect.objectContaining({ objectType: 'call', fields: { title: null, started: '2024-03-05T09:30:00.000Z', duration: 60, kind: 'call', url: 'u', contactId: null, opportunityId: null, accountId: null } })],
    });
  });

  it('normalizes 15-character ids to 18 and skips ids that are not Salesforce ids of the right object, with reasons', () => {
    const outcome = parseGongWebhook(
      body({
        context: [{ system: 'Salesforce', objects: [{ objectType: 'Opportunity', objectId: '006Dn000000000Z' }, { objectType: 'Opportunity', objectId: 'opp-42' }, { objectType: 'Opportunity', objectId: '006Dn000000000ZAAA' }, { objectType: 'Account', objectId: '003Dn000000000BIAQ' }] }, { system: 'HubSpot', objects: [{ objectType: 'Opportunity', objectId: '123' }] }],
      }),
    );
    expect(outcome.ok && outcome.events.filter((e) => e.objectType === 'opportunity').map((e) => e.sourceId)).toEqual([OPP]);
    expect(outcome.ok && outcome.events[0]?.fields['accountId']).toBeNull();
    expect(outcome.ok && outcome.skipped.map((s) => s.reason)).toEqual([
      "context Opportunity id 'opp-42' is not a Salesforce Opportunity id",
      "context Opportunity id '006Dn000000000ZAAA' is not a Salesforce Opportunity id",
      "context Account id '003Dn000000000BIAQ' is not a Salesforce Account id",
    ]);
  });

  it('scales a talk ratio given as a percentage and drops one out of range', () => {
    const ratio = (value: number) => {
      const o = parseGongWebhook(body({ interaction: { interactionStats: [{ name: 'Talk Ratio', value }] } }));
      return o.ok ? o.events[1]?.fields['talkRatio'] : 'rejected';
    };
    expect([ratio(0), ratio(1), ratio(45), ratio(250)]).toEqual([0, 1, 0.45, null]);
  });

  it('skips a test delivery with reason "test delivery"', () => {
    expect(parseGongWebhook(body({}, true))).toEqual({ ok: true, events: [], skipped: [{ index: 0, reason: 'test delivery' }] });
  });

  it('rejects non-JSON, arrays (batches) and bodies that are not a Gong call, naming the field', () => {
    expect(parseGongWebhook('nope')).toMatchObject({ ok: false, reason: 'malformed-body', message: 'The body is not valid JSON.' });
    expect(parseGongWebhook(`[${body()}]`)).toMatchObject({ ok: false, reason: 'malformed-body', message: expect.stringContaining('one {"callData"') });
    expect(parseGongWebhook('{"isTest":false}')).toMatchObject({ ok: false, message: expect.stringContaining('at callData') });
    expect(parseGongWebhook(body({ metaData: { id: 'abc', url: 'u', started: STARTED, duration: 1 } }))).toMatchObject({ ok: false, message: expect.stringContaining('callData.metaData.id') });
    expect(parseGongWebhook(body({ metaData: { id: CALL, url: 'u', started: 'yesterday', duration: 1 } }))).toMatchObject({ ok: false, message: expect.stringContaining('callData.metaData.started') });
  });

  it('never throws, whatever the body', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (raw) => void parseGongWebhook(raw)));
  });
});

describe('salesforceId', () => {
  it('accepts every 15-character id of the prefix and its own 18-character form, and no other suffix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9]{12}$/), fc.stringMatching(/^[A-Z0-5]{3}$/), (tail, suffix) => {
        const id18 = salesforceId(`006${tail}`, '006') as string;
        expect(id18).toHaveLength(18);
        expect(salesforceId(id18, '006')).toBe(id18);
        expect(salesforceId(id18, '003')).toBeUndefined();
        if (suffix !== id18.slice(15)) expect(salesforceId(`006${tail}${suffix}`, '006')).toBeUndefined();
      }),
    );
  });
});
