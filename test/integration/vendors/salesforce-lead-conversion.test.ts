import type { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { salesforceChangeFeed } from '#adapters/vendors/salesforce/change-feed';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { salesforceReader } from '#adapters/vendors/salesforce/reader';
import type { ChangeFeed } from '#ports/change-feed';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from '../sandboxes/support.ts';

const CREDS = { clientId: 'conversion-client', clientSecret: 'conversion-secret', refreshToken: 'conversion-refresh' };
const FIELDS = ['Email', 'LastName', 'Title'];

describe('the Salesforce connector around a lead converted in the sandbox', () => {
  let sandbox: SalesforceSandbox;
  let connection: Connection;
  let feed: ChangeFeed;
  // Whole-second SystemModstamps, as a real org keeps them: the Lead and its new Contact share the second.
  let now = Date.parse('2026-11-23T10:00:00.000Z');
  const clock = { nowMs: () => now };

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'conversion-token', clock: () => now, modstampResolutionMs: 1000 });
    connection = createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, accessToken: 'conversion-token' });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    now += 60_000;
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    feed = salesforceChangeFeed(connection, { clock });
  });

  async function convertedLead() {
    const leadId = ((await connection.sobject('Lead').create({ LastName: 'Lovelace', Email: 'ada@example.com', Title: 'Analyst', Company: 'Analytical Engines' })) as { id: string }).id;
    const [lead, contact] = [await feed.poll('Lead', FIELDS, undefined, 200), await feed.poll('Contact', FIELDS, undefined, 200)];
    now += 5_000;
    const convertedAt = now - (now % 1000);
    const { contactId } = await connection.soap.convertLead({ leadId, convertedStatus: 'Closed - Converted', doNotCreateOpportunity: true });
    // The poll reads a second once it is over.
    now += 3_000;
    return { leadId, contactId: contactId ?? '', convertedAt, cursors: { lead: lead.cursor, contact: contact.cursor } };
  }

  it('polls the conversion from the Lead and from the Contact, before the Contact itself, and never as a Lead upsert', async () => {
    const { leadId, contactId, convertedAt, cursors } = await convertedLead();

    const leads = await feed.poll('Lead', FIELDS, cursors.lead, 200);
    const contacts = await feed.poll('Contact', FIELDS, cursors.contact, 200);

    const conversion = { source: 'salesforce', objectType: 'Contact', sourceId: contactId, eventId: `${leadId}-converted`, occurredAt: new Date(convertedAt).toISOString(), kind: 'convert', fields: { convertedFrom: `Lead:${leadId}` } };
    expect(leads.events).toEqual([conversion]);
    expect(contacts.events.map((e) => [e.kind, e.sourceId])).toEqual([['convert', contactId], ['upsert', contactId]]);
    expect(contacts.events[0]).toEqual(conversion);
    expect(contacts.events[1]?.fields).toEqual({ Email: 'ada@example.com', LastName: 'Lovelace', Title: 'Analyst' });
  });

  it('reads a converted Lead as gone, and tells which Contact it became', async () => {
    const reader = salesforceReader(connection);
    const { leadId, contactId } = await convertedLead();

    expect(await reader.read('Lead', leadId, FIELDS)).toBeNull();
    expect(await reader.readMany!('Lead', [leadId], FIELDS)).toEqual(new Map());
    expect(await reader.convertedInto!('Lead', leadId)).toBe(`Contact:${contactId}`);
    expect(await reader.read('Contact', contactId, FIELDS)).toMatchObject({ values: { Email: 'ada@example.com', LastName: 'Lovelace', Title: 'Analyst' } });
  });

  it('tells nothing for a Lead not converted, and still tells for a converted Lead deleted afterwards', async () => {
    const reader = salesforceReader(connection);
    const open = ((await connection.sobject('Lead').create({ LastName: 'Hopper', Company: 'Navy' })) as { id: string }).id;
    const { leadId, contactId } = await convertedLead();
    await connection.sobject('Lead').destroy(leadId);

    expect(await reader.convertedInto!('Lead', open)).toBeNull();
    expect(await reader.convertedInto!('Lead', leadId)).toBe(`Contact:${contactId}`);
    expect(await reader.convertedInto!('Contact', contactId)).toBeNull();
  });
});
