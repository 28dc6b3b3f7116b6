import fc from 'fast-check';
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { MAX_DOMAIN_LABEL, MAX_LOCAL_PART, salesforceEmailProblem } from '#local/sandboxes/salesforce/email-address';
import { idSuffix, queriedId } from '#local/sandboxes/salesforce/ids';
import { call, jsforceError } from './support.ts';

const CREDS = { clientId: 'refusal-client', clientSecret: 'refusal-secret', refreshToken: 'refusal-refresh' };
const AUTH = { authorization: 'Bearer refusal-token' };
const V = '/services/data/v62.0';

interface DescribeField {
  name: string;
  picklistValues: Array<{ active: boolean; defaultValue: boolean; label: string; validFor: null; value: string }>;
  restrictedPicklist: boolean;
}

type Row = Record<string, string>;

const failure = (promise: PromiseLike<unknown>) => jsforceError(promise);

const badPicklist = (label: string, value: string, field: string) => ({
  message: `${label}: bad value for restricted picklist field: ${value}`,
  errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  fields: [field],
});

describe('Salesforce sandbox refuses what an org refuses: picklists, 15-character ids, e-mail addresses', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const records = async (object: string) => ((await call(sandbox.url, `/__sandbox/records/${object}`)).json as { records: Array<Record<string, unknown>> }).records;
  const describeFields = async (object: string) => ((await conn.request<{ fields: DescribeField[] }>(`${V}/sobjects/${object}/describe`)).fields);

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'refusal-token', bulkStepMs: 10 });
  });
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    conn = new jsforce.Connection({ instanceUrl: sandbox.url, accessToken: 'refusal-token', version: '62.0' });
    conn.bulk2.pollInterval = 20;
    conn.bulk2.pollTimeout = 10_000;
  });
  afterAll(() => sandbox.close());

  describe('restricted picklists', () => {
    it('refuses a create with a value outside a restricted custom picklist, with the vendor body', async () => {
      const viaSdk = await failure(conn.sobject('Contact').create({ LastName: 'Ada', HubSpot_Lifecycle_Stage__c: 'Evangelist' }));
      const raw = await call(sandbox.url, `${V}/sobjects/Contact`, { method: 'POST', headers: AUTH, body: { LastName: 'Ada', Outreach_Status__c: 'Opted out' } });

      expect(viaSdk).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'HubSpot_Lifecycle_Stage__c: bad value for restricted picklist field: Evangelist' });
      // Case-sensitive: "Opted out" is not "Opted Out".
      expect(raw.status).toBe(400);
      expect(raw.json).toEqual([badPicklist('Outreach_Status__c', 'Opted out', 'Outreach_Status__c')]);
      expect((await records('Contact')).filter((r) => r['LastName'] === 'Ada')).toEqual([]);
    });

    it('takes every value the shipped contract writes to the custom picklists', async () => {
      const stages = ['Subscriber', 'Lead', 'MQL', 'SQL', 'Opportunity', 'Customer'];
      const statuses = ['Pending', 'Active', 'Paused', 'Finished', 'Bounced', 'Opted Out', 'Failed', 'Disabled'];

      const contacts = await conn.sobject('Contact').create(stages.map((s, i) => ({ LastName: `L${i}`, HubSpot_Lifecycle_Stage__c: s, Outreach_Status__c: statuses[i] })));
      const accounts = await conn.sobject('Account').create([{ Name: 'Paid Co', Stripe_Payment_Status__c: 'Paid' }, { Name: 'Failed Co', Stripe_Payment_Status__c: 'Failed' }]);

      expect(contacts.every((r) => r.success)).toBe(true);
      expect(accounts.every((r) => r.success)).toBe(true);
    });

    it('refuses an update to an unknown StageName and leaves the record as it was', async () => {
      const [opportunity] = (await conn.query<{ Id: string; StageName: string }>("SELECT Id, StageName FROM Opportunity WHERE Name = 'Fabrikam pilot'")).records;

      const viaSdk = await failure(conn.sobject('Opportunity').update({ Id: opportunity?.Id ?? '', StageName: 'Proposal' }));
      const raw = await call(sandbox.url, `${V}/sobjects/Opportunity/${opportunity?.Id ?? ''}`, { method: 'PATCH', headers: AUTH, body: { StageName: 'Negotiation' } });

      expect(viaSdk).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Stage: bad value for restricted picklist field: Proposal' });
      expect(raw.status).toBe(400);
      expect(raw.json).toEqual([badPicklist('Stage', 'Negotiation', 'StageName')]);
      expect((await records('Opportunity')).find((r) => r['Id'] === opportunity?.Id)?.['StageName']).toBe('Closed Won');
    });

    it('refuses an upsert by external id with a bad value', async () => {
      const raw = await call(sandbox.url, `${V}/sobjects/Contact/HubSpot_Id__c/up-1`, { method: 'PATCH', headers: AUTH, body: { LastName: 'Up', HubSpot_Lifecycle_Stage__c: 'mql' } });

      expect(raw.status).toBe(400);
      expect(raw.json).toEqual([badPicklist('HubSpot_Lifecycle_Stage__c', 'mql', 'HubSpot_Lifecycle_Stage__c')]);
    });

    it('fails only the bad record of a collection create (allOrNone false), with statusCode errors', async () => {
      const results = (await conn.sobject('Opportunity').create(
        [
          { Name: 'Good one', StageName: 'Prospecting', CloseDate: '2025-01-31' },
          { Name: 'Bad one', StageName: 'Closed won', CloseDate: '2025-01-31' },
          { Name: 'Good two', StageName: 'Proposal/Price Quote', CloseDate: '2025-01-31' },
        ],
        { allOrNone: false },
      )) as unknown as Array<Record<string, unknown>>;

      expect(results.map((r) => r['success'])).toEqual([true, false, true]);
      expect(results[1]).toEqual({ success: false, errors: [{ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Stage: bad value for restricted picklist field: Closed won', fields: ['StageName'] }] });
      expect((await records('Opportunity')).map((r) => r['Name'])).toEqual(expect.arrayContaining(['Good one', 'Good two']));
      expect((await records('Opportunity')).map((r) => r['Name'])).not.toContain('Bad one');
    });

    it('fails only the bad row of a Bulk API 2.0 ingest job, in the sf__Error form', async () => {
      const input = [
        { HubSpot_Id__c: 'bulk-ok', LastName: 'Fine', HubSpot_Lifecycle_Stage__c: 'SQL' },
        { HubSpot_Id__c: 'bulk-bad', LastName: 'Wrong', HubSpot_Lifecycle_Stage__c: 'salesqualifiedlead' },
      ];

      const results = await conn.bulk2.loadAndWaitForResults({ object: 'Contact', operation: 'upsert', externalIdFieldName: 'HubSpot_Id__c', input });

      expect((results.successfulResults as unknown as Row[]).map((r) => r['HubSpot_Id__c'])).toEqual(['bulk-ok']);
      expect(results.failedResults as unknown as Row[]).toEqual([
        expect.objectContaining({
          sf__Id: '',
          sf__Error: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:HubSpot_Lifecycle_Stage__c: bad value for restricted picklist field: salesqualifiedlead:HubSpot_Lifecycle_Stage__c --',
          HubSpot_Id__c: 'bulk-bad',
        }),
      ]);
    });

    it('refuses the bad subrequest of a Composite request like a request of its own', async () => {
      const res = await conn.requestPost<{ compositeResponse: Array<{ httpStatusCode: number; body: unknown }> }>(`${V}/composite`, {
        allOrNone: false,
        compositeRequest: [
          { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'good', body: { Name: 'Composite Good', Stripe_Payment_Status__c: 'Paid' } },
          { method: 'POST', url: `${V}/sobjects/Account`, referenceId: 'bad', body: { Name: 'Composite Bad', Stripe_Payment_Status__c: 'Refunded' } },
        ],
      });

      expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 400]);
      expect(res.compositeResponse[1]?.body).toEqual([badPicklist('Stripe_Payment_Status__c', 'Refunded', 'Stripe_Payment_Status__c')]);
    });

    it('takes a value outside an unrestricted standard picklist (Industry, LeadSource, Lead Status)', async () => {
      const account = await conn.sobject('Account').create({ Name: 'Enriched', Industry: 'Computer Software' });
      const lead = await conn.sobject('Lead').create({ LastName: 'Walk-in', Company: 'Acme', LeadSource: 'Trade Show', Status: 'Nurturing' });

      expect(account.success).toBe(true);
      expect(lead.success).toBe(true);
      expect((await records('Account')).find((r) => r['Id'] === account.id)?.['Industry']).toBe('Computer Software');
    });
  });

  describe('describe', () => {
    it('reports picklistValues and restrictedPicklist per field, as the real describe does', async () => {
      const opportunity = await describeFields('Opportunity');
      const contact = await describeFields('Contact');
      const lead = await describeFields('Lead');
      const field = (fields: DescribeField[], name: string) => fields.find((f) => f.name === name);

      expect(field(opportunity, 'StageName')?.picklistValues.map((v) => v.value)).toEqual([
        'Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost',
      ]);
      expect(field(contact, 'HubSpot_Lifecycle_Stage__c')).toMatchObject({ restrictedPicklist: true });
      expect(field(contact, 'HubSpot_Lifecycle_Stage__c')?.picklistValues[2]).toEqual({ active: true, defaultValue: false, label: 'MQL', validFor: null, value: 'MQL' });
      expect(field(contact, 'LeadSource')).toMatchObject({ restrictedPicklist: false });
      expect(field(lead, 'Status')?.picklistValues.find((v) => v.defaultValue)?.value).toBe('Open - Not Contacted');
      expect(field(contact, 'LastName')).toMatchObject({ picklistValues: [], restrictedPicklist: false });
    });
  });

  describe('15-character ids in SOQL', () => {
    it('matches a record by the 15-character form of its id, with = and IN, case-sensitively', async () => {
      const contacts = (await conn.query<{ Id: string; AccountId: string }>('SELECT Id, AccountId FROM Contact ORDER BY Id LIMIT 2')).records;
      const [first, second] = contacts.map((c) => c.Id);
      const short = (id: string | undefined) => (id ?? '').slice(0, 15);

      const byEquals = await conn.query<{ Id: string }>(`SELECT Id FROM Contact WHERE Id = '${short(first)}'`);
      const byIn = await conn.query<{ Id: string }>(`SELECT Id FROM Contact WHERE Id IN ('${short(first)}', '${short(second)}') ORDER BY Id`);
      const byLookup = await conn.query<{ Id: string }>(`SELECT Id FROM Contact WHERE AccountId = '${short(contacts[0]?.AccountId)}'`);
      const wrongCase = await conn.query<{ Id: string }>(`SELECT Id FROM Contact WHERE Id = '${short(first).toLowerCase()}'`);

      expect(byEquals.records.map((r) => r.Id)).toEqual([first]);
      expect(byIn.records.map((r) => r.Id)).toEqual([first, second]);
      expect(byLookup.records.map((r) => r.Id)).toContain(first);
      expect(wrongCase.records).toEqual([]);
    });

    it('reads an 18-character id back to its stored form whatever its case, and a 15-character one only in its own case (property)', () => {
      const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split(''));
      fc.assert(
        fc.property(fc.array(alnum, { minLength: 15, maxLength: 15 }).map((c) => c.join('')), (id15) => {
          const id18 = id15 + idSuffix(id15);
          expect(queriedId(id15)).toBe(id18);
          expect(queriedId(id18.toLowerCase())).toBe(id18);
          expect(queriedId(id18.toUpperCase())).toBe(id18);
        }),
      );
    });
  });

  describe('e-mail addresses (Help 000384328, 000001145)', () => {
    it.each([
      ['a comma', 'ada,lovelace@example.com'],
      ['a space', 'ada lovelace@example.com'],
      ['no @', 'ada.example.com'],
      ['two @', 'ada@lovelace@example.com'],
      ['a leading period in the local part', '.ada@example.com'],
      ['an empty local part', '@example.com'],
      [`a local part over ${MAX_LOCAL_PART} characters`, `${'a'.repeat(MAX_LOCAL_PART + 1)}@x.io`],
      ['a non-ASCII local part', 'zoë@example.com'],
      ['an underscore in the domain', 'ada@analytical_engines.example'],
      ['a domain without a period', 'ada@localhost'],
      ['an empty domain label', 'ada@example..com'],
      ['a domain label starting with a dash', 'ada@-example.com'],
      ['a domain label ending with a dash', 'ada@example-.com'],
      [`a domain label over ${MAX_DOMAIN_LABEL} characters`, `a@${'d'.repeat(MAX_DOMAIN_LABEL + 1)}.io`],
      ['a quoted local part', '"ada lovelace"@example.com'],
    ])('refuses an address with %s with INVALID_EMAIL_ADDRESS', async (_rule, email) => {
      const viaSdk = await failure(conn.sobject('Lead').create({ LastName: 'L', Company: 'C', Email: email }));
      const raw = await call(sandbox.url, `${V}/sobjects/Contact`, { method: 'POST', headers: AUTH, body: { LastName: 'L', Email: email } });

      expect(viaSdk).toMatchObject({ errorCode: 'INVALID_EMAIL_ADDRESS', message: `Email: invalid email address: ${email}` });
      expect(raw.json).toEqual([{ message: `Email: invalid email address: ${email}`, errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }]);
    });

    it.each([
      ['periods in the middle and at the end of the local part', 'a..a.@test.jp'],
      ['the RFC special characters in the local part', "o'neil+tag!#$%&*/=?^_`{|}~-x@example.com"],
      ['a comment at the start of the domain', 'john.doe@(comment)example.com'],
      ['a dash inside a domain label and digits', 'ada@analytical-engines2.example'],
    ])('takes an address with %s', async (_rule, email) => {
      const created = await conn.sobject('Contact').create({ LastName: 'L', Email: email });

      expect(created.success).toBe(true);
    });

    it('takes only addresses that have one @, no comma or space, a local part of at most 64 characters not starting with a period, and a dotted domain of letters, digits and dashes (property)', () => {
      const piece = fc.string({ unit: fc.constantFrom(...'abZ09.-_+,@ ()"é'.split('')), maxLength: 70 });
      fc.assert(
        fc.property(piece, piece, (local, domain) => {
          const address = `${local}@${domain}`;
          if (salesforceEmailProblem(address) !== undefined) return;
          const [l, d] = [address.slice(0, address.indexOf('@')).replace(/^\([^()]*\)|\([^()]*\)$/g, ''), address.slice(address.indexOf('@') + 1).replace(/^\([^()]*\)|\([^()]*\)$/g, '')];
          expect(address.split('@')).toHaveLength(2);
          // A comment at either end of a part is ignored, whatever it holds (Help 000384328); the rest is checked.
          expect(`${l}@${d}`).not.toMatch(/[, "é]/);
          expect(l.length).toBeGreaterThan(0);
          expect(l.length).toBeLessThanOrEqual(MAX_LOCAL_PART);
          expect(l.startsWith('.')).toBe(false);
          expect(d).toMatch(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/);
          expect(d.split('.').every((label) => !label.startsWith('-') && !label.endsWith('-'))).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });

    it('takes every address built from the allowed characters (property)', () => {
      const localChar = fc.constantFrom(..."abcXYZ019!#$%&'*/=?^_+`{|}~-".split(''));
      const label = fc.array(fc.constantFrom(...'abcXYZ019'.split('')), { minLength: 1, maxLength: 10 }).map((c) => c.join(''));
      fc.assert(
        fc.property(fc.array(localChar, { minLength: 1, maxLength: 30 }), fc.array(label, { minLength: 2, maxLength: 4 }), (local, labels) => {
          expect(salesforceEmailProblem(`${local.join('')}@${labels.join('.')}`)).toBeUndefined();
        }),
      );
    });
  });
});
