import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeLookup, type LookupTarget } from '#app/enrich-entity';
import { processChange } from '#app/process-change';
import type { ChangeEvent, FieldValue, FieldValues } from '#domain/change-event';
import { MATCH_FIELDS, type EnrichmentKind } from '#domain/enrichment';
import { goldenValues, type GoldenRecord } from '#domain/golden-record';
import { fieldMapping, policyOf, toCanonical, type CanonicalField, type Direction, type ObjectMapping, type Policy } from '#domain/mapping';
import type { Observation } from '#domain/survivorship';
import type { Enricher } from '#ports/enricher';
import type { EntityState } from '#ports/stores';
import { processorSetup, shippedPlan } from '#test/support/processor-setup';
import { deepFreeze } from './deep-freeze.ts';

/**
 * Enrichment never overwrites what a record's own systems decided: its lookup keys (a vendor's spelling of a name or
 * an e-mail), its references (owner, account), fields the vendor does not supply (the custom fields Syncline writes
 * for Stripe, Outreach, Gong, HubSpot), a value the vendor does not own, a blank the system of record reported
 * itself, and a `review` field. Both lookups are checked: the processor's own (`mergeLookup`) and the daily batch's
 * answers, which reach the processor as `lookup` changes.
 */

const PROVIDER = 'zoominfo';
const plan = shippedPlan(['hubspot', 'salesforce', 'zoominfo']);
/** ZoomInfo's objects as its enricher names them (shared/adapters/vendors/zoominfo/enricher.ts). */
const ZOOMINFO_OBJECTS = { company: 'company', contact: 'person' } as const satisfies Record<string, EnrichmentKind>;

/** An enricher that is never asked: the batch's answers arrive as changes, and only its `objects` are read. */
const zoominfo: Enricher = {
  name: PROVIDER,
  objects: ZOOMINFO_OBJECTS,
  maxBatch: 25,
  enrich: () => Promise.reject(new Error('a lookup change must not ask the vendor again')),
};

/**
 * ZoomInfo's output fields (DEFAULT_OUTPUT_FIELDS in the enricher, vendor-apis §3), and what a widened contract
 * would map them from: lookup keys and references included, so that leaving those out is something the merge does.
 */
const VENDOR_FIELD: Readonly<Record<string, string>> = {
  name: 'name', website: 'website', country: 'country', email: 'email', firstName: 'firstName', lastName: 'lastName',
  company: 'companyName', phone: 'phone', account: 'companyId', accountOwner: 'id', title: 'jobTitle',
  industry: 'industry', employees: 'employeeCount', annualRevenue: 'revenue',
};
/** Field names an answer may carry: ZoomInfo's, the ones widened contracts map, other vendors' own, and any string. */
const ANSWER_NAMES = [
  ...new Set([
    ...Object.values(VENDOR_FIELD),
    ...['city', 'state', 'contactAccuracyScore', 'companyWebsite', 'emailAddress', 'zi_lastInvoice', 'zi_leadScore', 'zi_outreachStatus'],
    ...['Name', 'OwnerId', 'Title', 'jobtitle', 'Email', 'AccountId', 'invoice_amount_paid', 'sequenceState', 'hubspotscore', 'url'],
  ]),
];
const SOURCES = ['salesforce', 'hubspot', 'zoominfo', 'stripe', 'outreach', 'gong', 'review'];

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.constantFrom<FieldValue>(null, '', ' ', 'Contoso', 'VP of Sales', '0', 'true'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);
const observation: fc.Arbitrary<Observation> = fc.record({
  value: fieldValue,
  source: fc.oneof(fc.constantFrom(...SOURCES), fc.string({ minLength: 1, maxLength: 8 })),
  observedAt: fc.nat({ max: 2 * Date.parse('2026-11-23T10:00:00Z') }),
  eventId: fc.string({ maxLength: 8 }),
});
/** Observations from any system, for any subset of the object's fields. */
const goldenOf = (mapping: ObjectMapping): fc.Arbitrary<GoldenRecord> =>
  fc.record({
    fields: fc.record(Object.fromEntries(Object.keys(mapping.fields).map((name) => [name, observation])), { requiredKeys: [] }).map((seen) => Object.fromEntries(Object.entries(seen).flatMap(([name, o]) => (o ? [[name, o]] : [])))),
    version: fc.integer({ min: 1, max: 9 }),
  });
const answer: fc.Arbitrary<FieldValues> = fc.dictionary(fc.oneof({ arbitrary: fc.constantFrom(...ANSWER_NAMES), weight: 3 }, fc.string({ maxLength: 10 })), fieldValue, { maxKeys: 10 });

interface FieldTweak {
  zoominfo?: Direction;
  owner?: string;
  policy?: Policy;
  critical?: boolean;
}
/** The shipped mapping with some fields also mapped to or from ZoomInfo, owned by it, or given another policy. */
function widened(mapping: ObjectMapping, tweaks: Partial<Record<string, FieldTweak>>): ObjectMapping {
  const fields: Record<string, CanonicalField> = {};
  for (const [name, spec] of Object.entries(mapping.fields)) {
    const t = tweaks[name];
    if (!t) {
      fields[name] = spec;
      continue;
    }
    const map = t.zoominfo ? { ...spec.map, [PROVIDER]: { field: VENDOR_FIELD[name] ?? `zi_${name}`, direction: t.zoominfo, transform: [] } } : spec.map;
    fields[name] = { ...spec, map, ...(t.owner && { owner: t.owner }), ...(t.policy && { policy: t.policy }), ...(t.critical !== undefined && { critical: t.critical }) };
  }
  return { ...mapping, fields };
}
const tweak: fc.Arbitrary<FieldTweak> = fc.record(
  { zoominfo: fc.constantFrom<Direction>('out', 'both', 'in', 'none'), owner: fc.constantFrom(PROVIDER, 'salesforce', 'hubspot'), policy: fc.constantFrom<Policy>('owner', 'newest', 'review'), critical: fc.boolean() },
  { requiredKeys: [] },
);
/** The shipped mapping of `object`, or a widened one: every protection must hold whatever the contract maps. */
const mappingOf = (object: string): fc.Arbitrary<ObjectMapping> => {
  const shipped = plan.objects[object]!;
  return fc.oneof(fc.constant(shipped), fc.record(Object.fromEntries(Object.keys(shipped.fields).map((name) => [name, tweak])), { requiredKeys: [] }).map((t) => widened(shipped, t)));
};

function lookupTarget(mapping: ObjectMapping): LookupTarget {
  const object = mapping.systems[PROVIDER]!.objects[0]! as keyof typeof ZOOMINFO_OBJECTS;
  return { mapping, provider: PROVIDER, object, kind: ZOOMINFO_OBJECTS[object] };
}

const isBlank = (o: Observation | undefined) => o === undefined || o.value === null || o.value === '';

/**
 * Why enrichment must leave `name` as it is on this record, in the words; `undefined` when it may change it:
 * a field mapped out of the vendor, neither a lookup key nor a reference, and owned by the vendor or blank with
 * nobody's decision behind it.
 */
function protection({ mapping, object, kind }: LookupTarget, golden: GoldenRecord, name: string): string | undefined {
  const spec = mapping.fields[name];
  if (!spec) return 'not a field of the object';
  if (Object.values(MATCH_FIELDS[kind]).includes(name)) return 'lookup key';
  if (spec.type === 'reference') return 'reference';
  const direction = fieldMapping(spec, PROVIDER, object)?.direction;
  if (direction !== 'out' && direction !== 'both') return 'not mapped out of the vendor';
  if (spec.owner === PROVIDER) return undefined;
  const current = golden.fields[name];
  if (!isBlank(current)) return `holds a value (from ${current?.source}) the vendor does not own`;
  if (current?.source === spec.owner) return 'its system of record reported it blank';
  if (policyOf(spec) === 'review') return 'review field';
  return undefined;
}

type Merge = (target: LookupTarget, golden: GoldenRecord, vendorFields: FieldValues, at: { observedAt: number; eventId: string }) => { record: GoldenRecord };
const AT = { observedAt: Date.parse('2026-11-23T10:00:00Z'), eventId: 'zoominfo:e1' };

/** Property 1 over one object: the protected fields after `merge` are deep-equal to before; a changed field is the vendor's. */
const mergeProtects = (merge: Merge, object: string) =>
  fc.property(
    mappingOf(object).chain((mapping) => fc.tuple(fc.constant(mapping), goldenOf(mapping), answer)),
    ([mapping, golden, vendorFields]) => {
      const target = lookupTarget(mapping);
      const before = structuredClone(golden);
      const { record } = merge(target, deepFreeze(golden), vendorFields, AT);
      // A field the merge left alone keeps its very observation; one it replaced must hold the vendor's.
      for (const name of new Set([...Object.keys(before.fields), ...Object.keys(record.fields)])) {
        const reason = protection(target, before, name);
        if (reason !== undefined) expect(record.fields[name], `${name}: ${reason}`).toEqual(before.fields[name]);
        else if (record.fields[name] !== golden.fields[name]) expect(record.fields[name]?.source, name).toBe(PROVIDER);
      }
    },
  );

/** The merge the issue warns against: the vendor's canonical values spread over the record. */
const spreadMerge: Merge = ({ mapping, provider, object }, golden, vendorFields, at) => {
  const canonical = toCanonical(mapping, provider, object, vendorFields);
  const observed = Object.fromEntries(Object.entries(canonical).map(([name, value]) => [name, { value, source: provider, ...at }]));
  return { record: { fields: { ...golden.fields, ...observed }, version: golden.version + 1 } };
};

describe('mergeLookup', () => {
  it.each(['company', 'person'])('never changes a protected %s field, whatever the record holds and the vendor answers', (object) => {
    fc.assert(mergeProtects(mergeLookup, object), { numRuns: 300 });
  });

  it('fails the same property when the vendor answer is spread over the record (the property can fail)', () => {
    const outcome = fc.check(mergeProtects(spreadMerge, 'person'), { numRuns: 300 });
    expect(outcome.failed).toBe(true);
    expect(String(outcome.errorInstance)).toMatch(/lookup key|reference|holds a value|reported it blank|review field/);
  });
});

/** Linked ids in the two CRMs, as the fakes hold them. */
const LINKS = {
  company: { entityId: 'salesforce:Account:001A', salesforce: ['Account', '001A'], hubspot: ['companies', '9001'] },
  person: { entityId: 'salesforce:Contact:003A', salesforce: ['Contact', '003A'], hubspot: ['contacts', '101'] },
} as const;

/** The canonical fields behind a vendor field of one of a target's objects. */
const canonicalOf = (mapping: ObjectMapping, target: string, targetObject: string, vendorField: string) =>
  Object.entries(mapping.fields).flatMap(([name, spec]) => (fieldMapping(spec, target, targetObject)?.field === vendorField ? [name] : []));

describe('processChange with a lookup answer from the daily batch', () => {
  it.each(['company', 'person'] as const)('stores no change to a protected %s field and writes only fields enrichment may change', async (object) => {
    await fc.assert(
      fc.asyncProperty(
        mappingOf(object).chain((mapping) => fc.tuple(fc.constant(mapping), goldenOf(mapping), answer)),
        async ([mapping, golden, vendorFields]) => {
          // Prepare: an entity linked in both CRMs, each known to hold every golden value and the other's id.
          const { deps, state, salesforce, hubspot } = processorSetup({ enable: ['hubspot', 'salesforce', 'zoominfo'] });
          const links = LINKS[object];
          salesforce.records.set(links.entityId, { Id: links.salesforce[1] });
          hubspot.records.set(links.entityId, { Id: links.hubspot[1] });
          const held = goldenValues(golden);
          const entity: EntityState = {
            entityId: links.entityId,
            object,
            golden,
            links: { salesforce: links.salesforce.join(':'), hubspot: links.hubspot.join(':') },
            written: { salesforce: held, hubspot: held },
            linksHeld: { salesforce: { hubspot: links.hubspot[1] }, hubspot: { salesforce: links.salesforce[1] } },
            version: 1,
          };
          state.entities.set(entity.entityId, structuredClone(entity));
          const event: ChangeEvent = {
            source: PROVIDER,
            objectType: object,
            sourceId: entity.entityId,
            eventId: `lookup:run-1:${entity.entityId}`,
            occurredAt: '2026-11-23T09:30:00.000Z',
            kind: 'upsert',
            fields: vendorFields,
            lookup: Object.keys(vendorFields).length > 0 ? 'matched' : 'no-match',
          };

          // Act
          const result = await processChange({ ...deps, plan: { ...deps.plan, objects: { ...deps.plan.objects, [object]: mapping } }, enrichers: { zoominfo } }, event);

          // Assess: a refused value (quarantined) leaves everything as it was; otherwise only enrichable fields moved.
          const target = lookupTarget(mapping);
          const stored = state.entities.get(entity.entityId)!;
          for (const name of new Set([...Object.keys(golden.fields), ...Object.keys(stored.golden.fields)])) {
            const reason = protection(target, golden, name);
            if (reason !== undefined) expect(stored.golden.fields[name], `${name}: ${reason}`).toEqual(golden.fields[name]);
          }
          const writes = Object.entries({ salesforce, hubspot }).flatMap(([name, writer]) =>
            [...writer.updates, ...writer.calls].flatMap((call) => call.records.map((r) => ({ target: name, object: call.objectType, fields: r.fields }))),
          );
          if (result.status === 'quarantined') expect(writes).toEqual([]);
          for (const write of writes) {
            for (const vendorField of Object.keys(write.fields)) {
              const names = canonicalOf(mapping, write.target, write.object, vendorField);
              expect(names.some((name) => protection(target, golden, name) === undefined), `${write.target} ${write.object}.${vendorField} (${names.join(', ') || 'no canonical field'})`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
