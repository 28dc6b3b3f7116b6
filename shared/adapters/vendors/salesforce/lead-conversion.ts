import type { ChangeEvent } from '#domain/change-event';

/**
 * Salesforce lead conversion (vendor-apis §1.9): `convertLead` turns a Lead into a Contact (and an Account), sets
 * the Lead's read-only `IsConverted` and `ConvertedContactId`, and from then on refuses every write to the Lead
 * (CANNOT_UPDATE_CONVERTED_LEAD). The person lives on in the Contact, so Syncline follows it there.
 */

/** The Lead fields that tell a conversion; read beside the mapped fields whenever Leads are polled or read. */
export const CONVERSION_FIELDS = ['IsConverted', 'ConvertedContactId'] as const;

/** The Lead `objectType`, compared as Salesforce compares names (case-insensitively). */
export function isLead(objectType: string): boolean {
  return objectType.toLowerCase() === 'lead';
}

/** True for a Lead record that Salesforce converted. */
export function isConvertedLead(objectType: string, record: Record<string, unknown>): boolean {
  return isLead(objectType) && record['IsConverted'] === true;
}

/**
 * The change event of a conversion. It is about the Contact (like a merge is about its survivor), so it travels in
 * the Contact's FIFO message group, and `convertedFrom` names the Lead in the spelling of a link (`Lead:00Q…`). The
 * event id depends on the Lead alone: the Lead's poll and the Contact's poll may both report one conversion, and
 * the second report is then a duplicate.
 */
export function conversionEvent(leadId: string, contactId: string, occurredAtMs: number): ChangeEvent {
  return {
    source: 'salesforce',
    objectType: 'Contact',
    sourceId: contactId,
    eventId: `${leadId}-converted`,
    occurredAt: new Date(occurredAtMs).toISOString(),
    kind: 'convert',
    fields: { convertedFrom: `Lead:${leadId}` },
  };
}
