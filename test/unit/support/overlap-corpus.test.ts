import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailAddressProblem } from '#domain/email-address';
import { renderWebsite } from '#test/support/overlap-corpus/companies';
import { generateOverlap, type OverlapCorpus, type OverlapOptions } from '#test/support/overlap-corpus/generate';
import { idPairs, loadOverlap, LOAD_CHUNK } from '#test/support/overlap-corpus/load';
import { SeededRandom } from '#test/support/overlap-corpus/random';
import { domainKey, duplicatesIn, emailKey, scoreLinks } from '#test/support/overlap-corpus/score';
import { editDistance, typo } from '#test/support/overlap-corpus/text-variants';

const SMALL = { seed: 7, sharedCompanies: 20, oneSidedCompanies: 10, sharedPeople: 60, oneSidedPeople: 30 } as const;
const E2E = { seed: 42, sharedCompanies: 500, oneSidedCompanies: 300, sharedPeople: 2_000, oneSidedPeople: 1_000 } as const;
const e2e = generateOverlap(E2E);
const small = generateOverlap(SMALL);

const byKey = <T extends { key: string }>(records: readonly T[]) => new Map(records.map((r) => [r.key, r]));
const lower = (value: string | undefined) => value?.toLowerCase();

function indexes(corpus: OverlapCorpus) {
  return {
    accounts: byKey(corpus.salesforce.accounts),
    sfContacts: byKey(corpus.salesforce.contacts),
    companies: byKey(corpus.hubspot.companies),
    hsContacts: byKey(corpus.hubspot.contacts),
    sameCompany: new Set(corpus.truth.companies.map((pair) => pair.join('|'))),
  };
}

describe('generateOverlap', () => {
  it('gives the same corpus for the same seed and another for another seed', () => {
    // Act
    const again = generateOverlap(SMALL);
    const other = generateOverlap({ ...SMALL, seed: 8 });

    // Assess
    expect(JSON.stringify(again)).toBe(JSON.stringify(small));
    expect(JSON.stringify(generateOverlap(E2E))).toBe(JSON.stringify(e2e));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(small));
  });

  it.each<OverlapOptions>([SMALL, E2E, { seed: 1, sharedCompanies: 1, oneSidedCompanies: 1, sharedPeople: 1, oneSidedPeople: 1 }, { seed: 2, sharedCompanies: 3, oneSidedCompanies: 5, sharedPeople: 7, oneSidedPeople: 9 }, { seed: 3, sharedCompanies: 4, oneSidedCompanies: 0, sharedPeople: 0, oneSidedPeople: 0 }])(
    'holds exactly the records asked for (%o)',
    (options) => {
      // Act
      const corpus = generateOverlap(options);

      // Assess
      const sfSide = (n: number) => Math.ceil(n / 2);
      const hsSide = (n: number) => Math.floor(n / 2);
      expect(corpus.salesforce.accounts).toHaveLength(options.sharedCompanies + sfSide(options.oneSidedCompanies));
      expect(corpus.hubspot.companies).toHaveLength(options.sharedCompanies + hsSide(options.oneSidedCompanies));
      expect(corpus.salesforce.contacts).toHaveLength(options.sharedPeople + sfSide(options.oneSidedPeople));
      expect(corpus.hubspot.contacts).toHaveLength(options.sharedPeople + hsSide(options.oneSidedPeople));
      expect(corpus.truth.companies).toHaveLength(options.sharedCompanies);
      expect(corpus.truth.people).toHaveLength(options.sharedPeople);
    },
  );

  it('rejects a size that is not a whole number, and people with no company to work at', () => {
    expect(() => generateOverlap({ ...SMALL, sharedPeople: -1 })).toThrow(/sharedPeople/);
    expect(() => generateOverlap({ ...SMALL, oneSidedCompanies: 1.5 })).toThrow(/oneSidedCompanies/);
    expect(() => generateOverlap({ ...SMALL, sharedCompanies: 0 })).toThrow(/shared company/);
  });

  it.each([['small', small], ['e2e', e2e]] as const)('gives unique keys, and truth pairs of existing records used once (%s)', (_, corpus) => {
    const { accounts, sfContacts, companies, hsContacts } = indexes(corpus);
    const keys = [...accounts.keys(), ...sfContacts.keys(), ...companies.keys(), ...hsContacts.keys()];
    expect(new Set(keys).size).toBe(keys.length);
    for (const [sf, hs] of corpus.truth.companies) expect([accounts.has(sf), companies.has(hs)]).toEqual([true, true]);
    for (const [sf, hs] of corpus.truth.people) expect([sfContacts.has(sf), hsContacts.has(hs)]).toEqual([true, true]);
    for (const pairs of [corpus.truth.companies, corpus.truth.people]) {
      expect(new Set(pairs.map(([sf]) => sf)).size).toBe(pairs.length);
      expect(new Set(pairs.map(([, hs]) => hs)).size).toBe(pairs.length);
    }
  });

  it.each([['small', small], ['e2e', e2e]] as const)('ties every contact to a company, but for a few HubSpot ones with an e-mail (%s)', (_, corpus) => {
    const { accounts, companies } = indexes(corpus);
    for (const contact of corpus.salesforce.contacts) expect(accounts.has(contact.accountKey ?? '')).toBe(true);
    const loose = corpus.hubspot.contacts.filter((c) => c.companyKey === undefined);
    for (const contact of corpus.hubspot.contacts) if (contact.companyKey !== undefined) expect(companies.has(contact.companyKey)).toBe(true);
    for (const contact of loose) expect(contact.properties.email).toBeDefined();
    expect(loose.length).toBeLessThanOrEqual(corpus.hubspot.contacts.length * 0.1);
  });

  it('gives valid e-mail addresses, one mailbox per record in each system, and one domain per company', () => {
    for (const corpus of [small, e2e]) {
      const emails = { salesforce: corpus.salesforce.contacts.map((c) => c.Email), hubspot: corpus.hubspot.contacts.map((c) => c.properties.email) };
      for (const email of [...emails.salesforce, ...emails.hubspot]) if (email !== undefined) expect([email, emailAddressProblem(email, 'hubspot'), emailAddressProblem(email, 'salesforce')]).toEqual([email, undefined, undefined]);
      expect(duplicatesIn(emails.salesforce, emailKey)).toBe(0);
      expect(duplicatesIn(emails.hubspot, emailKey)).toBe(0);
      expect(duplicatesIn(corpus.salesforce.accounts, (a) => domainKey(a.Website))).toBe(0);
      expect(duplicatesIn(corpus.hubspot.companies, (c) => domainKey(c.properties.domain))).toBe(0);
      // HubSpot holds the bare domain.
      for (const company of corpus.hubspot.companies) expect(domainKey(company.properties.domain)).toBe(company.properties.domain);
    }
  });

  it('keeps one-sided records out of the truth, with no e-mail or domain met on the other side', () => {
    for (const corpus of [small, e2e]) {
      const linked = new Set([...corpus.truth.companies, ...corpus.truth.people].flat());
      const sfOnly = corpus.salesforce.contacts.filter((c) => !linked.has(c.key));
      const hsOnly = corpus.hubspot.contacts.filter((c) => !linked.has(c.key));
      const sfEmails = new Set(corpus.salesforce.contacts.map((c) => emailKey(c.Email)));
      const hsEmails = new Set(corpus.hubspot.contacts.map((c) => emailKey(c.properties.email)));
      for (const contact of sfOnly) if (contact.Email) expect(hsEmails.has(emailKey(contact.Email))).toBe(false);
      for (const contact of hsOnly) if (contact.properties.email) expect(sfEmails.has(emailKey(contact.properties.email))).toBe(false);
      const sfDomains = new Set(corpus.salesforce.accounts.map((a) => domainKey(a.Website)));
      const hsDomains = new Set(corpus.hubspot.companies.map((c) => c.properties.domain));
      for (const account of corpus.salesforce.accounts) if (!linked.has(account.key)) expect(hsDomains.has(domainKey(account.Website) ?? '')).toBe(false);
      for (const company of corpus.hubspot.companies) if (!linked.has(company.key)) expect(sfDomains.has(company.properties.domain)).toBe(false);
      expect(sfOnly.length + hsOnly.length).toBeGreaterThan(0);
    }
  });

  it('gives each truth pair of people one mailbox, or else the exact name at the same company', () => {
    for (const corpus of [small, e2e]) {
      const { sfContacts, hsContacts, sameCompany } = indexes(corpus);
      for (const [sfKey, hsKey] of corpus.truth.people) {
        const sf = sfContacts.get(sfKey);
        const hs = hsContacts.get(hsKey);
        if (sf?.Email && hs?.properties.email) expect(emailKey(sf.Email)).toBe(emailKey(hs.properties.email));
        else {
          expect([hs?.properties.firstname, hs?.properties.lastname]).toEqual([sf?.FirstName, sf?.LastName]);
          expect(sameCompany.has(`${sf?.accountKey}|${hs?.companyKey}`)).toBe(true);
        }
      }
    }
  });

  it('differs between the two copies of shared records as real data does, at the documented rates', () => {
    // Prepare
    const { accounts, companies, sfContacts, hsContacts } = indexes(e2e);
    const companyPairs = e2e.truth.companies.map(([sf, hs]) => [accounts.get(sf), companies.get(hs)] as const);
    const people = e2e.truth.people.map(([sf, hs]) => [sfContacts.get(sf), hsContacts.get(hs)] as const);
    const share = (count: number) => count / people.length;

    // Assess: companies
    for (const [sf, hs] of companyPairs) expect(domainKey(sf?.Website)).toBe(hs?.properties.domain);
    expect(companyPairs.filter(([sf, hs]) => sf?.Name !== hs?.properties.name).length).toBeGreaterThan(100);
    expect(companyPairs.filter(([sf]) => sf?.Website !== domainKey(sf?.Website)).length).toBeGreaterThan(250);
    expect(companyPairs.filter(([sf, hs]) => hs?.properties.country !== undefined && sf?.BillingCountry !== hs.properties.country).length).toBeGreaterThan(50);
    expect(e2e.salesforce.accounts.map((a) => a.BillingCountry)).toEqual(expect.arrayContaining(['United States', 'USA', 'US']));

    // Assess: people
    const missingEmail = people.filter(([sf, hs]) => !sf?.Email !== !hs?.properties.email).length;
    const recased = people.filter(([sf, hs]) => sf?.Email && hs?.properties.email && sf.Email !== hs.properties.email).length;
    const nicknames = people.filter(([sf, hs]) => sf?.FirstName === 'Robert' && ['Bob', 'Rob', 'Bobby'].includes(hs?.properties.firstname ?? '')).length;
    const typos = people.filter(([sf, hs]) => editDistance(sf?.LastName ?? '', hs?.properties.lastname ?? '') === 1).length;
    expect(share(missingEmail)).toBeGreaterThan(0.01);
    expect(share(missingEmail)).toBeLessThan(0.06);
    expect(share(recased)).toBeGreaterThan(0.1);
    expect(nicknames).toBeGreaterThan(0);
    expect(share(typos)).toBeGreaterThan(0.01);
    expect(share(typos)).toBeLessThan(0.08);
    expect(people.filter(([sf, hs]) => sf?.Phone && hs?.properties.phone && sf.Phone !== hs.properties.phone).length).toBeGreaterThan(500);
    expect(people.filter(([sf, hs]) => !sf?.Title !== !hs?.properties.jobtitle).length).toBeGreaterThan(100);
  });

  it.each([['small', small], ['e2e', e2e]] as const)('holds look-alikes that are not the same company or person (%s)', (_, corpus) => {
    // Prepare
    const { accounts, companies, sfContacts, hsContacts, sameCompany } = indexes(corpus);
    const truth = new Set([...corpus.truth.companies, ...corpus.truth.people].map((pair) => pair.join('|')));
    const { hardNegatives } = corpus;

    // Assess
    expect(hardNegatives.companies.length).toBeGreaterThan(0);
    for (const [sfKey, hsKey] of hardNegatives.companies) {
      const [sf, hs] = [accounts.get(sfKey), companies.get(hsKey)];
      expect(truth.has(`${sfKey}|${hsKey}`)).toBe(false);
      expect(domainKey(sf?.Website)).not.toBe(hs?.properties.domain);
      // The same name stem: the first word matches, whatever the case.
      expect(lower(sf?.Name.replace(/^the /i, '').split(/[\s,]/)[0])).toBe(lower(hs?.properties.name.replace(/^the /i, '').split(/[\s,]/)[0]));
    }
    expect(new Set(hardNegatives.people.map((p) => p.kind))).toEqual(new Set(['same-last-name', 'same-first-name', 'junior']));
    for (const { kind, pair: [sfKey, hsKey] } of hardNegatives.people) {
      const [sf, hs] = [sfContacts.get(sfKey), hsContacts.get(hsKey)];
      expect(truth.has(`${sfKey}|${hsKey}`)).toBe(false);
      expect(sameCompany.has(`${sf?.accountKey}|${hs?.companyKey}`)).toBe(true);
      expect(emailKey(sf?.Email)).not.toBe(emailKey(hs?.properties.email));
      if (kind === 'same-last-name') expect([sf?.LastName, sf?.FirstName]).toEqual([hs?.properties.lastname, expect.not.stringMatching(`^${hs?.properties.firstname}$`)]);
      if (kind === 'same-first-name') expect(sf?.FirstName).toBe(hs?.properties.firstname);
      if (kind === 'junior') expect([sf?.LastName, hs?.properties.lastname].filter((n) => /,? Jr\.?$/.test(n ?? ''))).toHaveLength(1);
    }
  });
});

describe('typo', () => {
  it('always changes a string by edit distance 1 (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.integer(), fc.constantFrom('insert', 'delete', 'substitute', 'transpose' as const), (value, seed, kind) => {
        expect(editDistance(typo(value, new SeededRandom(seed), kind), value)).toBe(1);
      }),
      { numRuns: 1_000 },
    );
  });

  it('rejects an empty string', () => {
    expect(() => typo('', new SeededRandom(1))).toThrow(/at least one character/);
  });

  it('measures known edit distances', () => {
    expect([editDistance('kitten', 'sitting'), editDistance('ab', 'ba'), editDistance('Smith', 'Smith'), editDistance('', 'abc')]).toEqual([3, 1, 0, 3]);
  });
});

describe('domainKey', () => {
  it('reads the domain back from every way a website is written (property)', () => {
    fc.assert(
      fc.property(fc.domain().filter((d) => !d.startsWith('www.')), fc.integer(), (domain, seed) => {
        expect(domainKey(renderWebsite(domain, new SeededRandom(seed)))).toBe(domain);
      }),
      { numRuns: 500 },
    );
  });
});

describe('scoreLinks', () => {
  it('counts right, wrong and missed pairs', () => {
    // Prepare
    const truth: [string, string][] = [['a1', 'b1'], ['a2', 'b2'], ['a3', 'b3']];
    const predicted: [string, string][] = [['a1', 'b1'], ['a2', 'b3'], ['a1', 'b1'], ['b2', 'a2']];

    // Act
    const score = scoreLinks(truth, predicted);

    // Assess
    expect(score).toEqual({ truePositives: 1, falsePositives: 2, falseNegatives: 2, precision: 1 / 3, recall: 1 / 3 });
    expect(scoreLinks(truth, truth)).toEqual({ truePositives: 3, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1 });
    expect(scoreLinks(truth, [])).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 3, precision: 1, recall: 0 });
  });

  it('counts surplus records sharing an e-mail or a domain', () => {
    expect(duplicatesIn(['A@x.example', 'a@x.example ', 'a@X.EXAMPLE', undefined, undefined, 'b@x.example'], emailKey)).toBe(2);
    expect(duplicatesIn(['https://www.acme.example/', 'acme.example', 'http://acme.example:8080/en-us', 'acme.test'], domainKey)).toBe(2);
  });
});

describe('loadOverlap', () => {
  const requests: { path: string; body: { records: Record<string, unknown>[]; modifiedAt?: string } }[] = [];
  let refuse: { status: number; body: string } | undefined;
  let server: Server;
  let url = '';

  beforeAll(async () => {
    let next = 0;
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as (typeof requests)[number]['body'];
        requests.push({ path: req.url ?? '', body });
        if (refuse) return void res.writeHead(refuse.status).end(refuse.body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ids: body.records.map(() => `id${next++}`) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts records in chunks, then ties contacts to the ids their companies were given', async () => {
    // Prepare
    requests.length = 0;
    const accounts = Array.from({ length: 2 * LOAD_CHUNK + 500 }, (_, i) => ({ key: `acct${i}`, Name: `Account ${i}`, Website: `a${i}.example`, BillingCountry: 'US' }));
    const corpus: OverlapCorpus = {
      salesforce: { accounts, contacts: [{ key: 'c1', FirstName: 'Ann', LastName: 'Lee', Email: 'ann@a0.example', accountKey: 'acct4499' }] },
      hubspot: {
        companies: [{ key: 'co1', properties: { name: 'A0', domain: 'a0.example' } }],
        contacts: [
          { key: 'p1', properties: { firstname: 'Ann', lastname: 'Lee' }, companyKey: 'co1' },
          { key: 'p2', properties: { firstname: 'Bo', lastname: 'Li', email: 'bo@mail.example' } },
        ],
      },
      truth: { companies: [['acct0', 'co1']], people: [['c1', 'p1']] },
      hardNegatives: { companies: [], people: [] },
    };

    // Act
    const ids = await loadOverlap(corpus, { salesforce: url, hubspot: `${url}/` }, '2024-05-01T00:00:00Z');

    // Assess
    expect(requests.map((r) => [r.path, r.body.records.length, r.body.modifiedAt])).toEqual([
      ['/__sandbox/records/Account', 2000, '2024-05-01T00:00:00Z'],
      ['/__sandbox/records/Account', 2000, '2024-05-01T00:00:00Z'],
      ['/__sandbox/records/Account', 500, '2024-05-01T00:00:00Z'],
      ['/__sandbox/records/Contact', 1, '2024-05-01T00:00:00Z'],
      ['/__sandbox/records/companies', 1, '2024-05-01T00:00:00Z'],
      ['/__sandbox/records/contacts', 2, '2024-05-01T00:00:00Z'],
    ]);
    expect(requests[0]?.body.records[0]).toEqual({ Name: 'Account 0', Website: 'a0.example', BillingCountry: 'US' });
    expect(requests[3]?.body.records[0]).toEqual({ FirstName: 'Ann', LastName: 'Lee', Email: 'ann@a0.example', AccountId: 'id4499' });
    expect(requests[4]?.body.records[0]).toEqual({ properties: { name: 'A0', domain: 'a0.example' } });
    expect(requests[5]?.body.records).toEqual([
      { properties: { firstname: 'Ann', lastname: 'Lee' }, associations: { companies: ['id4501'] } },
      { properties: { firstname: 'Bo', lastname: 'Li', email: 'bo@mail.example' } },
    ]);
    expect([ids.salesforce.size, ids.hubspot.size]).toEqual([4501, 3]);
    expect(idPairs(corpus.truth.people, ids)).toEqual([['id4500', 'id4502']]);
    expect(idPairs(corpus.truth.companies, ids)).toEqual([['id0', 'id4501']]);
  });

  it('loads a generated corpus without modifiedAt, every record once', async () => {
    // Prepare
    requests.length = 0;

    // Act
    const ids = await loadOverlap(small, { salesforce: url, hubspot: url });

    // Assess
    expect(requests.every((r) => !('modifiedAt' in r.body))).toBe(true);
    expect(requests.map((r) => r.body.records.length)).toEqual([small.salesforce.accounts.length, small.salesforce.contacts.length, small.hubspot.companies.length, small.hubspot.contacts.length]);
    expect(idPairs(small.truth.people, ids)).toHaveLength(small.truth.people.length);
  });

  it('fails with the status and body of a refused request', async () => {
    // Prepare
    refuse = { status: 400, body: '{"message":"Name is required"}' };

    // Act / Assess
    await expect(loadOverlap(small, { salesforce: url, hubspot: url })).rejects.toThrow(/400.*Name is required/);
    refuse = undefined;
  });
});
