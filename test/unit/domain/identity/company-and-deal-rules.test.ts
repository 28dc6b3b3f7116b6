import { describe, expect, it } from 'vitest';
import { blockingKeys } from '#domain/identity/blocking';
import { toMatchRecord, type MatchValues } from '#domain/identity/match-record';
import { decideMatch } from '#domain/identity/matcher';
import { defaultCompanyRules, defaultDealRules, type MatchRules } from '#domain/identity/rules';

const record = (values: MatchValues) => toMatchRecord(values, { defaultCountry: 'US' });

/** Decides `incoming` against candidates that share a blocking key with it, as the state store would find them. */
function decide(rules: MatchRules, incoming: MatchValues, known: Record<string, MatchValues>) {
  const keys = new Set(blockingKeys(rules, record(incoming)));
  const candidates = Object.entries(known)
    .map(([id, values]) => ({ id, record: record(values) }))
    .filter((c) => blockingKeys(rules, c.record).some((k) => keys.has(k)));
  return decideMatch(rules, record(incoming), candidates);
}

describe('the shipped company rules', () => {
  it('link a HubSpot bare domain to the Salesforce website it was written from', () => {
    // Prepare
    const accounts = { a: { name: 'Acme, Inc.', website: 'https://www.acme-example.com/en-us', country: 'United States' } };

    // Act
    const decision = decide(defaultCompanyRules, { name: 'ACME', website: 'acme-example.com' }, accounts);

    // Assess
    expect(decision).toMatchObject({ kind: 'match', id: 'a', evidence: { rule: 'domain' } });
  });

  it('link the same name in the same country when one side has no domain', () => {
    const decision = decide(defaultCompanyRules, { name: 'The Globex Corporation', country: 'US' }, { g: { name: 'Globex Corp.', website: 'globex.test', country: 'United States' } });

    expect(decision).toMatchObject({ kind: 'match', id: 'g', evidence: { rule: 'name-and-country' } });
  });

  it.each([
    ['another country', { name: 'Globex', country: 'Germany' }],
    ['another domain', { name: 'Globex', website: 'globex.io', country: 'US' }],
    ['another name', { name: 'Globex Logistics', country: 'US' }],
  ])('keep apart the same-sounding company in %s', (_, incoming) => {
    expect(decide(defaultCompanyRules, incoming, { g: { name: 'Globex Corp.', website: 'globex.test', country: 'United States' } })).toEqual({ kind: 'none' });
  });

  it('take no domain from a website on a host many companies share (a Facebook page, a site builder)', () => {
    const decision = decide(defaultCompanyRules, { name: "Joe's Plumbing", website: 'https://www.facebook.com/joes-plumbing' }, { f: { name: 'Ana Bakery', website: 'facebook.com/ana-bakery' } });

    expect(decision).toEqual({ kind: 'none' });
    expect(record({ website: 'https://joes.wixsite.com/home' }).domain).toBe('joes.wixsite.com');
  });

  it('send a record to review when two accounts share its domain', () => {
    const accounts = { us: { name: 'Initech', website: 'initech.test', country: 'US' }, de: { name: 'Initech GmbH', website: 'https://initech.test/de', country: 'Germany' } };

    const decision = decide(defaultCompanyRules, { name: 'Initech', website: 'www.initech.test' }, accounts);

    expect(decision.kind).toBe('ambiguous');
  });
});

describe('the shipped deal rules', () => {
  const known = { d: { name: 'Acme - Platform renewal', account: 'entity:acme', closeDate: '2026-03-31' } };

  it('link the same name at the same account closing the same day', () => {
    expect(decide(defaultDealRules, { name: 'acme platform renewal', account: 'entity:acme', closeDate: '2026-03-31T00:00:00Z' }, known)).toMatchObject({ kind: 'match', id: 'd', evidence: { rule: 'name-account-close-date' } });
  });

  it('link a deal without a close date on name and account', () => {
    expect(decide(defaultDealRules, { name: 'Acme - Platform renewal', account: 'entity:acme' }, known)).toMatchObject({ kind: 'match', id: 'd' });
  });

  it.each([
    ["next year's renewal", { name: 'Acme - Platform renewal', account: 'entity:acme', closeDate: '2027-03-31' }],
    ['another account', { name: 'Acme - Platform renewal', account: 'entity:other', closeDate: '2026-03-31' }],
    ['no account', { name: 'Acme - Platform renewal', closeDate: '2026-03-31' }],
  ])('keep apart %s', (_, incoming) => {
    expect(decide(defaultDealRules, incoming, known)).toEqual({ kind: 'none' });
  });
});
