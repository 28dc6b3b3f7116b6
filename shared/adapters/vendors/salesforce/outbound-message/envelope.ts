import { XmlRefusal, childrenNamed, localName, onlyChild, parseXmlDocument, type XmlNode } from './xml-tree.ts';

/** Salesforce puts at most 100 notifications in one message (vendor-apis §1.10). */
export const MAX_NOTIFICATIONS = 100;

/** The parts of an Outbound Message envelope Syncline reads. */
export interface OutboundEnvelope {
  organizationId: string;
  actionId: string | undefined;
  notifications: XmlNode[];
}

export type EnvelopeOutcome = { ok: true; envelope: OutboundEnvelope } | { ok: false; message: string };

const ORG_ID = /^00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

const fail = (message: string): EnvelopeOutcome => ({ ok: false, message });

/**
 * Reads `Envelope/Body/notifications` of a Salesforce Outbound Message, by local names: the namespace prefixes are
 * the sender's choice. Checks the shape only as far as every notification needs it (one OrganizationId, 1–100
 * Notification elements); each notification is read on its own by the parser.
 */
export function readOutboundEnvelope(rawBody: string): EnvelopeOutcome {
  if (rawBody.trim() === '') return fail('The body is empty; expected a SOAP envelope with Salesforce notifications.');
  let root: XmlNode;
  try {
    root = parseXmlDocument(rawBody);
  } catch (error) {
    if (error instanceof XmlRefusal) return fail(`The body is not a SOAP message Syncline reads: ${error.message}.`);
    throw error;
  }
  if (localName(root.name) !== 'Envelope') return fail(`The root element is <${root.name}>; expected a SOAP <Envelope>.`);
  const body = onlyChild(root, 'Body');
  if (!body) return fail('The SOAP envelope has no single <Body>.');
  const notifications = onlyChild(body, 'notifications');
  if (!notifications) return fail('The SOAP body has no single <notifications> element; is this a Salesforce Outbound Message?');
  const organizationId = onlyChild(notifications, 'OrganizationId')?.text.trim() ?? '';
  if (!ORG_ID.test(organizationId)) return fail('<notifications> needs one <OrganizationId> holding a 15- or 18-character org id starting 00D.');
  const items = childrenNamed(notifications, 'Notification');
  if (items.length === 0) return fail('<notifications> holds no <Notification>.');
  if (items.length > MAX_NOTIFICATIONS) return fail(`<notifications> holds ${items.length} <Notification> elements; Salesforce sends at most ${MAX_NOTIFICATIONS}.`);
  return { ok: true, envelope: { organizationId, actionId: onlyChild(notifications, 'ActionId')?.text.trim() || undefined, notifications: items } };
}
