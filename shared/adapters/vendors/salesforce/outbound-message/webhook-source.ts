import type { WebhookConnector } from '../../connector.ts';
import { acknowledgeOutboundMessage } from './acknowledge.ts';
import { parseSalesforceOutboundMessage } from './parse.ts';
import { SalesforceOutboundSecret } from './secret.ts';
import { verifySalesforceOutboundMessage } from './verify.ts';

/**
 * Salesforce Outbound Messages (SOAP notifications from workflow rules or flows): authenticated by a URL token and
 * the org id (Salesforce signs nothing; see verify.ts), parsed into whole-record snapshots, answered with the SOAP Ack.
 */
export const salesforceOutboundWebhooks: WebhookConnector = {
  name: 'salesforce',
  verify: (secret, request) => verifySalesforceOutboundMessage(request, SalesforceOutboundSecret.parse(secret)),
  parse: parseSalesforceOutboundMessage,
  acknowledge: acknowledgeOutboundMessage,
};
