import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call, jsforceError } from './support.ts';

const CREDS = { clientId: 'tooling-client', clientSecret: 'tooling-secret', refreshToken: 'tooling-refresh' };
const TOKEN = 'tooling-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const V = '/services/data/v62.0';

interface DescribeField {
  name: string;
  label: string;
  type: string;
  length: number;
  precision: number;
  scale: number;
  referenceTo: string[];
  relationshipName: string | null;
  externalId: boolean;
  unique: boolean;
  defaultedOnCreate: boolean;
  restrictedPicklist: boolean;
  picklistValues: Array<{ value: string; label: string; defaultValue: boolean; active: boolean }>;
}

interface SaveResult {
  id: string;
  success: boolean;
  errors: unknown[];
}

const failure = (promise: PromiseLike<unknown>) => jsforceError(promise);
const connect = (url: string): Connection => new jsforce.Connection({ instanceUrl: url, accessToken: TOKEN, version: '62.0' });

/** `conn.tooling.create('CustomField', …)`, as setup calls it; jsforce types a record body it cannot know. */
async function createIn(conn: Connection, fullName: string, metadata: unknown): Promise<SaveResult> {
  return (await conn.tooling.create('CustomField', { FullName: fullName, Metadata: metadata } as never)) as unknown as SaveResult;
}

/** The API user: the user of the token response's identity URL (`conn.userInfo.id` after a refresh). */
const API_USER = '005Dn000000001AIAQ';
let grants = 0;

/**
 * Grants the API user Read and Edit on each `Object.Field__c`: a field created through the Tooling API is hidden until
 * a permission set with field permissions is assigned to the user, as in a real org.
 */
async function grant(conn: Connection, fields: readonly string[]): Promise<void> {
  const name = `Syncline_Fields_${++grants}`;
  const permissionSet = (await conn.sobject('PermissionSet').create({ Name: name, Label: name })) as SaveResult;
  const rows = fields.map((f) => ({ ParentId: permissionSet.id, SobjectType: f.split('.')[0], Field: f, PermissionsRead: true, PermissionsEdit: true }));
  const results = (await conn.sobject('FieldPermissions').create(rows, { allOrNone: true })) as SaveResult[];
  const assignment = (await conn.sobject('PermissionSetAssignment').create({ AssigneeId: API_USER, PermissionSetId: permissionSet.id })) as SaveResult;
  if (![permissionSet, ...results, assignment].every((r) => r.success)) throw new Error(`grant failed: ${JSON.stringify(results)}`);
}

/** The fields setup creates on Contact, one per supported type. */
const FIELDS: Record<string, Record<string, unknown>> = {
  HubSpot_Id__c: { type: 'Text', label: 'HubSpot Id', length: 40, externalId: true, unique: true, caseSensitive: false },
  Score__c: { type: 'Number', label: 'Score', precision: 5, scale: 2 },
  Revenue__c: { type: 'Currency', label: 'Revenue', precision: 18, scale: 2 },
  Share__c: { type: 'Percent', label: 'Share', precision: 3, scale: 0 },
  Deleted__c: { type: 'Checkbox', label: 'Deleted', defaultValue: 'false' },
  Renewal__c: { type: 'Date', label: 'Renewal' },
  Last_Touch__c: { type: 'DateTime', label: 'Last Touch' },
  Work_Email__c: { type: 'Email', label: 'Work Email' },
  Desk_Phone__c: { type: 'Phone', label: 'Desk Phone' },
  Profile_Url__c: { type: 'Url', label: 'Profile Url' },
  Notes__c: { type: 'LongTextArea', label: 'Notes', length: 32_768, visibleLines: 3 },
  Stage__c: {
    type: 'Picklist',
    label: 'Stage',
    valueSet: { restricted: true, valueSetDefinition: { sorted: false, value: [{ valueName: 'Lead', label: 'Lead', default: true }, { valueName: 'Customer', label: 'Customer', default: false }] } },
  },
  Partner__c: { type: 'Lookup', label: 'Partner', referenceTo: 'Account', relationshipName: 'Partner_Contacts', deleteConstraint: 'SetNull' },
};

describe('Salesforce sandbox without custom fields, and the Tooling API that creates them', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const describeFields = async (object = 'Contact') => (await conn.request<{ fields: DescribeField[] }>(`${V}/sobjects/${object}/describe`)).fields;
  const fieldOf = async (name: string, object = 'Contact') => (await describeFields(object)).find((f) => f.name === name);
  const createField = (fullName: string, metadata: unknown) => createIn(conn, fullName, metadata);
  const rawCreate = (body: unknown) => call(sandbox.url, `${V}/tooling/sobjects/CustomField`, { method: 'POST', headers: AUTH, body });

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: TOKEN, customFields: false });
  });
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    conn = connect(sandbox.url);
  });
  afterAll(() => sandbox.close());

  describe('an org started without its custom fields', () => {
    it('describes, queries and writes no __c field, and seeds records without their values', async () => {
      const names = (await describeFields()).map((f) => f.name);
      const query = await failure(conn.query('SELECT Id, HubSpot_Id__c FROM Contact'));
      const write = await call(sandbox.url, `${V}/sobjects/Contact`, { method: 'POST', headers: AUTH, body: { LastName: 'Ada', HubSpot_Id__c: 'hs-1' } });
      const seeded = (await conn.query<Record<string, unknown>>('SELECT Id, LastName FROM Contact')).records;
      const { json: stored } = await call(sandbox.url, '/__sandbox/records/Contact');

      expect(names).toContain('LastName');
      expect(names.filter((n) => n.endsWith('__c'))).toEqual([]);
      expect(query).toMatchObject({ errorCode: 'INVALID_FIELD' });
      expect(query.message).toContain("No such column 'HubSpot_Id__c' on entity 'Contact'");
      expect(write.status).toBe(400);
      expect(write.json).toEqual([{ message: "No such column 'HubSpot_Id__c' on sobject of type Contact", errorCode: 'INVALID_FIELD', fields: ['HubSpot_Id__c'] }]);
      expect(seeded).toHaveLength(20);
      expect((stored as { records: Array<Record<string, unknown>> }).records.every((r) => !('HubSpot_Id__c' in r))).toBe(true);
    });

    it('refuses an Outbound Message definition naming an absent field', async () => {
      const res = await call(sandbox.url, '/__sandbox/outbound-messages', { method: 'POST', body: { object: 'Contact', fields: ['HubSpot_Id__c'], endpointUrl: 'http://127.0.0.1:9/om' } });
      expect(res.status).toBe(400);
      expect(res.text).toContain("No such field 'HubSpot_Id__c' on Contact");
    });
  });

  describe('creating custom fields through conn.tooling', () => {
    it('creates each supported type with 00N ids, and describe shows its type, length, precision and values', async () => {
      const results = [];
      for (const [name, metadata] of Object.entries(FIELDS)) results.push(await createField(`Contact.${name}`, metadata));
      await grant(conn, Object.keys(FIELDS).map((name) => `Contact.${name}`));
      const fields = new Map((await describeFields()).map((f) => [f.name, f]));

      for (const result of results) expect(result).toMatchObject({ success: true, errors: [], id: expect.stringMatching(/^00N[A-Za-z0-9]{15}$/) });
      expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
      expect(fields.get('HubSpot_Id__c')).toMatchObject({ type: 'string', length: 40, label: 'HubSpot Id', externalId: true, unique: true });
      expect(fields.get('Score__c')).toMatchObject({ type: 'double', precision: 5, scale: 2, length: 0 });
      expect(fields.get('Revenue__c')).toMatchObject({ type: 'currency', precision: 18, scale: 2 });
      expect(fields.get('Share__c')).toMatchObject({ type: 'percent', precision: 3, scale: 0 });
      expect(fields.get('Deleted__c')).toMatchObject({ type: 'boolean', defaultedOnCreate: true });
      expect(fields.get('Renewal__c')).toMatchObject({ type: 'date' });
      expect(fields.get('Last_Touch__c')).toMatchObject({ type: 'datetime' });
      expect(fields.get('Work_Email__c')).toMatchObject({ type: 'email', length: 80 });
      expect(fields.get('Desk_Phone__c')).toMatchObject({ type: 'phone', length: 40 });
      expect(fields.get('Profile_Url__c')).toMatchObject({ type: 'url', length: 255 });
      expect(fields.get('Notes__c')).toMatchObject({ type: 'textarea', length: 32_768 });
      expect(fields.get('Stage__c')).toMatchObject({
        type: 'picklist',
        restrictedPicklist: true,
        picklistValues: [
          { value: 'Lead', label: 'Lead', defaultValue: true, active: true, validFor: null },
          { value: 'Customer', label: 'Customer', defaultValue: false, active: true, validFor: null },
        ],
      });
      expect(fields.get('Partner__c')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Partner_Contacts' });
      // The same keys as a standard field's entry.
      expect(Object.keys(fields.get('Score__c') ?? {}).sort()).toEqual(Object.keys(fields.get('LastName') ?? {}).sort());
    });

    it('writes, upserts and queries a created field through every path, with the checks seeded fields get', async () => {
      const names = ['HubSpot_Id__c', 'Stage__c', 'Score__c', 'Deleted__c', 'Partner__c'];
      for (const name of names) await createField(`Contact.${name}`, FIELDS[name]);
      await grant(conn, names.map((name) => `Contact.${name}`));
      const account = (await conn.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1')).records[0]?.Id ?? '';

      const created = (await conn.sobject('Contact').create({ LastName: 'Lovelace', HubSpot_Id__c: 'hs-1', Stage__c: 'Lead', Score__c: 12.5, Partner__c: account })) as SaveResult;
      const upserted = await conn.sobject('Contact').upsert({ HubSpot_Id__c: 'hs-2', LastName: 'Babbage', Stage__c: 'Customer' }, 'HubSpot_Id__c');
      const collection = await conn.sobject('Contact').create([{ LastName: 'Byron', HubSpot_Id__c: 'hs-3' }], { allOrNone: true });
      const rows = (await conn.query<Record<string, unknown>>("SELECT LastName, Stage__c, Score__c, Deleted__c, Partner__c FROM Contact WHERE HubSpot_Id__c IN ('hs-1', 'hs-2') ORDER BY LastName")).records;
      const tooLong = await failure(conn.sobject('Contact').create({ LastName: 'Long', HubSpot_Id__c: 'x'.repeat(41) }));
      const badValue = await call(sandbox.url, `${V}/sobjects/Contact/${created.id}`, { method: 'PATCH', headers: AUTH, body: { Stage__c: 'Evangelist' } });
      const duplicate = await failure(conn.sobject('Contact').create({ LastName: 'Again', HubSpot_Id__c: 'HS-1' }));
      const tooBig = await failure(conn.sobject('Contact').create({ LastName: 'Big', Score__c: 1000 }));
      const wrongTarget = await failure(conn.sobject('Contact').create({ LastName: 'Wrong', Partner__c: created.id }));

      expect(upserted).toMatchObject({ success: true, created: true });
      expect(collection).toMatchObject([{ success: true }]);
      expect(rows.map(({ attributes: _a, ...r }) => r)).toEqual([
        { LastName: 'Babbage', Stage__c: 'Customer', Score__c: null, Deleted__c: false, Partner__c: null },
        { LastName: 'Lovelace', Stage__c: 'Lead', Score__c: 12.5, Deleted__c: false, Partner__c: account },
      ]);
      expect(tooLong).toMatchObject({ errorCode: 'STRING_TOO_LONG', message: `HubSpot Id: data value too large: ${'x'.repeat(41)} (max length=40)` });
      expect(badValue.status).toBe(400);
      expect(badValue.json).toEqual([{ message: 'Stage: bad value for restricted picklist field: Evangelist', errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['Stage__c'] }]);
      expect(duplicate).toMatchObject({ errorCode: 'DUPLICATE_VALUE' });
      expect(tooBig).toMatchObject({ errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' });
      expect(wrongTarget).toMatchObject({ errorCode: 'MALFORMED_ID' });
    });

    it('refuses a field that already exists, with the duplicate-name body', async () => {
      await createField('Contact.HubSpot_Id__c', FIELDS['HubSpot_Id__c']);
      const viaSdk = await failure(createField('Contact.hubspot_id__c', FIELDS['HubSpot_Id__c']));
      const raw = await rawCreate({ FullName: 'Contact.HubSpot_Id__c', Metadata: FIELDS['HubSpot_Id__c'] });

      expect(viaSdk).toMatchObject({ errorCode: 'DUPLICATE_DEVELOPER_NAME' });
      expect(raw.status).toBe(400);
      expect(raw.json).toEqual([{ message: 'There is already a field named HubSpot_Id on Contact.', errorCode: 'DUPLICATE_DEVELOPER_NAME', fields: [] }]);
    });

    it.each([
      ['no __c suffix', { FullName: 'Contact.HubSpot_Id', Metadata: { type: 'Text', length: 10 } }, 'FIELD_INTEGRITY_EXCEPTION', ['FullName']],
      ['an unknown object', { FullName: 'Widget.Foo__c', Metadata: { type: 'Text', length: 10 } }, 'FIELD_INTEGRITY_EXCEPTION', ['FullName']],
      ['no FullName', { Metadata: { type: 'Text', length: 10 } }, 'REQUIRED_FIELD_MISSING', ['FullName']],
      ['a double underscore in the name', { FullName: 'Contact.Foo__Bar__c', Metadata: { type: 'Text', length: 10 } }, 'FIELD_INTEGRITY_EXCEPTION', ['FullName']],
      ['no type', { FullName: 'Contact.Foo__c', Metadata: { label: 'Foo' } }, 'FIELD_INTEGRITY_EXCEPTION', ['type']],
      ['an unknown type', { FullName: 'Contact.Foo__c', Metadata: { type: 'Hologram' } }, 'FIELD_INTEGRITY_EXCEPTION', ['type']],
      ['Text without length', { FullName: 'Contact.Foo__c', Metadata: { type: 'Text' } }, 'FIELD_INTEGRITY_EXCEPTION', ['length']],
      ['Text over 255', { FullName: 'Contact.Foo__c', Metadata: { type: 'Text', length: 256 } }, 'FIELD_INTEGRITY_EXCEPTION', ['length']],
      ['Number over 18 digits', { FullName: 'Contact.Foo__c', Metadata: { type: 'Number', precision: 19, scale: 0 } }, 'FIELD_INTEGRITY_EXCEPTION', ['precision']],
      ['Checkbox without default', { FullName: 'Contact.Foo__c', Metadata: { type: 'Checkbox' } }, 'FIELD_INTEGRITY_EXCEPTION', ['defaultValue']],
      ['Picklist without values', { FullName: 'Contact.Foo__c', Metadata: { type: 'Picklist', valueSet: { valueSetDefinition: { value: [] } } } }, 'FIELD_INTEGRITY_EXCEPTION', ['valueSet']],
      ['Lookup without referenceTo', { FullName: 'Contact.Foo__c', Metadata: { type: 'Lookup', relationshipName: 'Foos' } }, 'FIELD_INTEGRITY_EXCEPTION', ['referenceTo']],
    ])('refuses %s with a REST error array and creates nothing', async (_, body, errorCode, fields) => {
      const res = await rawCreate(body);
      expect(res.status).toBe(400);
      expect(res.json).toEqual([{ message: expect.any(String), errorCode, fields }]);
      expect((await describeFields()).filter((f) => f.name.endsWith('__c'))).toEqual([]);
    });

    it('lists created fields through a tooling query and serves one by id with FullName and Metadata', async () => {
      const contact = await createField('Contact.HubSpot_Id__c', FIELDS['HubSpot_Id__c']);
      const account = await createField('Account.HubSpot_Company_Id__c', { type: 'Text', label: 'HubSpot Company Id', length: 40, externalId: true });
      const onContact = await conn.tooling.query<Record<string, unknown>>("SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE TableEnumOrId = 'Contact'");
      const byName = await conn.tooling.query<Record<string, unknown>>("SELECT Id, FullName FROM CustomField WHERE TableEnumOrId = 'Account' AND DeveloperName = 'HubSpot_Company_Id'");
      const tooMany = await failure(conn.tooling.query('SELECT Id, Metadata FROM CustomField'));
      const one = await conn.tooling.retrieve('CustomField', contact.id);
      const { json: raw } = await call(sandbox.url, `${V}/tooling/query?q=${encodeURIComponent("SELECT Id FROM CustomField WHERE DeveloperName = 'Nope'")}`, { headers: AUTH });

      expect(onContact.totalSize).toBe(1);
      expect(onContact.records).toEqual([{ attributes: { type: 'CustomField', url: `${V}/tooling/sobjects/CustomField/${contact.id}` }, Id: contact.id, DeveloperName: 'HubSpot_Id', TableEnumOrId: 'Contact' }]);
      expect(byName.records).toMatchObject([{ Id: account.id, FullName: 'Account.HubSpot_Company_Id__c' }]);
      expect(tooMany).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
      expect(one).toMatchObject({ Id: contact.id, DeveloperName: 'HubSpot_Id', TableEnumOrId: 'Contact', FullName: 'Contact.HubSpot_Id__c', Metadata: { type: 'Text', length: 40, externalId: true, unique: true } });
      expect(raw).toEqual({ size: 0, totalSize: 0, done: true, queryLocator: null, entityTypeName: 'CustomField', records: [] });
    });

    it('counts tooling calls under their endpoint names', async () => {
      const { id } = await createField('Contact.Renewal__c', FIELDS['Renewal__c']);
      await conn.tooling.retrieve('CustomField', id);
      await conn.tooling.query('SELECT Id FROM CustomField');
      const { json } = await call(sandbox.url, '/__sandbox/calls');
      expect((json as { counts: Record<string, number> }).counts).toMatchObject({ toolingCreateCustomField: 1, toolingGetCustomField: 1, toolingQuery: 1 });
    });

    it('forgets created fields on reset, as a fresh org', async () => {
      await createField('Contact.HubSpot_Id__c', FIELDS['HubSpot_Id__c']);
      await grant(conn, ['Contact.HubSpot_Id__c']);
      await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
      expect(await fieldOf('HubSpot_Id__c')).toBeUndefined();
      expect((await conn.tooling.query('SELECT Id FROM CustomField')).totalSize).toBe(0);
    });
  });

  describe('one schema per sandbox', () => {
    it('keeps a field created in one sandbox out of another in the same process', async () => {
      const other = await startSalesforceSandbox({ ...CREDS, accessToken: TOKEN, customFields: false });
      const seeded = await startSalesforceSandbox({ ...CREDS, accessToken: TOKEN });
      try {
        await createField('Contact.Deleted__c', FIELDS['Deleted__c']);
        await grant(conn, ['Contact.Deleted__c']);
        const otherFields = (await connect(other.url).request<{ fields: DescribeField[] }>(`${V}/sobjects/Contact/describe`)).fields.map((f) => f.name);
        const seededFields = (await connect(seeded.url).request<{ fields: DescribeField[] }>(`${V}/sobjects/Contact/describe`)).fields.map((f) => f.name);
        const seededList = await connect(seeded.url).tooling.query<{ DeveloperName: string }>("SELECT DeveloperName FROM CustomField WHERE TableEnumOrId = 'Contact'");

        expect(await fieldOf('Deleted__c')).toMatchObject({ type: 'boolean' });
        expect(otherFields).not.toContain('Deleted__c');
        expect(seededFields).not.toContain('Deleted__c');
        expect(seededFields).toContain('HubSpot_Id__c');
        expect(seededList.records.map((r) => r.DeveloperName)).toContain('HubSpot_Id');
        expect(await failure(createIn(connect(seeded.url), 'Contact.HubSpot_Id__c', { type: 'Text', length: 10 }))).toMatchObject({ errorCode: 'DUPLICATE_DEVELOPER_NAME' });
      } finally {
        await other.close();
        await seeded.close();
      }
    });

    it('keeps created fields in the state file across a restart', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sf-tooling-'));
      const stateFile = join(dir, 'salesforce.json');
      try {
        const first = await startSalesforceSandbox({ ...CREDS, accessToken: TOKEN, customFields: false, stateFile });
        const created = await createIn(connect(first.url), 'Contact.Score__c', FIELDS['Score__c']);
        await grant(connect(first.url), ['Contact.Score__c']);
        await connect(first.url).sobject('Contact').create({ LastName: 'Kept', Score__c: 7 });
        await first.close();

        const second = await startSalesforceSandbox({ ...CREDS, accessToken: TOKEN, customFields: false, stateFile });
        try {
          const again = connect(second.url);
          const rows = (await again.query<{ Score__c: number }>("SELECT Score__c FROM Contact WHERE LastName = 'Kept'")).records;
          const next = await createIn(again, 'Contact.Renewal__c', FIELDS['Renewal__c']);
          const renewal = (await again.request<{ fields: DescribeField[] }>(`${V}/sobjects/Contact/describe`)).fields.find((f) => f.name === 'Renewal__c');
          // The grant came back with the records: Score__c stays visible, the field created after the restart is not.
          expect(rows.map((r) => r.Score__c)).toEqual([7]);
          expect(renewal).toBeUndefined();
          expect((await again.tooling.retrieve('CustomField', created.id)) as unknown).toMatchObject({ FullName: 'Contact.Score__c', Metadata: { precision: 5, scale: 2 } });
          expect(next.id).not.toBe(created.id);
        } finally {
          await second.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
