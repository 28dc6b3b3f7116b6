import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeEventsOf } from '#adapters/vendors/salesforce/change-feed';
import { acknowledgeOutboundMessage } from '#adapters/vendors/salesforce/outbound-message/acknowledge';
import { parseSalesforceOutboundMessage } from '#adapters/vendors/salesforce/outbound-message/parse';
import { renderEnvelope, renderSObject } from '#local/sandboxes/salesforce/outbound-envelope';
import { objectDef } from '#local/sandboxes/salesforce/schema';
import type { SfRecord } from '#local/sandboxes/salesforce/store';
import { contactFields, envelope, notificationId } from './fixtures.ts';

const CONTACT_ID = '0035e00000AbCdEAAV';

describe('parseSalesforceOutboundMessage', () => {
  it('turns each notification into an upsert keyed by its record version, carrying the sent fields (not a snapshot: nulls are left out)', () => {
    const body = envelope([
      { id: notificationId(1), fields: contactFields(CONTACT_ID, '<sf:FirstName>Ada</sf:FirstName><sf:HasOptedOutOfEmail>false</sf:HasOptedOutOfEmail>') },
      { id: notificationId(2), type: 'Account', fields: '<sf:Id>0015e00000AbCdEAAV</sf:Id><sf:Name>Acme</sf:Name><sf:LastModifiedDate>2024-05-01T10:00:00.000Z</sf:LastModifiedDate>' },
    ]);
    const outcome = parseSalesforceOutboundMessage(body);
    expect(outcome).toEqual({
      ok: true,
      skipped: [],
      events: [
        {
          source: 'salesforce',
          objectType: 'Contact',
          sourceId: CONTACT_ID,
          eventId: `${CONTACT_ID}-${Date.parse('2024-05-01T09:30:00.000Z')}`,
          occurredAt: '2024-05-01T09:30:00.000Z',
          kind: 'upsert',
          fields: { Email: 'ada@example.com', SystemModstamp: '2024-05-01T09:30:00.000Z', FirstName: 'Ada', HasOptedOutOfEmail: false },
          partial: true,
        },
        // No SystemModstamp: the notification id stays the event id.
        expect.objectContaining({ objectType: 'Account', sourceId: '0015e00000AbCdEAAV', eventId: notificationId(2), occurredAt: '2024-05-01T10:00:00.000Z', fields: { Name: 'Acme', LastModifiedDate: '2024-05-01T10:00:00.000Z' }, partial: true }),
      ],
    });
  });

  it('unescapes values and reads xsi:nil as null, whatever the prefixes', () => {
    const body = envelope([{ id: notificationId(1), fields: contactFields(CONTACT_ID, '<sf:Title>R&amp;D &lt;lead&gt; &quot;x&quot; &#233;&#x1F600;</sf:Title><sf:Phone xsi:nil="true"/>') }])
      .replaceAll('soapenv:', 'S:')
      .replace('xmlns:soapenv=', 'xmlns:S=');
    const outcome = parseSalesforceOutboundMessage(body);
    expect(outcome.ok && outcome.events[0]?.fields).toMatchObject({ Title: 'R&D <lead> "x" é😀', Phone: null });
  });

  it('skips a notification without SystemModstamp or LastModifiedDate and says what to add', () => {
    const body = envelope([
      { id: notificationId(1), fields: `<sf:Id>${CONTACT_ID}</sf:Id><sf:Email>a@b.example</sf:Email>` },
      { id: notificationId(2), fields: contactFields(CONTACT_ID) },
    ]);
    const outcome = parseSalesforceOutboundMessage(body);
    expect(outcome.ok && outcome.events.map((e) => e.sourceId)).toEqual([CONTACT_ID]);
    expect(outcome.ok && outcome.skipped).toEqual([{ index: 0, reason: expect.stringContaining('add SystemModstamp') }]);
  });

  it('skips notifications with no record id, no xsi:type, nested or repeated fields', () => {
    const body = envelope([
      { id: notificationId(1), fields: '<sf:Email>a@b.example</sf:Email><sf:SystemModstamp>2024-05-01T09:30:00.000Z</sf:SystemModstamp>' },
      { id: notificationId(2), fields: contactFields(CONTACT_ID, '<sf:Account><sf:Name>x</sf:Name></sf:Account>') },
      { id: notificationId(3), fields: contactFields(CONTACT_ID, '<sf:Email>b@b.example</sf:Email>') },
    ]);
    const outcome = parseSalesforceOutboundMessage(body);
    expect(outcome.ok && outcome.skipped.map((s) => s.reason)).toEqual([
      expect.stringContaining('no 15- or 18-character sf:Id'),
      expect.stringContaining('nested elements'),
      expect.stringContaining('Email appears more than once'),
    ]);
  });

  it('names a Salesforce retry of a notification, and another notification of the same record version, by one event id', () => {
    const first = envelope([{ id: notificationId(1), fields: contactFields(CONTACT_ID, '<sf:Title>CTO</sf:Title>') }]);
    const second = envelope([{ id: notificationId(7), fields: contactFields(CONTACT_ID, '<sf:Title>CTO</sf:Title>') }]);
    const later = envelope([{ id: notificationId(1), fields: `<sf:Id>${CONTACT_ID}</sf:Id><sf:SystemModstamp>2024-05-01T09:30:01.000Z</sf:SystemModstamp>` }]);

    const [retry, again, other, next] = [first, first, second, later].map((body) => {
      const outcome = parseSalesforceOutboundMessage(body);
      return outcome.ok ? outcome.events[0]?.eventId : undefined;
    });

    expect(retry).toBe(`${CONTACT_ID}-${Date.parse('2024-05-01T09:30:00.000Z')}`);
    expect([again, other]).toEqual([retry, retry]);
    expect(next).toBe(`${CONTACT_ID}-${Date.parse('2024-05-01T09:30:01.000Z')}`);
  });

  it('keeps the notification id when the SystemModstamp sent is not a datetime', () => {
    const body = envelope([{ id: notificationId(3), fields: `<sf:Id>${CONTACT_ID}</sf:Id><sf:SystemModstamp>yesterday</sf:SystemModstamp><sf:LastModifiedDate>2024-05-01T10:00:00.000Z</sf:LastModifiedDate>` }]);
    const outcome = parseSalesforceOutboundMessage(body);
    expect(outcome.ok && outcome.events[0]).toMatchObject({ eventId: notificationId(3), occurredAt: '2024-05-01T10:00:00.000Z' });
  });

  it('reads 100 notifications and rejects 101', () => {
    const make = (n: number) => envelope(Array.from({ length: n }, (_, i) => ({ id: notificationId(i), fields: contactFields(CONTACT_ID) })));
    const hundred = parseSalesforceOutboundMessage(make(100));
    expect(hundred.ok && hundred.events).toHaveLength(100);
    expect(parseSalesforceOutboundMessage(make(101))).toMatchObject({ ok: false, reason: 'malformed-body', message: expect.stringContaining('101') });
  });

  it.each([
    ['a DOCTYPE', `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>${envelope([]).replace(/^<\?xml[^>]*>/, '')}`, 'DOCTYPE'],
    ['an undeclared entity', envelope([{ id: notificationId(1), fields: contactFields(CONTACT_ID, '<sf:Title>&nbsp;</sf:Title>') }]), '&nbsp;'],
    ['a reference to a control character', envelope([{ id: notificationId(1), fields: contactFields(CONTACT_ID, '<sf:Title>&#1;</sf:Title>') }]), '&#1;'],
    ['broken XML', '<soapenv:Envelope><soapenv:Body>', 'not well-formed'],
    ['JSON', '{"notifications":[]}', 'not well-formed'],
    ['an empty body', '', 'empty'],
    ['another SOAP call', '<e:Envelope xmlns:e="x"><e:Body><convertLead/></e:Body></e:Envelope>', 'no single <notifications>'],
    ['no notification', envelope([]), 'holds no <Notification>'],
    ['a bad org id', envelope([{ id: notificationId(1), fields: contactFields(CONTACT_ID) }], '001000000000000'), 'OrganizationId'],
  ])('rejects %s as malformed-body', (_name, body, message) => {
    expect(parseSalesforceOutboundMessage(body)).toMatchObject({ ok: false, reason: 'malformed-body', message: expect.stringContaining(message) });
  });

  it('acknowledges with the SOAP Ack Salesforce waits for', () => {
    const ack = acknowledgeOutboundMessage(0);
    expect(ack).toMatchObject({ status: 200, contentType: 'text/xml; charset=utf-8' });
    expect(ack.body).toContain('<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>');
  });
});

describe('an Outbound Message and a poll of the same record version', () => {
  const contact = objectDef('Contact');
  if (!contact) throw new Error('Contact missing from the sandbox schema');
  const header = { organizationId: '00DDn0000000001AAA', actionId: '04kDn0000000001AAA', instanceUrl: 'http://127.0.0.1:1', apiVersion: '60.0' };

  it('get one event id for any SystemModstamp, written as REST (+0000) and as SOAP (Z) write it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(CONTACT_ID, '0035e00000AbCdE'), (ms, id) => {
        // Prepare: the record as the REST API returns it, and the notification Salesforce sends for it.
        const row = { Id: id, SystemModstamp: new Date(ms).toISOString().replace('Z', '+0000'), IsDeleted: false, Email: 'ada@example.com' };
        const body = renderEnvelope(header, [{ id: notificationId(1), sObjectXml: renderSObject(contact, row as SfRecord, ['Email', 'SystemModstamp']) }]);

        // Act
        const polled = changeEventsOf('Contact', ['Email'], [row])[0];
        const outcome = parseSalesforceOutboundMessage(body);

        // Assess
        expect(body).toContain(`<sf:SystemModstamp>${new Date(ms).toISOString()}</sf:SystemModstamp>`);
        expect(outcome.ok && outcome.events[0]?.eventId).toBe(polled?.eventId);
        expect(outcome.ok && outcome.events[0]?.occurredAt).toBe(polled?.occurredAt);
      }),
    );
  });
});

describe('the sandbox renderer and the parser agree', () => {
  const contact = objectDef('Contact');
  if (!contact) throw new Error('Contact missing from the sandbox schema');
  // Any text XML 1.0 can carry (lone surrogates and most C0 controls cannot be sent at all).
  const xmlChar = (cp: number): boolean => cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
  const xmlText = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => [...s].every((c) => xmlChar(c.codePointAt(0) ?? 0)));
  const header = { organizationId: '00DDn00000000001AAA'.slice(0, 18), actionId: '04kDn0000000001AAA', instanceUrl: 'http://127.0.0.1:1', apiVersion: '60.0' };

  it('round-trips any field values through renderSObject and parseSalesforceOutboundMessage', () => {
    fc.assert(
      fc.property(xmlText, xmlText, fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 4_102_444_800_000 }), (title, dept, deleted, score, ms) => {
        const modstamp = new Date(ms).toISOString().replace('Z', '+0000');
        const record: SfRecord = { Id: '003Dn0000000001AAA', Title: title, Department: dept, Syncline_Deleted__c: deleted, HubSpot_Lead_Score__c: score, SystemModstamp: modstamp, Phone: null };
        const fields = ['Title', 'Department', 'Syncline_Deleted__c', 'HubSpot_Lead_Score__c', 'SystemModstamp', 'Phone'];
        const body = renderEnvelope(header, [{ id: '04lDn0000000001AAA', sObjectXml: renderSObject(contact, record, fields) }]);
        const outcome = parseSalesforceOutboundMessage(body);
        if (!outcome.ok) throw new Error(outcome.message);
        const event = outcome.events[0];
        const asRead = (s: string) => (s === 'true' ? true : s === 'false' ? false : s);
        const expected: Record<string, unknown> = { Syncline_Deleted__c: deleted, SystemModstamp: new Date(ms).toISOString() };
        if (title !== '') expected['Title'] = asRead(title);
        if (dept !== '') expected['Department'] = asRead(dept);
        expect(event?.sourceId).toBe(record.Id);
        expect(event?.occurredAt).toBe(new Date(ms).toISOString());
        expect(event?.fields).toMatchObject(expected);
        expect(Number(event?.fields['HubSpot_Lead_Score__c'])).toBe(score === 0 ? 0 : score);
        expect(event?.fields).not.toHaveProperty('Phone');
      }),
    );
  });
});
