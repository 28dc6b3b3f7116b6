import type { AttributeValue, ResourceRef } from './model.ts';
import type { OutreachStore } from './store.ts';

/** Seeded resources are backdated from this instant, one hour apart: identical on every run. */
const SEED_EPOCH = Date.parse('2024-03-05T09:00:00.000Z');
const HOUR = 3_600_000;

/**
 * Prospects; the first four share e-mails with seeded Salesforce Contacts (local/sandboxes/salesforce/seed.ts, the
 * first Contacts in creation order), and the first three already carry that Contact's id in `custom1` (the
 * Salesforce-id attribute Syncline uses). The Salesforce seed is deterministic, so these ids are stable.
 */
const PROSPECTS: ReadonlyArray<{ firstName: string; lastName: string; title: string; company: string; emails: string[]; custom1: string | null }> = [
  { firstName: 'Priya', lastName: 'Raman', title: 'Director of IT', company: 'Northwind Traders', emails: ['priya.raman0@northwind.example'], custom1: '003Dn000000000BIAQ' },
  { firstName: 'Marcus', lastName: 'Watanabe', title: 'Buyer', company: 'Contoso Pharmaceuticals', emails: ['marcus.watanabe1@contoso.example'], custom1: '003Dn000000000CIAQ' },
  { firstName: 'Sofia', lastName: 'Duarte', title: 'COO', company: 'Fabrikam Robotics', emails: ['sofia.duarte2@fabrikam.example', 'sofia@duarte-family.example'], custom1: '003Dn000000000DIAQ' },
  { firstName: 'Kenji', lastName: 'Castillo', title: 'Sales Manager', company: 'Tailspin Toys', emails: ['kenji.castillo3@tailspin.example'], custom1: null },
  { firstName: 'Nadia', lastName: 'Petrova', title: 'VP Operations', company: 'Globex', emails: ['nadia.petrova@globex.example'], custom1: null },
  // Real orgs hold prospects without any e-mail (phone-only leads).
  { firstName: 'Tomás', lastName: 'Herrera', title: 'Founder', company: 'Initech', emails: [], custom1: null },
];

/** Sequences exist only as relationship targets here (no `/sequences` routes). */
export const SEEDED_SEQUENCES = { inbound: 1, renewal: 2 } as const;

/**
 * Seeds 6 prospects, 5 sequenceStates (prospect 1002 has an older paused one and a newer finished one), one delivered
 * mailing and one answered call. No webhooks are sent for seeded data.
 */
export function seedOutreach(store: OutreachStore): void {
  let hour = 0;
  const at = (): number => SEED_EPOCH + hour++ * HOUR;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const silent = (ms: number) => ({ silent: true, at: ms });
  const prospects = PROSPECTS.map((p) => store.create('prospect', { ...p, tags: [], engagedAt: null, touchedAt: null } as Record<string, AttributeValue>, {}, silent(at())));
  const ref = (type: string, id: number): ResourceRef => ({ type, id });
  const states: ReadonlyArray<[prospect: number, sequence: number, state: string]> = [
    [0, SEEDED_SEQUENCES.inbound, 'active'],
    [1, SEEDED_SEQUENCES.inbound, 'paused'],
    [1, SEEDED_SEQUENCES.renewal, 'finished'],
    [2, SEEDED_SEQUENCES.renewal, 'finished'],
    [4, SEEDED_SEQUENCES.inbound, 'active'],
  ];
  for (const [p, sequence, state] of states) {
    const when = at();
    const prospect = prospects[p];
    if (!prospect) continue;
    store.create('sequenceState', { state, stateChangedAt: iso(when), pauseReason: state === 'paused' ? 'Manually paused' : null }, { prospect: ref('prospect', prospect.id), sequence: ref('sequence', sequence), mailbox: ref('mailbox', 1) }, silent(when));
  }
  const mailedAt = at();
  const first = prospects[0];
  const second = prospects[1];
  if (first) {
    store.create('mailing', { subject: 'Quick question about your IT roadmap', mailingType: 'sequence', state: 'delivered', deliveredAt: iso(mailedAt), openedAt: null, repliedAt: null }, { prospect: ref('prospect', first.id) }, silent(mailedAt));
    Object.assign(first.attributes, { touchedAt: iso(mailedAt) });
  }
  const calledAt = at();
  if (second) {
    store.create('call', { outcome: 'Answered', direction: 'outbound', note: 'Asked for a renewal quote', dialedAt: iso(calledAt), answeredAt: iso(calledAt + 20_000), completedAt: iso(calledAt + 320_000) }, { prospect: ref('prospect', second.id) }, silent(calledAt));
    Object.assign(second.attributes, { touchedAt: iso(calledAt + 320_000), engagedAt: iso(calledAt + 320_000) });
  }
}
