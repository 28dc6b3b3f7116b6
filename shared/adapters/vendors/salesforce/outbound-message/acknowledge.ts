import type { Acknowledgement } from '#ports/webhook-source';

/**
 * The SOAP answer Salesforce needs to count an Outbound Message as delivered (vendor-apis §1.10). Without
 * `<Ack>true</Ack>` in a 200 it retries the whole message for up to 24 hours.
 */
export const OUTBOUND_ACK_BODY =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  '<soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body>' +
  '</soapenv:Envelope>';

/** The acknowledgement, whatever the number of events accepted (skipped notifications are acknowledged too). */
export function acknowledgeOutboundMessage(_accepted: number): Acknowledgement {
  return { status: 200, contentType: 'text/xml; charset=utf-8', body: OUTBOUND_ACK_BODY };
}
