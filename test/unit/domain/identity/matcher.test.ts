import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMatchRecord, type MatchValues } from '#domain/identity/match-record';
import { compareRecords, decideMatch } from '#domain/identity/matcher';
import { handSetPersonRules as rules } from '#test/support/hand-set-person-rules';

const person = (values: MatchValues) => toMatchRecord(values, { defaultCountry: 'US' });
const compare = (a: MatchValues, b: MatchValues) => compareRecords(rules, person(a), person(b));

const bob = { firstName: 'Robert', lastName: 'Johnson', email: 'robert.johnson@acme.com', phone: '(415) 782-3301', company: 'Acme, Inc.', website: 'https://www.acme.com' };

describe('compareRecords: the e-mail tier', () => {
  it.each([
    ['case and whitespace', ' ROBERT.Johnson@Acme.COM '],
    ['a +tag', 'robert.johnson+crm@acme.com'],
  ])('matches the same address despite %s, whatever the names say', (_, email) => {
    expect(compare(bob, { firstName: 'Someone', lastName: 'Else', email })).toEqual({ rule: 'email', tier: 0, score: 1, scores: { email: 1 } });
  });

  it('matches Gmail addresses that differ only in dots and googlemail.com', () => {
    expect(compare({ email: 'bob.johnson@gmail.com' }, { email: 'BobJohnson@googlemail.com' })?.rule).toBe('email');
  });
});

describe('compareRecords: the external-id tier', () => {
  it('matches records that carry the same link to another system', () => {
    expect(compare({ externalId: '003A' }, { externalId: '003A' })).toEqual({ rule: 'external-id', tier: 1, score: 1, scores: { link: 1 } });
  });

  it('rejects different links and records without one', () => {
    expect(compare({ externalId: '003A' }, { externalId: '003B' })).toBeNull();
    expect(compare({}, {})).toBeNull();
  });
});

describe('compareRecords: fuzzy rules', () => {
  it('matches a nickname and a personal address at the same company domain (Bob/Robert)', () => {
    const evidence = compare(bob, { firstName: 'Bob', lastName: 'Johnson', email: 'bobby.j@gmail.com', website: 'acme.com' });
    expect(evidence).toEqual({ rule: 'name-and-domain', tier: 2, score: 1, scores: { firstName: 1, lastName: 1, domain: 1 } });
  });

  it('matches a typo in the family name, with the per-field scores behind it', () => {
    const evidence = compare(bob, { firstName: 'Robert', lastName: 'Jonson', website: 'acme.com' });
    expect(evidence?.rule).toBe('name-and-domain');
    expect(evidence?.scores.lastName).toBeCloseTo(0.962, 3);
    expect(evidence?.score).toBeCloseTo((1 + 0.962) / 2, 3);
  });

  it('matches on the phone number in any format, extension ignored, when there is no domain', () => {
    const a = { firstName: 'Robert', lastName: 'Johnson', phone: '(415) 782-3301' };
    expect(compare(a, { firstName: 'Rob', lastName: 'johnson', phone: '+1 415.782.3301 ext. 12' })?.rule).toBe('name-and-phone');
  });

  it('matches on the company name (legal form, case) when neither record has a domain', () => {
    const a = { firstName: 'Robert', lastName: 'Johnson', company: 'Acme, Inc.' };
    expect(compare(a, { firstName: 'Robert', lastName: 'Johnson', company: 'ACME' })?.rule).toBe('name-and-company');
    expect(compare(a, { firstName: 'Robert', lastName: 'Johnson', company: 'ACME', website: 'acme.de' })?.rule).toBe('name-and-company');
  });

  it('rejects the same company name when the domains say two companies', () => {
    const a = { firstName: 'Robert', lastName: 'Johnson', company: 'Acme, Inc.', website: 'acme.com' };
    expect(compare(a, { firstName: 'Robert', lastName: 'Johnson', company: 'Acme', website: 'acme.de' })).toBeNull();
  });

  it('does not treat two different phone numbers as a veto: a switchboard and a direct line are one person', () => {
    expect(compare(bob, { ...bob, email: '', phone: '+1 646 487 6148' })?.rule).toBe('name-and-domain');
  });

  it('rejects a fuzzy match when a name is missing', () => {
    expect(compare(bob, { ...bob, email: '', firstName: '' })).toBeNull();
    expect(compare({ ...bob, lastName: '' }, { ...bob, email: 'rj@gmail.com' })).toBeNull();
  });

  it('rejects two weak names even when each passes its own threshold', () => {
    // given-name 0.87 and family name 0.89: each passes, the mean (0.88) does not reach 0.92.
    expect(compare({ firstName: 'Karl', lastName: 'Smith', website: 'acme.com' }, { firstName: 'Kafl', lastName: 'Smyth', website: 'acme.com' })).toBeNull();
  });
});

describe('compareRecords: hard negatives and vetoes', () => {
  it('rejects the same name at different companies', () => {
    expect(compare(bob, { firstName: 'Robert', lastName: 'Johnson', email: 'rjohnson@globex.io', phone: '+1 646 487 6148', company: 'Globex', website: 'globex.io' })).toBeNull();
  });

  it('rejects colleagues who share a switchboard number', () => {
    const switchboard = '+1 415 782 3300';
    expect(compare({ firstName: 'Robert', lastName: 'Johnson', phone: switchboard }, { firstName: 'Maria', lastName: 'Garcia', phone: switchboard })).toBeNull();
  });

  it('rejects colleagues with the same first name and last initial', () => {
    expect(compare({ firstName: 'Anna', lastName: 'Schmidt', website: 'acme.com' }, { firstName: 'Anna', lastName: 'Scholz', website: 'acme.com' })).toBeNull();
  });

  it('rejects two different work addresses (two people), whatever else matches', () => {
    expect(compare(bob, { ...bob, email: 'rjohnson@acme.com' })).toBeNull();
  });

  it('does not veto a work address against a free-mail one', () => {
    expect(compare(bob, { ...bob, email: 'robert.johnson77@gmail.com' })?.rule).toBe('name-and-domain');
  });

  it('rejects a father and son: the generational suffixes differ', () => {
    expect(compare({ ...bob, email: '' }, { ...bob, email: '', lastName: 'Johnson Jr.' })).toBeNull();
    expect(compare({ ...bob, email: '', lastName: 'Johnson Jr' }, { ...bob, email: '', lastName: 'JOHNSON JR.' })?.rule).toBe('name-and-domain');
  });
});

/** Small pools so that random pairs often match, nearly match, and trip vetoes. */
const firstNames = ['Robert', 'Bob', 'Rob', 'Jon', 'John', 'Johnny', 'Anna', 'Ana', 'Chris', 'Christine'];
const lastNames = ['Smith', 'Smyth', 'Smith Jr.', 'Johnson', 'Jonson', 'Nakamura', 'Nakajima', ''];
const locals = ['bob.smith', 'bobsmith', 'jsmith', 'anna', 'b.o.b.smith'];
const domains = ['acme.com', 'gmail.com', 'globex.io'];
const phones = ['+14157823301', '+14157823300', '+16464876148', ''];
const companies = ['Acme, Inc.', 'ACME', 'Globex Corporation', ''];
const websites = ['https://www.acme.com', 'acme.com', 'globex.io', ''];

const values = fc.record({
  firstName: fc.constantFrom(...firstNames),
  lastName: fc.constantFrom(...lastNames),
  email: fc.oneof(fc.constant(''), fc.tuple(fc.constantFrom(...locals), fc.constantFrom(...domains)).map(([l, d]) => `${l}@${d}`)),
  phone: fc.constantFrom(...phones),
  company: fc.constantFrom(...companies),
  website: fc.constantFrom(...websites),
});

/** Respellings the normalizers see through: case, padding, a +tag, phone formatting. */
const respell = fc.record({ upper: fc.boolean(), pad: fc.boolean(), tag: fc.constantFrom('', '+crm', '+news'), phoneStyle: fc.constantFrom(0, 1, 2) });

type Arbitrary<A> = A extends fc.Arbitrary<infer T> ? T : never;

function respelled(v: Arbitrary<typeof values>, r: Arbitrary<typeof respell>): MatchValues {
  const text = (s: string) => (r.pad ? `  ${r.upper ? s.toUpperCase() : s} ` : r.upper ? s.toUpperCase() : s);
  const [local, domain] = v.email.split('@');
  const email = v.email === '' ? '' : `${local}${r.tag}@${domain}`;
  const digits = v.phone.slice(2);
  const phone = v.phone === '' ? '' : [v.phone, `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`, `+1 ${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`][r.phoneStyle] ?? v.phone;
  return { firstName: text(v.firstName), lastName: text(v.lastName), email: text(email), phone, company: text(v.company), website: text(v.website) };
}

const decision = (e: ReturnType<typeof compareRecords>) => (e === null ? null : { rule: e.rule, score: e.score });

describe('compareRecords: properties', () => {
  it('is symmetric in its decision', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const [ra, rb] = [person(a), person(b)];
        expect(decision(compareRecords(rules, ra, rb))).toEqual(decision(compareRecords(rules, rb, ra)));
      }),
      { numRuns: 2000 },
    );
  });

  it("decides alike whatever the spelling the normalizers see through (case, whitespace, +tags, phone format)", () => {
    fc.assert(
      fc.property(values, values, respell, respell, (a, b, ra, rb) => {
        expect(decision(compare(respelled(a, ra), respelled(b, rb)))).toEqual(decision(compare(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches every record with itself when it has an e-mail or a name and a domain, phone or company', () => {
    fc.assert(
      fc.property(values, (v) => {
        const identifiable = v.email !== '' || (v.lastName !== '' && (v.phone !== '' || v.company !== '' || v.website !== ''));
        expect(compare(v, v) !== null).toBe(identifiable);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('decideMatch', () => {
  const incoming = person({ firstName: 'Bob', lastName: 'Smith', website: 'acme.com' });

  it('matches the one candidate entity that matches', () => {
    const decision = decideMatch(rules, incoming, [
      { id: 'g1', record: person({ firstName: 'Robert', lastName: 'Smith', email: 'robert.smith@acme.com' }) },
      { id: 'g2', record: person({ firstName: 'Maria', lastName: 'Garcia', email: 'maria.garcia@acme.com' }) },
    ]);
    expect(decision).toEqual({ kind: 'match', id: 'g1', evidence: { rule: 'name-and-domain', tier: 2, score: 1, scores: { firstName: 1, lastName: 1, domain: 1 } } });
  });

  it('returns none when nothing matches, or there are no candidates', () => {
    expect(decideMatch(rules, incoming, [{ id: 'g2', record: person({ firstName: 'Maria', lastName: 'Garcia', website: 'acme.com' }) }])).toEqual({ kind: 'none' });
    expect(decideMatch(rules, incoming, [])).toEqual({ kind: 'none' });
  });

  it('sends two distinct entities that match about equally to review, never a guess', () => {
    const decision = decideMatch(rules, incoming, [
      { id: 'g1', record: person({ firstName: 'Robert', lastName: 'Smith', email: 'robert.smith@acme.com' }) },
      { id: 'g2', record: person({ firstName: 'Bobby', lastName: 'Smith', email: 'bsmith@acme.com' }) },
    ]);
    expect(decision.kind).toBe('ambiguous');
    expect(decision.kind === 'ambiguous' && decision.candidates.map((c) => c.id)).toEqual(['g1', 'g2']);
  });

  it('prefers a lower tier: an e-mail match beats an equally good fuzzy one', () => {
    const record = person({ firstName: 'Bob', lastName: 'Smith', email: 'bob@acme.com', website: 'acme.com' });
    const decision = decideMatch(rules, record, [
      { id: 'g1', record: person({ firstName: 'Robert', lastName: 'Smith', website: 'acme.com' }) },
      { id: 'g2', record: person({ email: 'BOB@acme.com' }) },
    ]);
    expect(decision).toMatchObject({ kind: 'match', id: 'g2', evidence: { rule: 'email' } });
  });

  it('matches the clearly better candidate when the gap exceeds the margin', () => {
    const decision = decideMatch(rules, person({ firstName: 'Jon', lastName: 'Smith', website: 'acme.com' }), [
      { id: 'exact', record: person({ firstName: 'Jon', lastName: 'Smith', email: 'jon.smith@acme.com' }) },
      { id: 'typo', record: person({ firstName: 'Jon', lastName: 'Smyth', email: 'jon.smyth@acme.com' }) },
    ]);
    expect(decision).toMatchObject({ kind: 'match', id: 'exact' });
  });

  it('treats candidates with one id as one entity, scored by its best record', () => {
    const decision = decideMatch(rules, incoming, [
      { id: 'g1', record: person({ firstName: 'Robert', lastName: 'Smyth', website: 'acme.com' }) },
      { id: 'g1', record: person({ firstName: 'Robert', lastName: 'Smith', website: 'acme.com' }) },
    ]);
    expect(decision).toMatchObject({ kind: 'match', id: 'g1', evidence: { score: 1 } });
  });

  it('is independent of the candidates order', () => {
    const candidate = fc.record({ id: fc.constantFrom('g1', 'g2', 'g3', 'g4'), values });
    fc.assert(
      fc.property(values, fc.array(candidate, { maxLength: 8 }), fc.infiniteStream(fc.nat()), (v, list, seeds) => {
        const candidates = list.map((c) => ({ id: c.id, record: person(c.values) }));
        const shuffled = [...candidates];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const record = person(v);
        expect(decideMatch(rules, record, shuffled)).toEqual(decideMatch(rules, record, candidates));
      }),
      { numRuns: 1000 },
    );
  });
});
