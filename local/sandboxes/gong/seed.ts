import type { GongStore } from './store.ts';

/**
 * Ids of the seeded Salesforce records (local/sandboxes/salesforce/seed.ts, ids by creation order) the seeded calls
 * point at, so a delivered seeded call lands on records that exist.
 */
export const SEEDED_SALESFORCE = {
  northwindAccount: '001Dn0000000001IAA',
  northwindOpportunity: '006Dn000000000ZIAQ',
  northwindContact: '003Dn000000000BIAQ',
  contosoAccount: '001Dn0000000002IAA',
  contosoOpportunity: '006Dn000000000aIAA',
  contosoContact: '003Dn000000000CIAQ',
} as const;

/** Seeds two calls (not delivered: `POST /__sandbox/calls/{id}/deliver` fires the rule for one). */
export function seedGong(store: GongStore): void {
  const sf = SEEDED_SALESFORCE;
  store.create({
    title: 'Northwind renewal: pricing review',
    started: '2024-03-04T15:00:12.345678Z',
    duration: 2159,
    media: 'Video',
    salesforceOpportunityId: sf.northwindOpportunity,
    salesforceAccountId: sf.northwindAccount,
    salesforceContactIds: [sf.northwindContact],
    trackers: [{ name: 'Competitor: Globex', count: 3 }, { name: 'Pricing', count: 5 }],
    talkRatio: 0.58,
  });
  store.create({
    title: 'Contoso lab expansion: discovery',
    started: '2024-03-05T09:30:00-05:00',
    duration: 1260,
    media: 'Audio',
    direction: 'Outbound',
    salesforceOpportunityId: sf.contosoOpportunity,
    salesforceAccountId: sf.contosoAccount,
    salesforceContactIds: [sf.contosoContact],
    talkRatio: 0.41,
  });
}
