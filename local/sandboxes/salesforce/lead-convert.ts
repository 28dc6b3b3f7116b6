import type { SaveError } from './errors.ts';
import { normalizeId } from './ids.ts';
import { isCustomField, type ObjectDef, type OrgSchema } from './schema.ts';
import type { SalesforceStore, SfRecord } from './store.ts';
import type { FieldValue } from './values.ts';

/** One `LeadConvert` of a `convertLead()` call (SOAP API, partner WSDL); absent booleans are false. */
export interface LeadConvertRequest {
  leadId?: string;
  convertedStatus?: string;
  accountId?: string;
  contactId?: string;
  ownerId?: string;
  opportunityName?: string;
  doNotCreateOpportunity: boolean;
  overwriteLeadSource: boolean;
}

/** One `LeadConvertResult`: the ids on success, `success: false` and the errors otherwise. */
export interface LeadConvertResult {
  accountId: string | null;
  contactId: string | null;
  leadId: string | null;
  opportunityId: string | null;
  success: boolean;
  errors: SaveError[];
}

/** The four objects a conversion touches, as the org's schema has them now (custom fields included). */
interface ConvertObjects {
  ACCOUNT: ObjectDef;
  CONTACT: ObjectDef;
  LEAD: ObjectDef;
  OPPORTUNITY: ObjectDef;
}

function convertObjects(schema: OrgSchema): ConvertObjects {
  const [ACCOUNT, CONTACT, LEAD, OPPORTUNITY] = ['Account', 'Contact', 'Lead', 'Opportunity'].map((name) => schema.object(name)) as [ObjectDef, ObjectDef, ObjectDef, ObjectDef];
  return { ACCOUNT, CONTACT, LEAD, OPPORTUNITY };
}

/** Standard lead field mapping ("Map Lead Fields" help page) for the fields the sandbox has. */
const STANDARD_CONTACT_FIELDS = ['FirstName', 'LastName', 'Email', 'Phone', 'Title', 'LeadSource'] as const;

/**
 * Custom lead fields go where the admin maps them (Setup → Map Lead Fields); a real org maps nothing by default.
 * The sandbox maps each custom Lead field to the Contact field of the same API name, as admins who sync with another
 * system do (HubSpot_Id__c, HubSpot_Lead_Score__c, ...). A connector must not rely on it: an org may map fewer.
 */
const customContactFields = ({ LEAD, CONTACT }: ConvertObjects): string[] =>
  Object.keys(LEAD.fields).filter((name) => isCustomField(name) && CONTACT.fields[name] && !CONTACT.fields[name].readOnly);

class ConvertFailure extends Error {
  constructor(readonly error: SaveError) {
    super(error.message);
  }
}

const fail = (code: string, message: string, fields: string[] = []): never => {
  throw new ConvertFailure({ code, message, fields });
};

const present = (value: FieldValue | undefined): value is Exclude<FieldValue, null> => value !== null && value !== undefined && value !== '';

/** A live record of `def` by id, else the per-lead error. Codes for unknown and deleted ids: [?] (not in vendor-apis). */
function liveRecord(store: SalesforceStore, def: ObjectDef, rawId: string | undefined, field: string): SfRecord {
  const id = rawId ? normalizeId(rawId) : undefined;
  const record = id?.startsWith(def.keyPrefix) ? store.find(def, id) : undefined;
  if (!record) return fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field]);
  if (record['IsDeleted']) return fail('ENTITY_IS_DELETED', 'entity is deleted', [field]);
  return record;
}

function saved(outcome: ReturnType<SalesforceStore['create']>): string {
  if (!outcome.ok) throw new ConvertFailure(outcome.errors[0] ?? { code: 'UNKNOWN_EXCEPTION', message: 'save failed', fields: [] });
  return outcome.id;
}

function contactValues(objects: ConvertObjects, lead: SfRecord): Record<string, FieldValue> {
  return Object.fromEntries([...STANDARD_CONTACT_FIELDS, ...customContactFields(objects)].flatMap((name) => (present(lead[name]) ? [[name, lead[name]]] : [])));
}

/**
 * Into an existing Contact, only its empty fields are filled ("existing data isn't overwritten"), except LeadSource
 * when `overwriteLeadSource` is set (convertLead() usage notes).
 */
function mergeIntoContact(store: SalesforceStore, objects: ConvertObjects, contact: SfRecord, lead: SfRecord, request: LeadConvertRequest, accountId: string): void {
  const fill = Object.entries(contactValues(objects, lead)).filter(([name]) => !present(contact[name]) || (name === 'LeadSource' && request.overwriteLeadSource));
  const outcome = store.update(objects.CONTACT, contact, { ...Object.fromEntries(fill), ...(present(contact['AccountId']) ? {} : { AccountId: accountId }) });
  if (!outcome.ok) saved(outcome);
}

/** Today in UTC as a date: ConvertedDate has no time (vendor-apis §1.9); the org's time zone is not emulated. */
function today(store: SalesforceStore): string {
  return new Date(store.now()).toISOString().slice(0, 10);
}

function convertOne(store: SalesforceStore, objects: ConvertObjects, request: LeadConvertRequest): LeadConvertResult {
  const { ACCOUNT, CONTACT, LEAD, OPPORTUNITY } = objects;
  const lead = liveRecord(store, LEAD, request.leadId, 'leadId');
  if (lead['IsConverted'] === true) fail('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', ['leadId']);
  // A real org checks the value against its LeadStatus picklist (IsConverted = true); the sandbox keeps no picklists. [?] code
  if (!request.convertedStatus) fail('INVALID_STATUS', 'invalid convertedStatus: ', ['convertedStatus']);
  const owner = request.ownerId ? { OwnerId: request.ownerId } : { OwnerId: lead['OwnerId'] };
  const accountId = request.accountId
    ? liveRecord(store, ACCOUNT, request.accountId, 'accountId').Id
    : saved(store.create(ACCOUNT, { Name: lead['Company'], ...(present(lead['Phone']) ? { Phone: lead['Phone'] } : {}), ...owner }));
  let contactId: string;
  if (request.contactId) {
    const contact = liveRecord(store, CONTACT, request.contactId, 'contactId');
    mergeIntoContact(store, objects, contact, lead, request, accountId);
    contactId = contact.Id;
  } else {
    contactId = saved(store.create(CONTACT, { ...contactValues(objects, lead), AccountId: accountId, ...owner }));
  }
  // doNotCreateOpportunity defaults to false, so an Opportunity is created unless the caller opts out. Its name
  // defaults to the lead's company (convertLead() docs); StageName and CloseDate defaults are [?].
  const opportunityId = request.doNotCreateOpportunity
    ? null
    : saved(store.create(OPPORTUNITY, { Name: request.opportunityName ?? lead['Company'], AccountId: accountId, StageName: 'Prospecting', CloseDate: today(store), ...owner }));
  store.setSystemFields(LEAD, lead, {
    IsConverted: true,
    ConvertedAccountId: accountId,
    ConvertedContactId: contactId,
    ConvertedOpportunityId: opportunityId,
    ConvertedDate: today(store),
    Status: request.convertedStatus ?? null,
  });
  return { accountId, contactId, leadId: lead.Id, opportunityId, success: true, errors: [] };
}

/**
 * Converts one Lead as `convertLead()` does (vendor-apis §1.9): an Account (unless `accountId` names one), a Contact
 * (or the `contactId` one, merged into) and an Opportunity (unless `doNotCreateOpportunity`); the Lead becomes
 * read-only with its `Converted*` fields set. All or nothing for the one lead: a failure undoes its writes and comes
 * back as the result's errors, not as a fault, since the call reports each lead on its own (LeadConvertResult).
 */
export function convertLead(store: SalesforceStore, schema: OrgSchema, request: LeadConvertRequest): LeadConvertResult {
  const rollback = store.snapshot();
  try {
    return convertOne(store, convertObjects(schema), request);
  } catch (error) {
    if (!(error instanceof ConvertFailure)) throw error;
    rollback();
    // Whether a failed result echoes the leadId is [?]; like the other ids it is nil here.
    return { accountId: null, contactId: null, leadId: null, opportunityId: null, success: false, errors: [error.error] };
  }
}
