/** Real-shaped Outbound Message bodies, as Salesforce's WSDL and captured listeners show them (vendor-apis §1.10). */
export const ORG_ID = '00D5e000000AbCdEAI';

export interface FixtureNotification {
  id: string;
  type?: string;
  fields: string;
}

export function envelope(notifications: readonly FixtureNotification[], org = ORG_ID): string {
  const items = notifications
    .map((n) => `<Notification><Id>${n.id}</Id><sObject xsi:type="sf:${n.type ?? 'Contact'}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${n.fields}</sObject></Notification>`)
    .join('\n   ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>${org}</OrganizationId>
   <ActionId>04k5e000000AbCdAAA</ActionId>
   <SessionId xsi:nil="true"/>
   <EnterpriseUrl>https://acme.my.salesforce.com/services/Soap/c/60.0/00D5e000000AbCd</EnterpriseUrl>
   <PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/60.0/00D5e000000AbCd</PartnerUrl>
   ${items}
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`;
}

export const contactFields = (id: string, extra = ''): string =>
  `<sf:Id>${id}</sf:Id><sf:Email>ada@example.com</sf:Email><sf:SystemModstamp>2024-05-01T09:30:00.000Z</sf:SystemModstamp>${extra}`;

export const notificationId = (n: number): string => `04l5e000000${String(n).padStart(4, '0')}AAA`;
