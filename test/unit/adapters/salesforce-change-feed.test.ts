import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { changeEventsOf, formatCursor, incrementalSoql, parseCursor, soqlDateTime } from '#adapters/vendors/salesforce/change-feed';
import { PermanentError } from '#domain/errors';

const AT = Date.parse('2026-11-23T10:00:05.000Z');

describe('the Salesforce change feed query', () => {
  it('reads after a timestamp, ordered by SystemModstamp then Id, with unquoted datetimes', () => {
    expect(incrementalSoql('Contact', ['Email', 'Title', 'Id'], { ms: AT, id: '' }, 200)).toBe(
      'SELECT Id, SystemModstamp, IsDeleted, Email, Title FROM Contact WHERE SystemModstamp > 2026-11-23T10:00:05Z ORDER BY SystemModstamp, Id LIMIT 200',
    );
  });

  it('resumes inside one timestamp after the last Id seen, in parentheses', () => {
    expect(incrementalSoql('Lead', ['Email'], { ms: AT + 250, id: '00QDn0000001AAA' }, 50)).toContain(
      "WHERE SystemModstamp > 2026-11-23T10:00:05.250Z OR (SystemModstamp = 2026-11-23T10:00:05.250Z AND Id > '00QDn0000001AAA') ORDER BY",
    );
  });

  it('writes whole-second datetimes in the documented form', () => {
    expect(soqlDateTime(AT)).toBe('2026-11-23T10:00:05Z');
  });

  it('reads back every cursor it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.stringMatching(/^[A-Za-z0-9]{18}$/), (ms, id) => {
        expect(parseCursor(formatCursor({ ms, id }))).toEqual({ ms, id });
      }),
    );
  });

  it.each(["2026-11-23T10:00:00.000Z|003' OR Name != '", 'yesterday|003Dn0000001AAA', '2026-11-23T10:00:00.000Z|a|b'])('rejects the cursor %s', (cursor) => {
    expect(() => parseCursor(cursor)).toThrow(PermanentError);
  });

  it('rejects an object or field name that is not an identifier', () => {
    expect(() => incrementalSoql('Contact', ['Email FROM Account--'], { ms: AT, id: '' }, 1)).toThrow(PermanentError);
  });

  it('hands a polled row over as the read of the fields it selected, and a Lead row as a change to read', () => {
    const row = { Id: '003Dn0000000001AAA', SystemModstamp: '2026-11-23T10:00:05.000+0000', IsDeleted: false, Email: 'ada@example.com', Title: null, HubSpot_Id__c: '101' };
    const [event] = changeEventsOf('Contact', ['Email', 'Title', 'HubSpot_Id__c'], [row]);
    expect(event).toMatchObject({ kind: 'upsert', polled: true, fields: { Email: 'ada@example.com', Title: null, HubSpot_Id__c: '101' }, occurredAt: '2026-11-23T10:00:05.000Z' });
    expect(event?.snapshot).toBeUndefined();

    // A Lead converted since its row was polled reads as gone; only a read can tell.
    const [lead] = changeEventsOf('Lead', ['Email'], [{ ...row, Id: '00QDn0000000001AAA', IsConverted: false }]);
    expect(lead?.polled).toBeUndefined();
  });

  it('reads only whole seconds that are over: rows stamped from the bound on wait for the next poll', () => {
    expect(incrementalSoql('Contact', ['Email'], { ms: AT, id: '003Dn0000000001AAA' }, 200, Date.parse('2026-11-23T10:00:07Z'))).toBe(
      "SELECT Id, SystemModstamp, IsDeleted, Email FROM Contact WHERE (SystemModstamp > 2026-11-23T10:00:05Z OR (SystemModstamp = 2026-11-23T10:00:05Z AND Id > '003Dn0000000001AAA')) AND SystemModstamp < 2026-11-23T10:00:07Z ORDER BY SystemModstamp, Id LIMIT 200",
    );
  });
});
