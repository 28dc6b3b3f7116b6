/**
 * The SOAP bytes of a Salesforce Outbound Message and the check of the listener's answer (vendor-apis §1.10).
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_wsdl.htm
 */
import type { ObjectDef } from './schema.ts';
import { XmlSyntaxError, childOf, localName, parseXml } from './soap-xml.ts';
import type { SfRecord } from './store.ts';
import { parseDateTime, type FieldValue } from './values.ts';

/** The parts of a message that are not notifications. */
export interface EnvelopeHeader {
  organizationId: string;
  actionId: string;
  /** The sandbox URL; the Enterprise and Partner URLs hang off it. */
  instanceUrl: string;
  apiVersion: string;
}

/** One notification, its sObject already rendered. */
export interface RenderedNotification {
  id: string;
  sObjectXml: string;
}

/** Escapes element text. `\r` becomes a character reference, because XML parsers turn a literal CR into LF. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r/g, '&#13;');
}

/**
 * A value as the SOAP API renders it: datetimes in UTC with milliseconds and `Z`, booleans `true`/`false`, doubles
 * and currency like Java (`240.0`), integers plain. [T] Java's exponent form for very large doubles is not emulated.
 */
export function renderFieldValue(def: ObjectDef, field: string, value: Exclude<FieldValue, null>): string {
  const type = def.fields[field]?.type;
  if (type === 'datetime' && typeof value === 'string') {
    const ms = parseDateTime(value);
    return ms === undefined ? value : new Date(ms).toISOString();
  }
  // Only whole numbers JavaScript prints without an exponent get Java's `.0` (1e21 stays `1e+21`).
  if ((type === 'double' || type === 'currency' || type === 'percent') && typeof value === 'number' && /^-?\d+$/.test(String(value))) return `${value}.0`;
  return String(value);
}

/** `<sObject xsi:type="sf:Contact">` with `sf:Id` first, then the selected fields that are not null, in the definition's order. */
export function renderSObject(def: ObjectDef, record: SfRecord, fields: readonly string[]): string {
  const parts = [`<sf:Id>${escapeText(record.Id)}</sf:Id>`];
  for (const field of fields) {
    const value = record[field] as FieldValue | undefined;
    if (field === 'Id' || value === null || value === undefined) continue;
    parts.push(`<sf:${field}>${escapeText(renderFieldValue(def, field, value))}</sf:${field}>`);
  }
  return `<sObject xsi:type="sf:${def.name}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${parts.join('')}</sObject>`;
}

/** The whole message, up to 100 notifications. */
export function renderEnvelope(header: EnvelopeHeader, notifications: readonly RenderedNotification[]): string {
  const org15 = header.organizationId.slice(0, 15);
  const items = notifications.map((n) => `<Notification><Id>${escapeText(n.id)}</Id>${n.sObjectXml}</Notification>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    '<soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound">' +
    `<OrganizationId>${escapeText(header.organizationId)}</OrganizationId>` +
    `<ActionId>${escapeText(header.actionId)}</ActionId>` +
    '<SessionId xsi:nil="true"/>' +
    `<EnterpriseUrl>${escapeText(`${header.instanceUrl}/services/Soap/c/${header.apiVersion}/${org15}`)}</EnterpriseUrl>` +
    `<PartnerUrl>${escapeText(`${header.instanceUrl}/services/Soap/u/${header.apiVersion}/${org15}`)}</PartnerUrl>` +
    items +
    '</notifications></soapenv:Body></soapenv:Envelope>'
  );
}

/** True when a listener's answer is a SOAP `notificationsResponse` with `<Ack>true</Ack>`, whatever its prefixes. */
export function isAck(body: string): boolean {
  try {
    const root = parseXml(body);
    if (localName(root.name) !== 'Envelope') return false;
    const ack = childOf(childOf(childOf(root, 'Body'), 'notificationsResponse'), 'Ack');
    return ack?.text === 'true';
  } catch (error) {
    if (error instanceof XmlSyntaxError) return false;
    throw error;
  }
}
