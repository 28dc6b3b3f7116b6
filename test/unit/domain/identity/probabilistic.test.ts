import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareLevels, COMPARISON_COUNT, NULL_LEVEL, PERSON_COMPARISONS, type ComparisonName } from '#domain/identity/comparison-levels';
import { toMatchRecord, type MatchRecord, type MatchValues } from '#domain/identity/match-record';
import {
  compileModel, decide, defaultPersonModel, explainMatch, formatContribution, matchWeight, parseModel, priorFor, type ProbabilisticModel,
} from '#domain/identity/probabilistic';
import { estimateParameters, randomPairs, randomPairsWithin, tallyPatterns, updateFromLabels } from '#domain/identity/probabilistic-training';

const person = (values: MatchValues): MatchRecord => toMatchRecord(values, { defaultCountry: 'US' });
const levelsOf = (a: MatchRecord, b: MatchRecord): Uint8Array => {
  const out = new Uint8Array(COMPARISON_COUNT);
  compareLevels(a, b, out);
  return out;
};
/** The level of a comparison; e-mail and phone are read from whichever of their two comparisons applies. */
const level = (name: ComparisonName, a: MatchValues | MatchRecord, b: MatchValues | MatchRecord): string => {
  const rec = (v: MatchValues | MatchRecord) => ('givenForms' in v ? (v as MatchRecord) : person(v as MatchValues));
  const levels = levelsOf(rec(a), rec(b));
  for (const candidate of [name, `${name}AtEmployer`]) {
    const k = PERSON_COMPARISONS.findIndex((c) => c.name === candidate);
    const l = levels[k] ?? NULL_LEVEL;
    if (k >= 0 && l !== NULL_LEVEL) return PERSON_COMPARISONS[k]?.levels[l] ?? '?';
  }
  return 'missing';
};
const at = (name: ComparisonName) => PERSON_COMPARISONS.findIndex((c) => c.name === name);
const probability = (a: MatchValues, b: MatchValues) => explainMatch(defaultPersonModel, levelsOf(person(a), person(b))).probability;

describe('compareLevels: e-mail', () => {
  it.each([
    [{ firstName: 'Caleb', lastName: 'Roberts', email: 'caleb.roberts@acme.com' }, { firstName: 'Calbe', lastName: 'Roberts', email: 'c.roberts@acme.com' }],
    [{ firstName: 'Leah', lastName: 'Roberts', email: 'leah_roberts@acme.com' }, { firstName: 'Leah', lastName: 'Roberts', email: 'leahroberts@acme.com' }],
    [{ firstName: 'Matthew', lastName: 'Johnson', email: 'matthew@acme.com' }, { firstName: 'Matt', lastName: 'Johnson', email: 'm.johnson@acme.com' }],
    [{ firstName: 'Robert', lastName: 'Smith', email: 'bob.smith@acme.com' }, { firstName: 'Bob', lastName: 'Smith', email: 'rsmith@acme.com' }],
    [{ firstName: 'Anna', lastName: 'Berg', email: 'berg.anna@acme.com' }, { firstName: 'A.', lastName: 'Berg', email: 'annab@acme.com' }],
  ])('puts two formats of one name at one company at "local part agrees" (%o)', (a, b) => {
    expect(level('email', a, b)).toBe('same domain, local part agrees with the name');
  });

  it('puts colleagues jane.doe@ and john.doe@ at the disagreeing level', () => {
    expect(level('email', { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@acme.com' }, { firstName: 'John', lastName: 'Doe', email: 'john.doe@acme.com' })).toBe(
      'same domain, local part names someone else',
    );
  });

  it.each([
    // An initial stands for Mary and for Michael: the addresses agree only through the names they share.
    [{ firstName: 'Mary', lastName: 'Smith', email: 'm.smith@acme.com', company: 'Acme' }, { firstName: 'Michael', lastName: 'Smith', email: 'msmith@acme.com', company: 'Acme' }],
    // The family name and an initial, written two ways: Peter and Paul Smith.
    [{ firstName: 'Peter', lastName: 'Smith', email: 'smith.p@acme.com', company: 'Acme' }, { firstName: 'Paul', lastName: 'Smith', email: 'psmith@acme.com', company: 'Acme' }],
  ])('gives no e-mail evidence to addresses that spell each other through one name alone when the other name differs (%o)', (a, b) => {
    expect(level('email', a, b)).toBe('missing');
    expect(decide(probability(a, b))).toBe('no-match');
  });

  it.each([
    [{ firstName: 'John', lastName: 'Smith', email: 'jsmith@acme.com', company: 'Acme' }, { firstName: 'Jon', lastName: 'Smith', email: 'jsmith2@acme.com', company: 'Acme' }],
    [{ firstName: 'Christina', lastName: 'Robert', email: 'c.robert2@acme.com', company: 'Acme' }, { firstName: 'Christine', lastName: 'Robert', email: 'c.robert@acme.com', company: 'Acme' }],
  ])('takes two mailboxes that differ only by a number for two people, as mail administrators number a namesake (%o)', (a, b) => {
    expect(level('email', a, b)).toBe('same domain, local part names someone else');
    expect(decide(probability(a, b))).toBe('no-match');
  });

  it("rejects a son's address as the father's", () => {
    expect(level('email', { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.com' }, { firstName: 'John', lastName: 'Smith Jr.', email: 'john.smith.jr@acme.com' })).toBe(
      'same domain, local part names someone else',
    );
  });

  it.each([
    [{ email: 'Jane.Doe+crm@acme.com' }, { email: 'jane.doe@ACME.com' }, 'same address'],
    [{ email: 'jane@acme.com' }, { email: 'jane@globex.com' }, 'different company domains'],
    [{ email: 'jane@gmail.com' }, { email: 'jane@acme.com' }, 'free-mail on a side, local parts do not spell the names'],
    [{ firstName: 'Jane', lastName: 'Doe', email: 'jane_doe1987@gmail.com' }, { firstName: 'Jane', lastName: 'Doe', email: 'jdoe@acme.com' }, 'free-mail on a side, both local parts spell the names'],
    [{ firstName: 'Jane', lastName: 'Doe', email: 'janedoe@gmail.com' }, { firstName: 'Jane', lastName: 'Dow', email: 'jane.dow@acme.com' }, 'free-mail on a side, the work address names someone else'],
    [{ firstName: 'Jane', lastName: 'Doe', email: 'cooldude77@gmail.com' }, { firstName: 'Jane', lastName: 'Doe', email: 'jdoe@acme.com' }, 'free-mail on a side, local parts do not spell the names'],
    [{ email: 'jane@acme.com' }, {}, 'missing'],
  ])('compares %o and %o as %s', (a, b, expected) => {
    expect(level('email', a, b)).toBe(expected);
  });
});

describe('compareLevels: the employer split', () => {
  it('compares e-mail and phone of people at one employer in their own comparisons, the others stay null', () => {
    const levels = levelsOf(person({ email: 'a@acme.com', phone: '(415) 782-3300', company: 'Acme' }), person({ email: 'b@acme.com', phone: '(415) 782-3300', company: 'ACME Inc.' }));
    expect([levels[at('email')], levels[at('phone')]]).toEqual([NULL_LEVEL, NULL_LEVEL]);
    expect([levels[at('emailAtEmployer')], levels[at('phoneAtEmployer')]]).toEqual([2, 0]);
  });

  it('compares them in the general comparisons otherwise', () => {
    const levels = levelsOf(person({ email: 'a@acme.com', phone: '(415) 782-3300', company: 'Acme' }), person({ email: 'a@globex.com', phone: '(415) 782-3300', company: 'Globex' }));
    expect([levels[at('email')], levels[at('phone')], levels[at('emailAtEmployer')], levels[at('phoneAtEmployer')]]).toEqual([3, 0, NULL_LEVEL, NULL_LEVEL]);
  });
});

describe('compareLevels: names, suffix, phone, company, domain', () => {
  it.each([
    ['Caleb', 'Caleb', 'exact'],
    ['Bob', 'Robert', 'nickname'],
    ['Michael', 'Micheal', 'Jaro-Winkler ≥ 0.92'],
    ['C.', 'Caleb', 'initial'],
    ['Helen', 'Helga', 'Jaro-Winkler ≥ 0.80'],
    ['Caleb', 'Susan', 'different'],
    ['Caleb', '', 'missing'],
  ])('given names %s and %s: %s', (a, b, expected) => {
    expect(level('givenName', { firstName: a, lastName: 'Roberts' }, { firstName: b, lastName: 'Roberts' })).toBe(expected);
  });

  it.each([
    ['Roberts', 'Roberts', 'exact'],
    ['Roberts', 'Robetrs', 'Jaro-Winkler ≥ 0.92'],
    ['Smith', 'Smyth', 'sounds alike'],
    ['Roberts', 'Kowalski', 'different'],
  ])('family names %s and %s: %s', (a, b, expected) => {
    expect(level('familyName', { firstName: 'Caleb', lastName: a }, { firstName: 'Caleb', lastName: b })).toBe(expected);
  });

  it.each([
    [{ firstName: 'Caleb', lastName: 'Roberts' }, { firstName: 'Roberts', lastName: 'Caleb' }],
    // The given name in the family-name field as an initial, or as a nickname.
    [{ firstName: 'Jacqueline', lastName: 'Sanders' }, { firstName: 'Sanders', lastName: 'J' }],
    [{ firstName: 'Robert', lastName: 'Smith' }, { firstName: 'Smith', lastName: 'Bob' }],
  ])('takes given and family names written the wrong way round as swapped, on both (%o, %o)', (a, b) => {
    expect([level('givenName', a, b), level('familyName', a, b)]).toEqual(['swapped with family name', 'swapped with given name']);
  });

  it('does not take two people sharing one name crosswise for swapped names', () => {
    expect(level('givenName', { firstName: 'Thomas', lastName: 'James' }, { firstName: 'James', lastName: 'Wright' })).toBe('different');
  });

  it('compares generational suffixes: none on either side agrees, one side only differs', () => {
    const john = { firstName: 'John' };
    expect(level('suffix', { ...john, lastName: 'Smith' }, { ...john, lastName: 'Smith' })).toBe('same');
    expect(level('suffix', { ...john, lastName: 'Smith' }, { ...john, lastName: 'Smith Jr.' })).toBe('different');
    expect(level('suffix', { ...john, lastName: 'Smith Sr.' }, { ...john, lastName: 'Smith Jr.' })).toBe('different');
    expect(level('suffix', { ...john, lastName: 'Smith III' }, { ...john, lastName: 'Smith III' })).toBe('same');
  });

  it('compares phones by number, then by the subscriber number under another calling code', () => {
    expect(level('phone', { phone: '(415) 782-3301' }, { phone: '+1 415.782.3301' })).toBe('same number');
    const base = person({});
    expect(level('phone', { ...base, phone: '+12127365000' }, { ...base, phone: '+442087365000' })).toBe('same number under another calling code');
    // One country, two area codes: two lines that happen to share their last seven digits.
    expect(level('phone', { phone: '902-555-0125' }, { phone: '+1 204-555-0125' })).toBe('different');
    expect(level('phone', { phone: '(415) 782-3301' }, { phone: '(415) 782-9999' })).toBe('different');
  });

  it('compares company names by key, then token set, and the domain only where they do not agree', () => {
    expect(level('company', { company: 'Acme, Inc.' }, { company: 'ACME Incorporated' })).toBe('same name');
    expect(level('company', { company: 'Acme Widgets GmbH' }, { company: 'Acme Widgts' })).toBe('token-set ≥ 0.90');
    expect(level('company', { company: 'Acme' }, { company: 'Globex' })).toBe('different');
    expect(level('domain', { company: 'Acme', website: 'acme.com' }, { company: 'Acme', website: 'acme.com' })).toBe('missing');
    // Where a side lacks the name, the same domain is the same employer, and weighs as the same name does.
    expect(level('company', { website: 'acme.com' }, { company: 'Acme', website: 'www.acme.com' })).toBe('same name');
    expect(level('domain', { website: 'acme.com' }, { company: 'Acme', website: 'www.acme.com' })).toBe('missing');
    // A rename: the names differ, the domain speaks.
    expect(level('domain', { company: 'Acme', website: 'acme.com' }, { company: 'Globex', website: 'www.acme.com' })).toBe('same');
  });

  it('takes one linked company (the account Syncline linked) for the same employer, whatever the names', () => {
    expect(level('company', { company: 'Acme', account: 'entity:7' }, { company: 'ACME Holdings Europe', account: 'entity:7' })).toBe('same name');
    expect(level('company', { company: 'Acme', account: 'entity:7' }, { company: 'Globex', account: 'entity:8' })).toBe('different');
  });
});

/** A seeded PRNG for simulating pairs (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const draw = (probabilities: readonly number[], r: number) => {
  let acc = 0;
  for (let i = 0; i < probabilities.length; i++) if (r < (acc += probabilities[i] ?? 0)) return i;
  return probabilities.length - 1;
};

describe('estimateParameters', () => {
  const names = ['email', 'givenName', 'familyName', 'phone'] as const;
  const distribution = (first: number) => fc.tuple(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true })).map(([x, y]) => {
    const rest = 1 - first;
    return [first, (rest * x) / (x + y), (rest * y) / (x + y)];
  });

  it('recovers m and λ of a known model from pairs simulated from it (u fixed, as from random pairs)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 0.4, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0.6, max: 0.9, noNaN: true }).chain(distribution), fc.double({ min: 0.02, max: 0.15, noNaN: true }).chain(distribution)), { minLength: 4, maxLength: 4 }),
        fc.integer(),
        (lambda, parameters, seed) => {
          const truth: ProbabilisticModel = {
            version: 1, lambda, records: 1000,
            comparisons: names.map((name, k) => ({ name, label: name, levels: [0, 1, 2].map((i) => ({ name: `l${i}`, m: parameters[k]?.[0][i] ?? 0, u: parameters[k]?.[1][i] ?? 0 })) })),
          };
          const random = prng(seed);
          const pairs = 20_000;
          const levels = new Uint8Array(pairs * names.length);
          for (let p = 0; p < pairs; p++) {
            const match = random() < lambda;
            truth.comparisons.forEach((c, k) => (levels[p * names.length + k] = draw(c.levels.map((l) => (match ? l.m : l.u)), random())));
          }
          const start: ProbabilisticModel = { ...truth, lambda: 0.25, comparisons: truth.comparisons.map((c) => ({ ...c, levels: c.levels.map((l, i) => ({ ...l, m: [0.7, 0.2, 0.1][i] ?? 0 })) })) };
          // A weakly separated model (m near u) converges slowly: EM is linear there, so it gets the iterations it needs.
          const { model, converged } = estimateParameters(start, tallyPatterns(levels, names.length), { maxIterations: 5_000 });
          expect(converged).toBe(true);
          expect(model.lambda).toBeCloseTo(lambda, 1);
          // 20,000 simulated pairs leave a sampling error of a few hundredths on a weakly separated level.
          model.comparisons.forEach((c, k) => c.levels.forEach((l, i) => expect(Math.abs(l.m - (truth.comparisons[k]?.levels[i]?.m ?? 0))).toBeLessThan(0.07)));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('keeps u where it has an estimate, and fixed m', () => {
    const levels = new Uint8Array(COMPARISON_COUNT * 10).fill(0);
    const { model } = estimateParameters(defaultPersonModel, tallyPatterns(levels, COMPARISON_COUNT), { totalPairs: 100 });
    expect(model.comparisons.map((c) => c.levels.map((l) => l.u))).toEqual(defaultPersonModel.comparisons.map((c) => c.levels.map((l) => l.u)));
    expect(model.comparisons[at('emailAtEmployer')]?.levels[1]?.m).toBe(defaultPersonModel.comparisons[at('emailAtEmployer')]?.levels[1]?.m);
  });
});

describe('sampling and the prior', () => {
  it('draws the same pairs of distinct records from the same seed', () => {
    const pairs = randomPairs(50, 1000, 7);
    expect(pairs).toEqual(randomPairs(50, 1000, 7));
    expect(pairs).not.toEqual(randomPairs(50, 1000, 8));
    for (let i = 0; i < 1000; i++) expect(pairs[2 * i]).not.toBe(pairs[2 * i + 1]);
  });

  it('draws pairs within groups only', () => {
    const groups = [[0, 1, 2], [10, 11], [20, 21, 22, 23]];
    const pairs = randomPairsWithin(groups, 500, 3);
    const groupOf = (i: number) => groups.findIndex((g) => g.includes(i));
    for (let i = 0; i < 500; i++) {
      const [a = -1, b = -1] = [pairs[2 * i], pairs[2 * i + 1]];
      expect(a).not.toBe(b);
      expect(groupOf(a)).toBe(groupOf(b));
    }
  });

  it('rescales λ to another dataset size', () => {
    const model = priorFor(defaultPersonModel, 1_000_000);
    expect(model.lambda).toBeCloseTo((defaultPersonModel.lambda * (defaultPersonModel.records - 1)) / 999_999, 15);
  });
});

describe('explainMatch and decide', () => {
  it('explains a decision with weights that sum to the total', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: COMPARISON_COUNT, maxLength: COMPARISON_COUNT }), (raw) => {
        const levels = Uint8Array.from(raw, (x, k) => (x % 4 === 3 ? NULL_LEVEL : x % (PERSON_COMPARISONS[k]?.levels.length ?? 1)));
        const explanation = explainMatch(defaultPersonModel, levels);
        const sum = explanation.contributions.reduce((s, c) => s + c.weight, explanation.priorWeight);
        expect(sum).toBeCloseTo(explanation.weight, 9);
        expect(explanation.weight).toBeCloseTo(matchWeight(compileModel(defaultPersonModel), levels), 9);
        for (const c of explanation.contributions) if (c.level === null) expect(c.weight).toBe(0);
      }),
    );
  });

  it('formats a contribution for evidence reporting', () => {
    const explanation = explainMatch(defaultPersonModel, levelsOf(person({ email: 'caleb.roberts@acme.com', firstName: 'Caleb', lastName: 'Roberts' }), person({ email: 'c.roberts@acme.com', firstName: 'Caleb', lastName: 'Roberts' })));
    expect(formatContribution(explanation.contributions[at('emailAtEmployer')] as never)).toMatch(/^e-mail \(same employer\): same domain, local part agrees with the name: \+\d+\.\d$/);
  });

  it.each([
    [0.995, 'match'],
    [0.99, 'match'],
    [0.7, 'review'],
    [0.5, 'review'],
    [0.49, 'no-match'],
  ] as const)('decides %s as %s with the default bands', (p, expected) => {
    expect(decide(p)).toBe(expected);
  });

  it('decides with given bands', () => {
    expect(decide(0.95, { match: 0.9, review: 0.2 })).toBe('match');
    expect(decide(0.1, { match: 0.9, review: 0.2 })).toBe('no-match');
  });
});

describe('updateFromLabels and parseModel', () => {
  it('moves m toward the approved pairs, by the documented blend', () => {
    const k = at('givenName');
    const levels = new Uint8Array(COMPARISON_COUNT * 200).fill(NULL_LEVEL);
    for (let p = 0; p < 200; p++) levels[p * COMPARISON_COUNT + k] = 3;
    const before = defaultPersonModel.comparisons[k]?.levels[3]?.m ?? 0;
    const after = updateFromLabels(defaultPersonModel, { levels, matches: new Uint8Array(200).fill(1) }, { strength: 200 }).comparisons[k]?.levels[3]?.m ?? 0;
    expect(after).toBeCloseTo((200 + 200 * before) / 400, 3);
  });

  it('round-trips the model through JSON', () => {
    expect(parseModel(JSON.parse(JSON.stringify(defaultPersonModel)))).toEqual(defaultPersonModel);
  });

  it('rejects a model whose m does not sum to 1', () => {
    const broken = JSON.parse(JSON.stringify(defaultPersonModel)) as { comparisons: { levels: { m: number }[] }[] };
    (broken.comparisons[at('givenName')]?.levels[0] as { m: number }).m = 0.5;
    expect(() => parseModel(broken)).toThrow(/givenName.*m sums to/);
  });
});

describe('the default model', () => {
  const caleb = { firstName: 'Caleb', lastName: 'Roberts', email: 'caleb.roberts@acme.com', phone: '(415) 782-3301', company: 'Acme, Inc.', website: 'https://www.acme.com' };

  it.each([
    ['an alias format, a typo, another legal form', { firstName: 'Calbe', lastName: 'Roberts', email: 'c.roberts@acme.com', phone: '+1 415 782 3301', company: 'Acme Incorporated' }],
    ['an initial, no e-mail, the same phone', { firstName: 'C.', lastName: 'Roberts', phone: '415.782.3301', company: 'Acme' }],
    ['swapped names, no e-mail', { firstName: 'Roberts', lastName: 'Caleb', phone: '415-782-3301', company: 'ACME Inc' }],
    ['a nickname, the same address', { firstName: 'Cal', lastName: 'Roberts', email: 'Caleb.Roberts+crm@acme.com' }],
    ['a company typo, no e-mail', { firstName: 'Caleb', lastName: 'Roberts', phone: '(415) 782-3301', company: 'Acme Widgts', website: 'acme.com' }],
  ])('matches %s', (_, other) => {
    const base = _ === 'a company typo, no e-mail' ? { ...caleb, company: 'Acme Widgets Inc.' } : caleb;
    expect(decide(probability(base, other))).toBe('match');
  });

  it.each([
    ['colleagues at one company', { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@acme.com', phone: '(415) 782-3300', company: 'Acme' }, { firstName: 'John', lastName: 'Doe', email: 'john.doe@acme.com', phone: '(415) 782-3300', company: 'Acme' }],
    ['colleagues with one given name and no e-mail', { firstName: 'John', lastName: 'Dorsey', company: 'Acme' }, { firstName: 'John', lastName: 'Doyle', company: 'Acme' }],
    ['namesakes at other companies', { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.com', phone: '(415) 782-3301', company: 'Acme' }, { firstName: 'John', lastName: 'Smith', email: 'jsmith@globex.com', phone: '(212) 736-5000', company: 'Globex' }],
    ['a father and son', { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.com', phone: '(415) 782-3301', company: 'Acme' }, { firstName: 'John', lastName: 'Smith Jr.', email: 'john.smith.jr@acme.com', phone: '(415) 782-3302', company: 'Acme' }],
    ['people on a shared switchboard', { firstName: 'Ann', lastName: 'Lee', phone: '(415) 782-3300', company: 'Acme' }, { firstName: 'Omar', lastName: 'Haddad', phone: '(415) 782-3300', company: 'Acme' }],
  ])('rejects %s', (_, a, b) => {
    expect(decide(probability(a, b))).not.toBe('match');
  });
});
