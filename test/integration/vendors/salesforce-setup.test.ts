import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { salesforceWriter } from '#adapters/vendors/salesforce/writer';
import { PermanentError } from '#domain/errors';
import type { NewField } from '#ports/crm';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';

const CREDS = { clientId: 'setup-client', clientSecret: 'setup-secret', refreshToken: 'setup-refresh' };

/** One field of each kind the contract can need, as `setup --apply` asks for them. */
const FIELDS: readonly NewField[] = [
  { name: 'HubSpot_Id__c', label: 'HubSpot Id', type: 'text', externalId: true, purpose: "hubspot's ids" },
  { name: 'Score__c', label: 'Score', type: 'number', purpose: 'person.score' },
  { name: 'Paid__c', label: 'Paid', type: 'currency', purpose: 'company.paid' },
  { name: 'Paid_On__c', label: 'Paid on', type: 'date', purpose: 'company.paidOn' },
  { name: 'Last_Call__c', label: 'Last call', type: 'datetime', purpose: 'person.lastCall' },
  { name: 'Gone__c', label: 'Gone', type: 'boolean', purpose: 'the soft-delete flag' },
  { name: 'Stage__c', label: 'Stage', type: 'picklist', values: ['Lead', 'Client'], purpose: 'person.stage' },
  { name: 'Recording__c', label: 'Recording', type: 'url', purpose: 'person.recording' },
  { name: 'Backup_Email__c', label: 'Backup e-mail', type: 'email', purpose: 'person.backup' },
  { name: 'Desk_Phone__c', label: 'Desk phone', type: 'phone', purpose: 'person.desk' },
  { name: 'Manager__c', label: 'Manager', type: 'reference', referenceTo: 'Contact', purpose: 'person.manager' },
];

describe('setup --apply against the Salesforce sandbox: custom fields through the Tooling API with jsforce', () => {
  let sandbox: SalesforceSandbox;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'setup-token', customFields: false, seed: false });
  });
  afterAll(() => sandbox.close());
  const writer = () => salesforceWriter(createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, accessToken: 'setup-token' }));

  it('creates one field of each kind, hidden from the integration user until its permission set grants them; describe then reports them with the flags the checks and upserts rely on, and a record takes them', async () => {
    const w = writer();
    for (const field of FIELDS) expect(await w.createField?.('Contact', field)).toBe('created');
    // Made through the API, the fields have no field-level security yet: the integration user cannot see them.
    expect(Object.keys((await writer().fields?.('Contact')) ?? {}).filter((f) => f.endsWith('__c'))).toEqual([]);

    const granted = await w.grantFieldAccess?.(FIELDS.map((f) => ({ objectType: 'Contact', field: f.name })));
    const again = await w.grantFieldAccess?.(FIELDS.map((f) => ({ objectType: 'Contact', field: f.name })));

    expect(granted?.[0]).toBe('permission set Syncline_Integration created');
    expect(granted?.filter((d) => d.startsWith('read and edit of Contact.'))).toHaveLength(FIELDS.length);
    expect(granted?.at(-1)).toMatch(/^permission set Syncline_Integration assigned to the integration user 005/);
    expect(again).toEqual([]);
    const fields = await writer().fields?.('Contact');

    expect(fields?.['HubSpot_Id__c']).toMatchObject({ type: 'string', length: 255, unique: true, writable: true });
    expect(fields?.['Stage__c']).toMatchObject({ type: 'picklist', allowed: ['Lead', 'Client'] });
    expect(Object.fromEntries(FIELDS.map((f) => [f.name, fields?.[f.name]?.type]))).toEqual({
      HubSpot_Id__c: 'string', Score__c: 'double', Paid__c: 'currency', Paid_On__c: 'date', Last_Call__c: 'datetime', Gone__c: 'boolean',
      Stage__c: 'picklist', Recording__c: 'url', Backup_Email__c: 'email', Desk_Phone__c: 'phone', Manager__c: 'reference',
    });
    const [written] = await writer().upsert('Contact', 'HubSpot_Id__c', [{ externalId: 'hs-1', fields: { LastName: 'Field', Score__c: 12.5, Stage__c: 'Client', Gone__c: false } }]);
    expect(written).toMatchObject({ ok: true, created: true });
  });

  it('answers exists for a field the org has, and names a refusal', async () => {
    expect(await writer().createField?.('Contact', { name: 'Score__c', label: 'Score', type: 'number', purpose: 'person.score' })).toBe('exists');

    const refused = writer().createField?.('Nope', { name: 'Score__c', label: 'Score', type: 'number', purpose: 'person.score' });

    await expect(refused).rejects.toBeInstanceOf(PermanentError);
    await expect(refused).rejects.toThrow(/Salesforce refused the custom field Nope\.Score__c: /);
  });
});
