import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call, jsforceError } from './support.ts';

const CREDS = { clientId: 'convert-client', clientSecret: 'convert-secret', refreshToken: 'convert-refresh' };
const CONVERTED = 'Closed - Converted';

function connect(url: string, accessToken: string, refresh = true): Connection {
  return new jsforce.Connection({
    ...(refresh ? { oauth2: { clientId: CREDS.clientId, clientSecret: CREDS.clientSecret, loginUrl: url, redirectUri: 'http://localhost/cb' }, refreshToken: CREDS.refreshToken } : {}),
    instanceUrl: url,
    accessToken,
    version: '62.0',
  });
}

const failure = (promise: PromiseLike<unknown>) => jsforceError(promise);

describe('Salesforce sandbox lead conversion (SOAP convertLead) with jsforce', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const calls = async () => (await call(sandbox.url, '/__sandbox/calls')).json as { calls: Array<{ endpoint: string; status: number; path: string }>; counts: Record<string, number> };
  const fault = (body: Record<string, unknown>) => call(sandbox.url, '/__sandbox/faults', { method: 'POST', body });
  const count = async (object: string) => (await conn.query(`SELECT Id FROM ${object}`)).totalSize;
  const createLead = async (fields: Record<string, unknown> = {}) =>
    ((await conn.sobject('Lead').create({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@analytical.example', Phone: '+44 20 7946 0001', Title: 'Analyst', Company: 'Analytical Engines', LeadSource: 'Web', HubSpot_Id__c: 'hs-ada', HubSpot_Lead_Score__c: 42, ...fields })) as { id: string }).id;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'convert-token' });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    conn = connect(sandbox.url, 'convert-token');
  });

  it('converts a Lead into a new Account and Contact per the lead field mapping, and counts the call as convertLead', async () => {
    const leadId = await createLead();

    const result = await conn.soap.convertLead({ leadId, convertedStatus: CONVERTED, doNotCreateOpportunity: true });

    expect(result).toEqual({ accountId: expect.stringMatching(/^001\w{15}$/), contactId: expect.stringMatching(/^003\w{15}$/), leadId, opportunityId: null, success: true, errors: [] });
    const account = await conn.sobject('Account').retrieve(result.accountId ?? '');
    const contact = await conn.sobject('Contact').retrieve(result.contactId ?? '');
    const lead = await conn.sobject('Lead').retrieve(leadId);
    expect(account).toMatchObject({ Name: 'Analytical Engines', Phone: '+44 20 7946 0001' });
    // Standard fields map to the Contact; custom fields go to the Contact field of the same API name.
    expect(contact).toMatchObject({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@analytical.example', Phone: '+44 20 7946 0001', Title: 'Analyst', LeadSource: 'Web', AccountId: result.accountId, HubSpot_Id__c: 'hs-ada', HubSpot_Lead_Score__c: 42 });
    expect(lead).toMatchObject({ IsConverted: true, ConvertedContactId: result.contactId, ConvertedAccountId: result.accountId, ConvertedOpportunityId: null, ConvertedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), Status: CONVERTED });
    const { counts, calls: log } = await calls();
    expect(counts['convertLead']).toBe(1);
    expect(log.find((c) => c.endpoint === 'convertLead')).toMatchObject({ status: 200, path: '/services/Soap/u/62.0' });
  });

  it('moves the Lead past a SystemModstamp cursor, so an incremental poll sees the conversion', async () => {
    const leadId = await createLead();
    const before = (await conn.sobject('Lead').retrieve(leadId))['SystemModstamp'] as string;
    const since = new Date(Date.parse(before.replace('+0000', 'Z'))).toISOString();

    const { contactId } = await conn.soap.convertLead({ leadId, convertedStatus: CONVERTED, doNotCreateOpportunity: true });

    const polled = await conn.query(`SELECT Id, IsConverted, ConvertedContactId FROM Lead WHERE SystemModstamp > ${since} AND IsConverted = true`);
    expect(polled.records).toEqual([expect.objectContaining({ Id: leadId, IsConverted: true, ConvertedContactId: contactId })]);
  });

  it('creates an Opportunity on the new Account unless told not to, named as asked', async () => {
    const leadId = await createLead();

    const result = await conn.soap.convertLead({ leadId, convertedStatus: CONVERTED, opportunityName: 'Difference Engine No. 2' });

    expect(result.opportunityId).toMatch(/^006\w{15}$/);
    expect(await conn.sobject('Opportunity').retrieve(result.opportunityId ?? '')).toMatchObject({ Name: 'Difference Engine No. 2', AccountId: result.accountId });
    expect(await conn.sobject('Lead').retrieve(leadId)).toMatchObject({ ConvertedOpportunityId: result.opportunityId });
  });

  it('merges into an existing Account and Contact, filling only the Contact fields that are empty', async () => {
    const leadId = await createLead({ HubSpot_Id__c: null });
    const accountId = ((await conn.sobject('Account').create({ Name: 'Existing Works' })) as { id: string }).id;
    const contactId = ((await conn.sobject('Contact').create({ LastName: 'Byron', Title: 'Countess', AccountId: accountId })) as { id: string }).id;
    const [accounts, contacts] = [await count('Account'), await count('Contact')];

    const result = await conn.soap.convertLead({ leadId, convertedStatus: CONVERTED, accountId, contactId, doNotCreateOpportunity: true });

    expect(result).toMatchObject({ accountId, contactId, leadId, success: true });
    expect(await conn.sobject('Contact').retrieve(contactId)).toMatchObject({ LastName: 'Byron', Title: 'Countess', FirstName: 'Ada', Email: 'ada@analytical.example' });
    expect([await count('Account'), await count('Contact')]).toEqual([accounts, contacts]);
  });

  it('converts several leads in one call, each with its own result, in order', async () => {
    const first = await createLead();
    const second = await createLead({ FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@navy.example', HubSpot_Id__c: 'hs-grace' });

    const results = await conn.soap.convertLead([
      { leadId: first, convertedStatus: CONVERTED, doNotCreateOpportunity: true },
      { leadId: second, convertedStatus: CONVERTED, doNotCreateOpportunity: true },
    ]);

    expect(results.map((r) => [r.leadId, r.success])).toEqual([[first, true], [second, true]]);
    expect(results[0]?.contactId).not.toBe(results[1]?.contactId);
  });

  it('fails a second conversion with CANNOT_UPDATE_CONVERTED_LEAD in its result, and writes nothing', async () => {
    const leadId = await createLead();
    await conn.soap.convertLead({ leadId, convertedStatus: CONVERTED, doNotCreateOpportunity: true });
    const [accounts, contacts] = [await count('Account'), await count('Contact')];

    const again = await conn.soap.convertLead({ leadId, convertedStatus: CONVERTED, doNotCreateOpportunity: true });

    expect(again).toEqual({ accountId: null, contactId: null, leadId: null, opportunityId: null, success: false, errors: [{ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead', fields: ['leadId'] }] });
    expect([await count('Account'), await count('Contact')]).toEqual([accounts, contacts]);
  });

  it('fails an unknown lead with INVALID_CROSS_REFERENCE_KEY and leaves a good lead in the same call converted', async () => {
    const leadId = await createLead();
    const accounts = await count('Account');

    const [unknown, good] = await conn.soap.convertLead([
      { leadId: '00QDn000009ZZZZAAA', convertedStatus: CONVERTED, doNotCreateOpportunity: true },
      { leadId, convertedStatus: CONVERTED, doNotCreateOpportunity: true },
    ]);

    expect(unknown).toMatchObject({ success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['leadId'] }] });
    expect(good).toMatchObject({ leadId, success: true });
    expect(await count('Account')).toBe(accounts + 1);
  });

  it('rolls a failed conversion back whole: a Contact that cannot be saved leaves no Account behind', async () => {
    await conn.sobject('Contact').create({ LastName: 'Taken', HubSpot_Id__c: 'hs-ada' });
    const leadId = await createLead();
    const accounts = await count('Account');

    const result = await conn.soap.convertLead({ leadId, convertedStatus: CONVERTED, doNotCreateOpportunity: true });

    expect(result).toMatchObject({ success: false, errors: [{ statusCode: 'DUPLICATE_VALUE' }] });
    expect(await count('Account')).toBe(accounts);
    expect(await conn.sobject('Lead').retrieve(leadId)).toMatchObject({ IsConverted: false, ConvertedContactId: null });
  });

  it('refuses REST writes to a converted Lead with CANNOT_UPDATE_CONVERTED_LEAD', async () => {
    const leadId = await createLead();
    await conn.soap.convertLead({ leadId, convertedStatus: CONVERTED, doNotCreateOpportunity: true });

    const single = await failure(conn.sobject('Lead').update({ Id: leadId, Title: 'Countess' }));
    const collection = (await conn.sobject('Lead').update([{ Id: leadId, Title: 'Countess' }], { allOrNone: false })) as unknown as Array<Record<string, unknown>>;

    expect(single).toMatchObject({ errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead' });
    expect(collection[0]).toMatchObject({ success: false, errors: [{ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD' }] });
    expect(await conn.sobject('Lead').retrieve(leadId)).toMatchObject({ Title: 'Analyst' });
  });

  it('answers an expired session with the sf:INVALID_SESSION_ID fault, which jsforce refreshes and retries', async () => {
    const leadId = await createLead();
    await fault({ endpoint: 'convertLead', kind: 'token-expiry' });

    const result = await conn.soap.convertLead({ leadId, convertedStatus: CONVERTED, doNotCreateOpportunity: true });

    expect(result.success).toBe(true);
    expect(conn.accessToken).not.toBe('convert-token');
    const { calls: log } = await calls();
    expect(log.filter((c) => c.endpoint !== 'createRecord').map((c) => `${c.endpoint}:${c.status}`)).toEqual(['convertLead:500', 'oauthToken:200', 'convertLead:200']);
  });

  it('fails without a refresh token on sf:INVALID_SESSION_ID, and on a 503 fault with sf:SERVER_UNAVAILABLE', async () => {
    const leadId = await createLead();
    const expired = await failure(connect(sandbox.url, 'not-a-token', false).soap.convertLead({ leadId, convertedStatus: CONVERTED }));
    await fault({ endpoint: 'convertLead', kind: 'status', status: 503 });
    const unavailable = await failure(conn.soap.convertLead({ leadId, convertedStatus: CONVERTED }));

    expect(expired).toMatchObject({ errorCode: 'sf:INVALID_SESSION_ID', message: 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session' });
    expect(unavailable.errorCode).toBe('sf:SERVER_UNAVAILABLE');
    expect(await conn.sobject('Lead').retrieve(leadId)).toMatchObject({ IsConverted: false });
  });

  it('reads envelopes with other prefixes (the Salesforce samples use urn:), and faults on one that is not XML', async () => {
    const leadId = await createLead();
    const envelope = `<?xml version="1.0" encoding="utf-8"?>
      <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:partner.soap.sforce.com">
        <soapenv:Header><urn:SessionHeader><urn:sessionId>convert-token</urn:sessionId></urn:SessionHeader></soapenv:Header>
        <soapenv:Body><urn:convertLead><urn:leadConverts>
          <urn:convertedStatus>${CONVERTED}</urn:convertedStatus><urn:doNotCreateOpportunity>true</urn:doNotCreateOpportunity>
          <urn:leadId>${leadId}</urn:leadId><!-- a comment --><urn:accountId xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>
        </urn:leadConverts></urn:convertLead></soapenv:Body>
      </soapenv:Envelope>`;
    const post = (body: string) => call(sandbox.url, '/services/Soap/u/62.0', { method: 'POST', body, headers: { 'content-type': 'text/xml', soapaction: '""' } });

    const converted = await post(envelope);
    const broken = await post('<soapenv:Envelope><soapenv:Body>');

    expect(converted.status).toBe(200);
    expect(converted.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(converted.text).toMatch(new RegExp(`<soapenv:Body><convertLeadResponse><result><accountId>001\\w{15}</accountId><contactId>003\\w{15}</contactId><leadId>${leadId}</leadId><opportunityId xsi:nil="true"/><success>true</success></result>`));
    expect(broken.status).toBe(500);
    expect(broken.text).toContain('<faultcode>soapenv:Client</faultcode>');
  });
});
