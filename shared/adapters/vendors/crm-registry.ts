import type { CrmConnector } from './connector.ts';
import { gongCrm } from './gong/connector.ts';
import { hubspotCrm } from './hubspot/connector.ts';
import { outreachCrm } from './outreach/connector.ts';
import { salesforceCrm } from './salesforce/connector.ts';

/** Vendors whose APIs the processor reads from or writes to, or whose records a full read lists. Adding one: a folder beside this file and a line here. */
export const crmConnectors: Readonly<Record<string, CrmConnector>> = {
  gong: gongCrm,
  hubspot: hubspotCrm,
  outreach: outreachCrm,
  salesforce: salesforceCrm,
};

export function crmConnectorFor(name: string): CrmConnector | undefined {
  return crmConnectors[name];
}
