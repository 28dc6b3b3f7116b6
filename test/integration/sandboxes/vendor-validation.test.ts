import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, startSalesforceSandbox, type HubspotSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from './support.ts';

const SF_AUTH = { authorization: 'Bearer valid-token' };
const HS_AUTH = { authorization: 'Bearer pat-validation' };
const SOBJECTS = '/services/data/v62.0/sobjects';
const COMPOSITE = '/services/data/v62.0/composite/sobjects';

describe('Salesforce sandbox refuses what Salesforce refuses', () => {
  let sandbox: SalesforceSandbox;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ clientId: 'c', clientSecret: 's', refreshToken: 'r', accessToken: 'valid-token' });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } }));

  it('rejects a single create with an invalid Email with 400 INVALID_EMAIL_ADDRESS on the field', async () => {
    const res = await call(sandbox.url, `${SOBJECTS}/Contact`, { method: 'POST', headers: SF_AUTH, body: { LastName: 'Lovelace', Email: 'ada@analytical_engines.example' } });

    expect(res.status).toBe(400);
    expect(res.json).toEqual([{ message: 'Email: invalid email address: ada@analytical_engines.example', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }]);
  });

  it('accepts the addresses Salesforce documents as valid (.. inside and a trailing dot in the local part)', async () => {
    const res = await call(sandbox.url, `${SOBJECTS}/Contact`, { method: 'POST', headers: SF_AUTH, body: { LastName: 'Tanaka', Email: 'a..a.@test.jp' } });

    expect(res.status).toBe(201);
  });

  it.each([
    ['Contact', 'FirstName', 40, 'First Name'],
    ['Contact', 'LastName', 80, 'Last Name'],
    ['Contact', 'Title', 128, 'Title'],
    ['Contact', 'Phone', 40, 'Phone'],
    ['Lead', 'Company', 255, 'Company'],
    ['Account', 'Name', 255, 'Account Name'],
    ['Account', 'Website', 255, 'Website'],
    ['Contact', 'HubSpot_Id__c', 255, 'HubSpot_Id__c'],
  ])('rejects a %s.%s longer than %i characters with STRING_TOO_LONG, and takes one of exactly that length', async (object, field, length, label) => {
    const base: Record<string, string> = object === 'Account' ? { Name: 'Acme' } : object === 'Lead' ? { LastName: 'L', Company: 'Acme' } : { LastName: 'L' };

    const tooLong = await call(sandbox.url, `${SOBJECTS}/${object}`, { method: 'POST', headers: SF_AUTH, body: { ...base, [field]: 'x'.repeat(length + 1) } });
    const fits = await call(sandbox.url, `${SOBJECTS}/${object}`, { method: 'POST', headers: SF_AUTH, body: { ...base, [field]: 'x'.repeat(length) } });

    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toEqual([{ message: `${label}: data value too large: ${'x'.repeat(length + 1)} (max length=${length})`, errorCode: 'STRING_TOO_LONG', fields: [field] }]);
    expect(fits.status).toBe(201);
  });

  it('rejects an Email over 80 characters as too long before judging its format', async () => {
    const email = `${'a'.repeat(70)}@example.com`;

    const res = await call(sandbox.url, `${SOBJECTS}/Contact`, { method: 'POST', headers: SF_AUTH, body: { LastName: 'L', Email: email } });

    expect(res.json).toEqual([expect.objectContaining({ errorCode: 'STRING_TOO_LONG', fields: ['Email'] })]);
  });

  it('fails only the invalid records of a composite create, each with statusCode errors, in input order', async () => {
    const records = [
      { attributes: { type: 'Contact' }, LastName: 'Good', Email: 'good@example.com' },
      { attributes: { type: 'Contact' }, LastName: 'Bad', Email: 'bad@@example.com' },
      { attributes: { type: 'Contact' }, LastName: 'L'.repeat(81) },
    ];

    const res = await call(sandbox.url, COMPOSITE, { method: 'POST', headers: SF_AUTH, body: { allOrNone: false, records } });

    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { id: expect.stringMatching(/^003/), success: true, errors: [] },
      { success: false, errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: bad@@example.com', fields: ['Email'] }] },
      { success: false, errors: [{ statusCode: 'STRING_TOO_LONG', message: `Last Name: data value too large: ${'L'.repeat(81)} (max length=80)`, fields: ['LastName'] }] },
    ]);
  });
});

describe('HubSpot sandbox refuses what HubSpot refuses', () => {
  let sandbox: HubspotSandbox;

  beforeAll(async () => {
    sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: 'pat-validation', seed: false });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } }));

  it('rejects a single create with an invalid email with 400 VALIDATION_ERROR listing INVALID_EMAIL', async () => {
    const res = await call(sandbox.url, '/crm/v3/objects/contacts', { method: 'POST', headers: HS_AUTH, body: { properties: { email: 'tb.tb@yahoo..com', lastname: 'T' } } });

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: 'Property values were not valid: [{"isValid":false,"message":"Email address tb.tb@yahoo..com is invalid","error":"INVALID_EMAIL","name":"email"}]',
      errors: [{ code: 'INVALID_EMAIL', context: { propertyName: ['email'] } }],
    });
  });

  it('rejects a string property over 65,536 characters and takes one of exactly 65,536', async () => {
    const tooLong = await call(sandbox.url, '/crm/v3/objects/contacts', { method: 'POST', headers: HS_AUTH, body: { properties: { email: 'long@example.com', jobtitle: 'x'.repeat(65_537) } } });
    const fits = await call(sandbox.url, '/crm/v3/objects/contacts', { method: 'POST', headers: HS_AUTH, body: { properties: { email: 'long@example.com', jobtitle: 'x'.repeat(65_536) } } });

    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toMatchObject({ category: 'VALIDATION_ERROR', errors: [{ code: 'INVALID_STRING_LENGTH', context: { propertyName: ['jobtitle'] } }] });
    expect(fits.status).toBe(201);
  });

  it('fails only the invalid input of a batch upsert with a 207 error naming it, writing the rest', async () => {
    const inputs = [
      { id: 'sf-1', idProperty: 'syncline_salesforce_id', properties: { email: 'ada@example.com', lastname: 'Lovelace' } },
      { id: 'sf-2', idProperty: 'syncline_salesforce_id', properties: { email: 'grace@localhost', lastname: 'Hopper' } },
    ];

    const res = await call(sandbox.url, '/crm/v3/objects/contacts/batch/upsert', { method: 'POST', headers: HS_AUTH, body: { inputs } });

    expect(res.status).toBe(207);
    const body = res.json as { results: { properties: Record<string, string> }[]; numErrors: number; errors: Record<string, unknown>[] };
    expect(body.results.map((r) => r.properties['email'])).toEqual(['ada@example.com']);
    expect(body.numErrors).toBe(1);
    expect(body.errors[0]).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', context: { ids: ['sf-2'] }, errors: [{ code: 'INVALID_EMAIL', context: { propertyName: ['email'] } }] });
    expect(body.errors[0]?.['message']).toMatch(/^Property values were not valid: .*"error":"INVALID_EMAIL","name":"email"/);
  });

  it('fails only the invalid input of a batch update, and of a batch create whose inputs carry trace ids', async () => {
    const created = await call(sandbox.url, '/crm/v3/objects/contacts', { method: 'POST', headers: HS_AUTH, body: { properties: { email: 'ada@example.com' } } });
    const id = (created.json as { id: string }).id;

    const update = await call(sandbox.url, '/crm/v3/objects/contacts/batch/update', { method: 'POST', headers: HS_AUTH, body: { inputs: [{ id, properties: { email: 'ada@' } }] } });
    const create = await call(sandbox.url, '/crm/v3/objects/contacts/batch/create', {
      method: 'POST',
      headers: HS_AUTH,
      body: { inputs: [{ objectWriteTraceId: 't1', properties: { email: 'alan@example.com' } }, { objectWriteTraceId: 't2', properties: { email: '"alan turing"@example.com' } }] },
    });

    expect(update.status).toBe(207);
    expect(update.json).toMatchObject({ results: [], errors: [{ category: 'VALIDATION_ERROR', context: { ids: [id] } }] });
    expect(create.status).toBe(207);
    expect(create.json).toMatchObject({ results: [{ properties: { email: 'alan@example.com' } }], errors: [{ category: 'VALIDATION_ERROR', context: { objectWriteTraceId: ['t2'] } }] });
  });

  it('rejects a whole batch create without trace ids when one email is invalid, writing nothing', async () => {
    const res = await call(sandbox.url, '/crm/v3/objects/contacts/batch/create', { method: 'POST', headers: HS_AUTH, body: { inputs: [{ properties: { email: 'ok@example.com' } }, { properties: { email: 'not an email' } }] } });
    const list = await call(sandbox.url, '/crm/v3/objects/contacts', { headers: HS_AUTH });

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ category: 'VALIDATION_ERROR', errors: [{ code: 'INVALID_EMAIL' }] });
    expect((list.json as { results: unknown[] }).results).toEqual([]);
  });
});
