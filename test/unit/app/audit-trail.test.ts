import { describe, expect, it } from 'vitest';
import { auditOfEmail, auditOfRecord } from '#app/audit-trail';
import { emptyGoldenRecord } from '#domain/golden-record';
import { matchIndexOf } from '#domain/identity/match-index';
import type { AuditEntry, EntityState } from '#ports/stores';
import { MemoryAudit, MemoryState } from '#test/support/fakes';
import { shippedPlan } from '#test/support/processor-setup';

const plan = shippedPlan();
const observed = (value: string) => ({ value, source: 'hubspot', observedAt: 0, eventId: 'e0' });
const entry = (recordKey: string, sourceKey: string, field: string, at: string): AuditEntry => ({ recordKey, sourceKey, field, eventId: `${sourceKey}#${at}`, before: null, after: 'x', actor: 'syncline', at });

/** Ada, linked in both CRMs and indexed under her e-mail; Bob, another person; their audit entries. */
async function setup() {
  const state = new MemoryState();
  const audit = new MemoryAudit();
  const person = (entityId: string, email: string, links: Record<string, string>, names: [string, string]): EntityState => ({
    entityId,
    object: 'person',
    golden: { ...emptyGoldenRecord(), fields: { email: observed(email), firstName: observed(names[0]), lastName: observed(names[1]) } },
    links,
    written: {},
    version: 0,
    match: matchIndexOf(plan.identity?.['person'] ?? { margin: 0, rules: [] }, { email }, 'US'),
  });
  const ada = person('hubspot:contacts:1', 'ada@example.com', { hubspot: 'contacts:1', salesforce: 'Contact:003A' }, ['Ada', 'Lovelace']);
  const bob = person('hubspot:contacts:2', 'bob@example.com', { hubspot: 'contacts:2', salesforce: 'Contact:003B' }, ['Bob', 'Ross']);
  for (const e of [ada, bob]) await state.putEntity(e, { put: e.match?.keys ?? [], drop: [], release: [] });
  await audit.append([
    entry('salesforce:Contact:003A', 'hubspot:contacts:1', 'lastName', '2026-12-01T10:00:02Z'),
    entry('hubspot:contacts:1', 'hubspot:contacts:1', 'identity', '2026-12-01T10:00:01Z'),
    entry('hubspot:contacts:1', 'salesforce:Contact:003A', 'title', '2026-12-01T10:00:03Z'),
    entry('salesforce:Contact:003B', 'hubspot:contacts:2', 'lastName', '2026-12-01T10:00:04Z'),
  ]);
  return { deps: { plan, state, audit }, audit };
}

describe('auditOfEmail', () => {
  it('lists every entry of every record linked to the person with the e-mail, however the address is spelled, oldest first', async () => {
    const { deps } = await setup();

    const trail = await auditOfEmail(deps, 'Ada+crm@Example.com');

    expect(trail.subjects).toEqual([{ entityId: 'hubspot:contacts:1', object: 'person', label: 'Ada Lovelace <ada@example.com>', records: ['hubspot:contacts:1', 'salesforce:Contact:003A'] }]);
    expect(trail.entries.map((e) => `${e.recordKey} ${e.field}`)).toEqual(['hubspot:contacts:1 identity', 'salesforce:Contact:003A lastName', 'hubspot:contacts:1 title']);
  });

  it('finds nobody for an address no entity is indexed under', async () => {
    const { deps } = await setup();

    expect(await auditOfEmail(deps, 'carol@example.com')).toEqual({ subjects: [], entries: [] });
  });
});

describe('auditOfRecord', () => {
  it('lists what was written to the record and what it sent to the records linked with it, each entry once', async () => {
    const { deps } = await setup();

    const trail = await auditOfRecord(deps, 'hubspot:contacts:1');

    expect(trail.entries.map((e) => `${e.recordKey} ${e.field} from ${e.sourceKey}`)).toEqual([
      'hubspot:contacts:1 identity from hubspot:contacts:1',
      'salesforce:Contact:003A lastName from hubspot:contacts:1',
      'hubspot:contacts:1 title from salesforce:Contact:003A',
    ]);
  });

  it('lists only the entries written to a record no entity links', async () => {
    const { deps, audit } = await setup();
    await audit.append([entry('salesforce:Contact:003Z', 'hubspot:contacts:9', 'lastName', '2026-12-01T10:00:09Z')]);

    const trail = await auditOfRecord(deps, 'salesforce:Contact:003Z');

    expect(trail.subjects).toEqual([]);
    expect(trail.entries.map((e) => e.recordKey)).toEqual(['salesforce:Contact:003Z']);
  });
});
