import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call, jsforceError } from './support.ts';

const CREDS = { clientId: 'fls-client', clientSecret: 'fls-secret', refreshToken: 'fls-refresh' };
const TOKEN = 'fls-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const V = '/services/data/v62.0';

interface SaveResult {
  id: string;
  success: boolean;
  errors: unknown[];
}

interface DescribeField {
  name: string;
  createable: boolean;
  updateable: boolean;
}

const failure = (promise: PromiseLike<unknown>) => jsforceError(promise);
const SCORE = { type: 'Number', label: 'Score', precision: 5, scale: 2 };

describe('Salesforce sandbox field-level security for created fields', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  let userId: string;

  const describeFields = async () => (await conn.request<{ fields: DescribeField[] }>(`${V}/sobjects/Contact/describe`)).fields;
  const fieldOf = async (name: string) => (await describeFields()).find((f) => f.name === name);
  const createField = (fullName: string, metadata: unknown) => conn.tooling.create('CustomField', { FullName: fullName, Metadata: metadata } as never) as unknown as Promise<SaveResult>;
  const create = async (type: string, body: Record<string, unknown>) => (await conn.sobject(type).create(body)) as SaveResult;
  const raw = (path: string, method: string, body?: unknown) => call(sandbox.url, `${V}${path}`, { method, headers: AUTH, body });

  /** A permission set granting `field`, assigned to the API user: the three calls a setup makes. */
  async function grant(field: string, permissions: { read: boolean; edit: boolean }, name = 'Syncline_Integration'): Promise<{ permissionSet: string; assignment: string }> {
    const permissionSet = await create('PermissionSet', { Name: name, Label: 'Syncline Integration' });
    await create('FieldPermissions', { ParentId: permissionSet.id, SobjectType: field.split('.')[0], Field: field, PermissionsRead: permissions.read, PermissionsEdit: permissions.edit });
    const assignment = await create('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: permissionSet.id });
    return { permissionSet: permissionSet.id, assignment: assignment.id };
  }

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: TOKEN, customFields: false });
  });
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    // A stale token makes jsforce refresh it, and the token response's identity URL names the API user.
    conn = new jsforce.Connection({
      oauth2: { clientId: CREDS.clientId, clientSecret: CREDS.clientSecret, loginUrl: sandbox.url, redirectUri: 'http://localhost/cb' },
      instanceUrl: sandbox.url,
      accessToken: 'stale-token',
      refreshToken: CREDS.refreshToken,
      version: '62.0',
    });
    await conn.query('SELECT Id FROM Contact LIMIT 1');
    userId = conn.userInfo?.id ?? '';
  });
  afterAll(() => sandbox.close());

  it('hides a created field from describe, SOQL, Bulk queries and every write until it is granted, while the Tooling API lists it', async () => {
    const { id } = await createField('Contact.Score__c', SCORE);
    const contact = (await conn.query<{ Id: string }>('SELECT Id FROM Contact LIMIT 1')).records[0]?.Id ?? '';

    const described = await fieldOf('Score__c');
    const query = await failure(conn.query('SELECT Id, Score__c FROM Contact'));
    const filter = await failure(conn.query('SELECT Id FROM Contact WHERE Score__c > 1'));
    const bulkQuery = await raw('/jobs/query', 'POST', { operation: 'query', query: 'SELECT Id, Score__c FROM Contact' });
    const created = await raw('/sobjects/Contact', 'POST', { LastName: 'Hidden', Score__c: 3 });
    const updated = await raw(`/sobjects/Contact/${contact}`, 'PATCH', { Score__c: 3 });
    const collection = await raw('/composite/sobjects', 'POST', { allOrNone: false, records: [{ attributes: { type: 'Contact' }, LastName: 'Hidden', Score__c: 3 }] });
    const listed = await conn.tooling.query<{ Id: string }>("SELECT Id FROM CustomField WHERE DeveloperName = 'Score'");

    expect(described).toBeUndefined();
    expect(query).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(query.message).toContain("No such column 'Score__c' on entity 'Contact'");
    expect(filter).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(bulkQuery.status).toBe(400);
    expect(bulkQuery.json).toMatchObject([{ errorCode: 'INVALID_FIELD' }]);
    const unknown = [{ message: "No such column 'Score__c' on sobject of type Contact", errorCode: 'INVALID_FIELD', fields: ['Score__c'] }];
    expect(created.json).toEqual(unknown);
    expect(updated.status).toBe(400);
    expect(updated.json).toEqual(unknown);
    expect(collection.json).toEqual([{ success: false, errors: [{ message: "No such column 'Score__c' on sobject of type Contact", statusCode: 'INVALID_FIELD', fields: ['Score__c'] }] }]);
    expect(listed.records.map((r) => r.Id)).toEqual([id]);
  });

  it('shows and writes a field granted Read and Edit through a permission set assigned to the user from the token response', async () => {
    await createField('Contact.Score__c', SCORE);
    const { permissionSet, assignment } = await grant('Contact.Score__c', { read: true, edit: true });

    const described = await fieldOf('Score__c');
    const written = await create('Contact', { LastName: 'Granted', Score__c: 7.5 });
    const rows = (await conn.query<{ Score__c: number }>("SELECT Score__c FROM Contact WHERE LastName = 'Granted'")).records;
    const sets = (await conn.query<Record<string, unknown>>('SELECT Id, Name, Label, IsOwnedByProfile FROM PermissionSet')).records;
    const grants = (await conn.query<Record<string, unknown>>("SELECT ParentId, SobjectType, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE Field = 'Contact.Score__c'")).records;
    const assignments = (await conn.query<Record<string, unknown>>('SELECT Id, AssigneeId, PermissionSetId FROM PermissionSetAssignment')).records;

    expect(userId).toMatch(/^005[A-Za-z0-9]{15}$/);
    expect(permissionSet).toMatch(/^0PS[A-Za-z0-9]{15}$/);
    expect(assignment).toMatch(/^0Pa[A-Za-z0-9]{15}$/);
    expect(described).toMatchObject({ createable: true, updateable: true });
    expect(written.success).toBe(true);
    expect(rows.map((r) => r.Score__c)).toEqual([7.5]);
    expect(sets.map(({ attributes: _a, ...r }) => r)).toEqual([{ Id: permissionSet, Name: 'Syncline_Integration', Label: 'Syncline Integration', IsOwnedByProfile: false }]);
    expect(grants.map(({ attributes: _a, ...r }) => r)).toEqual([{ ParentId: permissionSet, SobjectType: 'Contact', Field: 'Contact.Score__c', PermissionsRead: true, PermissionsEdit: true }]);
    expect(assignments.map(({ attributes: _a, ...r }) => r)).toEqual([{ Id: assignment, AssigneeId: userId, PermissionSetId: permissionSet }]);
  });

  it('makes a field granted Read without Edit visible but neither createable nor updateable', async () => {
    await createField('Contact.Score__c', SCORE);
    await grant('Contact.Score__c', { read: true, edit: false });

    const described = await fieldOf('Score__c');
    const rows = await conn.query('SELECT Id, Score__c FROM Contact');
    const write = await raw('/sobjects/Contact', 'POST', { LastName: 'ReadOnly', Score__c: 1 });

    expect(described).toMatchObject({ createable: false, updateable: false });
    expect(rows.totalSize).toBe(20);
    expect(write.status).toBe(400);
    expect(write.json).toEqual([
      {
        message: 'Unable to create/update fields: Score__c. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
        errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
        fields: ['Score__c'],
      },
    ]);
  });

  it('grants nothing through a permission set that is not assigned, and hides the field again when the assignment is deleted', async () => {
    await createField('Contact.Score__c', SCORE);
    const permissionSet = await create('PermissionSet', { Name: 'Unassigned', Label: 'Unassigned' });
    await create('FieldPermissions', { ParentId: permissionSet.id, SobjectType: 'Contact', Field: 'Contact.Score__c', PermissionsRead: true, PermissionsEdit: true });
    const unassigned = await fieldOf('Score__c');
    const assignment = await create('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: permissionSet.id });
    const assigned = await fieldOf('Score__c');
    await conn.sobject('PermissionSetAssignment').destroy(assignment.id);

    expect(unassigned).toBeUndefined();
    expect(assigned).toBeDefined();
    expect(await fieldOf('Score__c')).toBeUndefined();
  });

  it('keeps a required created field visible and writable at once, as Salesforce does for universally required fields', async () => {
    await createField('Contact.Region__c', { type: 'Text', label: 'Region', length: 20, required: true });
    expect(await fieldOf('Region__c')).toMatchObject({ createable: true, updateable: true });
  });

  it('rejects Edit without Read, duplicate names and assignments, and fields the org lacks', async () => {
    await createField('Contact.Score__c', SCORE);
    const { permissionSet } = await grant('Contact.Score__c', { read: true, edit: true });
    const fieldPermission = (await conn.query<{ Id: string }>('SELECT Id FROM FieldPermissions')).records[0]?.Id ?? '';

    const editOnly = await raw('/sobjects/FieldPermissions', 'POST', { ParentId: permissionSet, SobjectType: 'Contact', Field: 'Contact.Email', PermissionsRead: false, PermissionsEdit: true });
    const sameName = await failure(create('PermissionSet', { Name: 'Syncline_Integration', Label: 'Again' }));
    const sameGrant = await raw('/sobjects/FieldPermissions', 'POST', { ParentId: permissionSet, SobjectType: 'Contact', Field: 'Contact.Score__c', PermissionsRead: true });
    const sameAssignment = await raw('/sobjects/PermissionSetAssignment', 'POST', { AssigneeId: userId, PermissionSetId: permissionSet });
    const otherUser = await failure(create('PermissionSetAssignment', { AssigneeId: '005Dn0000000099AAA', PermissionSetId: permissionSet }));
    const noField = await failure(create('FieldPermissions', { ParentId: permissionSet, SobjectType: 'Contact', Field: 'Contact.Nope__c', PermissionsRead: true }));
    const noParent = await failure(create('FieldPermissions', { SobjectType: 'Contact', Field: 'Contact.Score__c', PermissionsRead: true }));
    const moved = await failure(conn.sobject('FieldPermissions').update({ Id: fieldPermission, Field: 'Contact.Email' }));

    expect(editOnly.status).toBe(400);
    expect(editOnly.json).toEqual([{ message: 'Permission Edit Contact.Email depends on permission(s): Read Contact.Email', errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['PermissionsRead'] }]);
    expect(sameName).toMatchObject({ errorCode: 'DUPLICATE_VALUE' });
    expect(sameGrant.json).toEqual([{ message: `duplicate value found: <unknown> duplicates value on record with id: ${fieldPermission}`, errorCode: 'DUPLICATE_VALUE', fields: [] }]);
    expect(sameAssignment.status).toBe(400);
    expect(sameAssignment.json).toEqual([{ message: `Duplicate PermissionSetAssignment. Assignee: ${userId}; Permission Set: ${permissionSet}`, errorCode: 'DUPLICATE_VALUE', fields: [] }]);
    expect(otherUser).toMatchObject({ errorCode: 'INVALID_CROSS_REFERENCE_KEY' });
    expect(noField).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'Field Name: bad value for restricted picklist field: Contact.Nope__c' });
    expect(noParent).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING' });
    expect(moved).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
  });

  it('forgets permission sets and grants on reset, so a created field of the fresh org is hidden again', async () => {
    await createField('Contact.Score__c', SCORE);
    await grant('Contact.Score__c', { read: true, edit: true });
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    await createField('Contact.Score__c', SCORE);

    expect((await conn.query('SELECT Id FROM PermissionSet')).totalSize).toBe(0);
    expect((await conn.query('SELECT Id FROM PermissionSetAssignment')).totalSize).toBe(0);
    expect(await fieldOf('Score__c')).toBeUndefined();
  });
});
