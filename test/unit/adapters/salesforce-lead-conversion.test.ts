import fc from 'fast-check';
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { changeEventsOf, conversionsSoql, salesforceChangeFeed } from '#adapters/vendors/salesforce/change-feed';
import { ChangeEvent } from '#domain/change-event';

const LEAD = '00QDn0000000001AAA';
const CONTACT = '003Dn0000000001AAA';
const STAMP = '2026-11-23T10:00:05.000+0000';
const STAMP_MS = Date.parse('2026-11-23T10:00:05.000Z');
const FIELDS = ['Email', 'LastName'];

const lead = (fields: Record<string, unknown> = {}) => ({ Id: LEAD, SystemModstamp: STAMP, IsDeleted: false, Email: 'ada@example.com', LastName: 'Lovelace', IsConverted: false, ConvertedContactId: null, ...fields });
const contact = (id = CONTACT, fields: Record<string, unknown> = {}) => ({ Id: id, SystemModstamp: STAMP, IsDeleted: false, Email: 'ada@example.com', LastName: 'Lovelace', ...fields });
const converted = (leadId = LEAD, contactId = CONTACT) => ({ Id: leadId, ConvertedContactId: contactId, SystemModstamp: STAMP });

describe('the Salesforce change feed and lead conversion', () => {
  it('reports a converted Lead as a convert event about its Contact, not as an upsert of the Lead', () => {
    const events = changeEventsOf('Lead', FIELDS, [lead({ IsConverted: true, ConvertedContactId: CONTACT })]);

    expect(events).toEqual([
      { source: 'salesforce', objectType: 'Contact', sourceId: CONTACT, eventId: `${LEAD}-converted`, occurredAt: new Date(STAMP_MS).toISOString(), kind: 'convert', fields: { convertedFrom: `Lead:${LEAD}` } },
    ]);
    expect(ChangeEvent.safeParse(events[0]).success).toBe(true);
  });

  it('reports a converted Lead that was deleted afterwards as its conversion, never as a delete of the person', () => {
    const events = changeEventsOf('Lead', FIELDS, [lead({ IsConverted: true, ConvertedContactId: CONTACT, IsDeleted: true })]);

    expect(events.map((e) => [e.kind, e.objectType, e.sourceId])).toEqual([['convert', 'Contact', CONTACT]]);
  });

  it('reports nothing for a converted Lead without a Contact, and Leads not converted as before, with the mapped fields only', () => {
    const events = changeEventsOf('Lead', FIELDS, [lead({ IsConverted: true }), lead({ Id: '00QDn0000000002AAA' })]);

    expect(events).toEqual([expect.objectContaining({ objectType: 'Lead', sourceId: '00QDn0000000002AAA', kind: 'upsert', fields: { Email: 'ada@example.com', LastName: 'Lovelace' } })]);
  });

  it('puts the conversion right before the Contact it created, in the Contact message group, once per converted Lead', () => {
    const other = '003Dn0000000002AAA';
    const second = '00QDn0000000003AAA';

    const events = changeEventsOf('Contact', FIELDS, [contact(other), contact()], [converted(LEAD), converted(second), converted('00QDn0000000004AAA', '003Dn0000000009AAA')]);

    expect(events.map((e) => `${e.kind}:${e.objectType}:${e.sourceId}:${String(e.fields['convertedFrom'] ?? '')}`)).toEqual([
      `upsert:Contact:${other}:`,
      `convert:Contact:${CONTACT}:Lead:${LEAD}`,
      `convert:Contact:${CONTACT}:Lead:${second}`,
      `upsert:Contact:${CONTACT}:`,
    ]);
  });

  it("reports one conversion identically from the Lead's poll and the Contact's, so the second is a duplicate", () => {
    const fromLead = changeEventsOf('Lead', FIELDS, [lead({ IsConverted: true, ConvertedContactId: CONTACT })])[0];
    const fromContact = changeEventsOf('Contact', FIELDS, [contact()], [converted()])[0];

    expect(fromContact).toEqual(fromLead);
  });

  it('for any page, each Contact event comes after every conversion into it and each record yields one event of its own', () => {
    const ids = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(ids, fc.array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 100, max: 999 })), { maxLength: 10 }), (contactNumbers, into) => {
        const contactIds = contactNumbers.map((n) => `003Dn00000000${String(n).padStart(2, '0')}AAA`);
        const conversions = into.map(([i, n]) => converted(`00QDn0000000${n}AAA`, contactIds[i % contactIds.length]));

        const events = changeEventsOf('Contact', FIELDS, contactIds.map((id) => contact(id)), conversions);

        expect(events.filter((e) => e.kind === 'upsert').map((e) => e.sourceId)).toEqual(contactIds);
        for (const c of conversions) {
          const convertAt = events.findIndex((e) => e.kind === 'convert' && e.fields['convertedFrom'] === `Lead:${c.Id}` && e.sourceId === c.ConvertedContactId);
          const upsertAt = events.findIndex((e) => e.kind === 'upsert' && e.sourceId === c.ConvertedContactId);
          expect(convertAt).toBeGreaterThanOrEqual(0);
          expect(convertAt).toBeLessThan(upsertAt);
        }
      }),
    );
  });

  it('asks for the conversions stamped within a span, one query whatever the page holds', () => {
    expect(conversionsSoql(STAMP_MS, STAMP_MS + 3000)).toBe('SELECT Id, ConvertedContactId, SystemModstamp FROM Lead WHERE IsConverted = true AND SystemModstamp >= 2026-11-23T10:00:05Z AND SystemModstamp <= 2026-11-23T10:00:08Z');
  });
});

describe('salesforceChangeFeed polling around a conversion', () => {
  /** A connection that answers each SOQL by the object it reads, and records the queries. */
  function connectionAnswering(answers: Record<string, Record<string, unknown>[]>) {
    const queries: string[] = [];
    const connection = {
      query: async (soql: string) => {
        queries.push(soql);
        const object = /FROM (\w+)/.exec(soql)?.[1] ?? '';
        return { records: answers[object] ?? [] };
      },
    } as unknown as Connection;
    return { connection, queries };
  }
  const clock = { nowMs: () => STAMP_MS };

  it('reads the conversion fields of Leads, and moves the cursor past a converted Lead that yields no event', async () => {
    const { connection, queries } = connectionAnswering({ Lead: [lead({ IsConverted: true })] });

    const page = await salesforceChangeFeed(connection, { clock }).poll('Lead', FIELDS, `2026-11-23T10:00:00.000Z|`, 200);

    expect(queries[0]).toMatch(/^SELECT Id, SystemModstamp, IsDeleted, Email, LastName, IsConverted, ConvertedContactId FROM Lead WHERE/);
    expect(page).toEqual({ events: [], cursor: `2026-11-23T10:00:05.000Z|${LEAD}`, more: false });
  });

  it("looks up conversions once per Contact page, from its start to where the poll reads, and keeps those into its live Contacts", async () => {
    const deleted = '003Dn0000000002AAA';
    const elsewhere = '003Dn0000000003AAA';
    const { connection, queries } = connectionAnswering({ Contact: [contact(), contact(deleted, { IsDeleted: true })], Lead: [converted(), converted('00QDn0000000777AAA', deleted), converted('00QDn0000000778AAA', elsewhere)] });

    const page = await salesforceChangeFeed(connection, { clock }).poll('Contact', FIELDS, `2026-11-23T10:00:01.000Z|`, 200);

    expect(queries).toHaveLength(2);
    expect(queries[1]).toBe('SELECT Id, ConvertedContactId, SystemModstamp FROM Lead WHERE IsConverted = true AND SystemModstamp >= 2026-11-23T10:00:01Z AND SystemModstamp <= 2026-11-23T10:00:03Z');
    expect(page.events.map((e) => `${e.kind}:${e.sourceId}`)).toEqual([`convert:${CONTACT}`, `upsert:${CONTACT}`, `delete:${deleted}`]);
  });

  it('makes no lookup for an empty Contact page or for other objects', async () => {
    const { connection, queries } = connectionAnswering({ Account: [{ Id: '001Dn0000000001AAA', SystemModstamp: STAMP, IsDeleted: false }] });
    const feed = salesforceChangeFeed(connection, { clock });

    await feed.poll('Contact', FIELDS, undefined, 200);
    await feed.poll('Account', ['Name'], undefined, 200);

    expect(queries.map((q) => /FROM (\w+)/.exec(q)?.[1])).toEqual(['Contact', 'Account']);
  });
});
