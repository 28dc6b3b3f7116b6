import { describe, expect, it } from 'vitest';
import { blockingKeys, finerBlockingKey } from '#domain/identity/blocking';
import { toMatchRecord, type MatchValues } from '#domain/identity/match-record';
import { handSetPersonRules as rules } from '#test/support/hand-set-person-rules';

const person = (values: MatchValues) => toMatchRecord(values, { defaultCountry: 'US' });

describe('blockingKeys', () => {
  it('gives one key per rule and value combination, prefixed by the rule', () => {
    const keys = blockingKeys(rules, person({ firstName: 'Bob', lastName: 'Smith', email: 'bob@acme.com', phone: '(415) 782-3301', company: 'Acme Inc' }));

    expect(keys).toEqual([
      'email|email=bob@acme.com',
      'name-and-domain|domain=acme.com|lastNamePhonetic=SM0',
      'name-and-domain|domain=acme.com|lastNamePhonetic=XMT',
      'name-and-domain|domain=acme.com|givenName=robert',
      'name-and-phone|phone=+14157823301|lastNamePhonetic=SM0',
      'name-and-phone|phone=+14157823301|lastNamePhonetic=XMT',
      'name-and-phone|phone=+14157823301|givenName=robert',
      'name-and-company|company=acme|lastNamePhonetic=SM0',
      'name-and-company|company=acme|lastNamePhonetic=XMT',
      'name-and-company|company=acme|givenName=robert',
    ]);
  });

  it('brings a typo and a nickname together: they share the family-name sound or a given-name form', () => {
    const keysOf = (values: MatchValues) => new Set(blockingKeys(rules, person({ website: 'acme.com', ...values })));
    const shares = (a: Set<string>, b: Set<string>) => [...a].some((k) => b.has(k));

    expect(shares(keysOf({ firstName: 'Robert', lastName: 'Smith' }), keysOf({ firstName: 'Bob', lastName: 'Smyth' }))).toBe(true);
    expect(shares(keysOf({ firstName: 'Robert', lastName: 'Smith' }), keysOf({ firstName: 'Rboert', lastName: 'Smith' }))).toBe(true);
    expect(shares(keysOf({ firstName: 'Robert', lastName: 'Smith' }), keysOf({ firstName: 'Maria', lastName: 'Garcia' }))).toBe(false);
  });

  it('gives no key for a part the record lacks: no name, no fuzzy block', () => {
    expect(blockingKeys(rules, person({ phone: '(415) 782-3301', website: 'acme.com' }))).toEqual([]);
    expect(blockingKeys(rules, person({ externalId: '003A' }))).toEqual(['external-id|link=003A']);
  });

  it('is deterministic: the same record gives the same keys in the same order', () => {
    const values = { firstName: 'Chris', lastName: 'Schmidt', email: 'chris@gmail.com', company: 'Acme' };
    expect(blockingKeys(rules, person(values))).toEqual(blockingKeys(rules, person({ ...values })));
  });
});

describe('finerBlockingKey', () => {
  it('adds the family name and the initial, so an oversized block splits by person', () => {
    const key = 'name-and-phone|phone=+14157823300|givenName=john';
    expect(finerBlockingKey(key, person({ firstName: 'John', lastName: 'Smith' }))).toBe(`${key}|last=smith|initial=j`);
    expect(finerBlockingKey(key, person({}))).toBe(`${key}|last=|initial=`);
  });
});
