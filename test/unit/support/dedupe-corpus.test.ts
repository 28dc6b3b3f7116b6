import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { CSV_HEADERS, DEBUG_HEADERS, TRUTH_HEADERS, writeCorpusCsv } from '#test/support/dedupe-corpus/cli';
import {
  companyKey,
  emailKey,
  generateCorpus,
  HARD_NEGATIVE_KINDS,
  isResolvable,
  PERTURBATIONS,
  phoneKey,
  sharedSignals,
  type ContactFields,
  type ContactRecord,
  type CrmFormat,
} from '#test/support/dedupe-corpus/generate';
import { COUNTRIES, NICKNAMES } from '#test/support/dedupe-corpus/names';
import { exactEmailBaseline, scorePairwise, summarizeCorpus } from '#test/support/dedupe-corpus/score';

// ---------------------------------------------------------------------------------------------------------------
// An oracle for the resolvability rule, written apart from the generator's (own folding, libphonenumber for phones,
// the URL parser for hosts), so the ground-truth tests check the generator rather than repeat it.

const SPECIAL: Readonly<Record<string, string>> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i', þ: 'th' };
const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[ßøæœłđıþ]/g, (c) => SPECIAL[c] ?? c).trim().replace(/\s+/g, ' ');

/** Equal, or one insertion, deletion, substitution or adjacent transposition apart. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
  if (a.length < b.length) return a.slice(i) === b.slice(i + 1);
  return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
}

const formals = new Map<string, Set<string>>();
const formalsOf = (name: string) => {
  const cached = formals.get(name);
  if (cached) return cached;
  const found = new Set([name, ...Object.entries(NICKNAMES).filter(([, nicks]) => nicks.some((n) => fold(n) === name)).map(([formal]) => fold(formal))]);
  formals.set(name, found);
  return found;
};
const sameFirstName = (a: string, b: string) => withinOneEdit(a, b) || [...formalsOf(a)].some((f) => formalsOf(b).has(f));
const similarName = (a: Keys, b: Keys) => Boolean(a.first && a.last && b.first && b.last) && withinOneEdit(a.last, b.last) && sameFirstName(a.first, b.first);

function mailbox(email: string): string {
  const address = email.trim().toLowerCase();
  if (!address) return '';
  const [local = '', domain = ''] = [address.slice(0, address.lastIndexOf('@')), address.slice(address.lastIndexOf('@') + 1)];
  const bare = local.split('+')[0] ?? '';
  return ['gmail.com', 'googlemail.com'].includes(domain) ? `${bare.replaceAll('.', '')}@gmail.com` : `${bare}@${domain}`;
}

const words = (name: string) => fold(name).replaceAll('&', ' and ').replaceAll('.', '').replace(/[^a-z0-9]+/g, ' ').trim();
// Longest first, so "Pty Ltd" goes whole rather than leaving "Pty" behind once "Ltd" is gone.
const LEGAL_FORMS = [...new Set(COUNTRIES.flatMap((c) => c.legalForms.flat()).map(words))].sort((a, b) => b.length - a.length);
function firm(name: string): string {
  let w = words(name).replace(/^the /, '');
  for (let form = LEGAL_FORMS.find((f) => w.endsWith(` ${f}`)); form; form = LEGAL_FORMS.find((f) => w.endsWith(` ${f}`))) w = w.slice(0, -form.length - 1);
  return w.replaceAll(' ', '');
}
const host = (website: string) => (website.trim() ? new URL(/^https?:/i.test(website.trim()) ? website.trim() : `http://${website.trim()}`).hostname.replace(/^www\./, '') : '');

const CODES = new Map(COUNTRIES.map((c) => [c.name, c.code as CountryCode]));
const nationalNumber = (r: ContactFields) =>
  r.phone.trim() ? (parsePhoneNumberFromString(r.phone, CODES.get(r.country))?.nationalNumber ?? r.phone.replace(/\D/g, '')) : '';

interface Keys {
  readonly mailbox: string;
  readonly first: string;
  readonly last: string;
  readonly firm: string;
  readonly host: string;
  readonly phone: string;
}
const oracleKeys = (r: ContactFields): Keys => ({
  mailbox: mailbox(r.email), first: fold(r.firstName), last: fold(r.lastName), firm: firm(r.company), host: host(r.website), phone: nationalNumber(r),
});
const linked = (a: Keys, b: Keys) =>
  (a.mailbox !== '' && a.mailbox === b.mailbox) ||
  (similarName(a, b) && ((a.firm !== '' && a.firm === b.firm) || (a.host !== '' && a.host === b.host) || (a.phone !== '' && a.phone === b.phone)));

// ---------------------------------------------------------------------------------------------------------------
// Shared fixtures

const corpus: readonly ContactRecord[] = [...generateCorpus({ records: 20_000, seed: 2026 })];
const byId = new Map(corpus.map((r) => [r.id, r]));
const originals = corpus.filter((r) => r.originalId === undefined);
const duplicates = corpus.filter((r) => r.originalId !== undefined);
const stats = summarizeCorpus(corpus);
const keys = new Map(corpus.map((r) => [r, oracleKeys(r)]));
const keyOf = (r: ContactRecord) => keys.get(r) ?? oracleKeys(r);
const originalOf = (r: ContactRecord) => byId.get(r.originalId ?? '');

function memorySink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function toCsv(records: Iterable<ContactRecord>, format: CrmFormat, debug = false): Promise<{ csv: string; truth: string }> {
  const [out, truth] = [memorySink(), memorySink()];
  await writeCorpusCsv(records, out.stream, { format, truth: truth.stream, debug });
  return { csv: out.text(), truth: truth.text() };
}

/** Salesforce's case-safe suffix, computed apart from the generator. */
function salesforceSuffix(id15: string): string {
  return [0, 5, 10]
    .map((start) => [...id15.slice(start, start + 5)].reduce((bits, ch, i) => bits | (/[A-Z]/.test(ch) ? 1 << i : 0), 0))
    .map((bits) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[bits])
    .join('');
}

// ---------------------------------------------------------------------------------------------------------------

describe('generateCorpus: determinism', () => {
  it('produces the same records, and the same CSV bytes, for the same seed and size', async () => {
    const first = [...generateCorpus({ records: 3_000, seed: 7 })];
    const second = [...generateCorpus({ records: 3_000, seed: 7 })];

    expect(second).toEqual(first);
    expect((await toCsv(second, 'hubspot')).csv).toBe((await toCsv(first, 'hubspot')).csv);
  });

  it('produces a different corpus for a different seed', () => {
    const names = (seed: number) => [...generateCorpus({ records: 200, seed })].map((r) => `${r.firstName} ${r.lastName}`);

    expect(names(1)).not.toEqual(names(2));
  });

  it.each([0, 1, 7, 4_097])('produces exactly %i records with unique ids', (records) => {
    const ids = [...generateCorpus({ records, seed: 3 })].map((r) => r.id);

    expect(ids).toHaveLength(records);
    expect(new Set(ids).size).toBe(records);
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 60])('rejects a record count of %s', (records) => {
    expect(() => generateCorpus({ records, seed: 1 })).toThrow(/records must be a whole number/);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => generateCorpus({ records: 1, seed: 0.5 })).toThrow(/seed must be an integer, received 0.5/);
  });
});

describe('generateCorpus: ground truth', () => {
  it('gives every person one original and links each duplicate to it', () => {
    const originalsPerEntity = new Map<string, number>();
    for (const r of originals) originalsPerEntity.set(r.entityId, (originalsPerEntity.get(r.entityId) ?? 0) + 1);

    expect([...originalsPerEntity.values()].every((n) => n === 1)).toBe(true);
    for (const duplicate of duplicates) {
      expect(originalOf(duplicate)?.entityId).toBe(duplicate.entityId);
      expect(originalOf(duplicate)?.originalId).toBeUndefined();
      expect(duplicate.perturbations.length).toBeGreaterThan(0);
    }
    expect(originals.every((r) => r.perturbations.length === 0)).toBe(true);
  });

  it('keeps every duplicate resolvable: the same mailbox, or a similar name plus the same company or phone', () => {
    const unresolvable = duplicates.filter((d) => !linked(keyOf(originalOf(d) ?? d), keyOf(d)));

    expect(unresolvable.map((d) => [originalOf(d), d])).toEqual([]);
  });

  it('never lets that rule link the records of two different people', () => {
    // Every linked pair shares a mailbox, firm, host or phone, so comparing within those blocks finds them all; a
    // pair is compared in the first block kind it shares (m, f, h, p) only.
    const kinds = ['mailbox', 'firm', 'host', 'phone'] as const;
    const blocks = new Map<string, ContactRecord[]>();
    for (const r of corpus) {
      const k = keyOf(r);
      for (const kind of kinds.filter((kind) => k[kind] !== '')) {
        const block = blocks.get(`${kind}:${k[kind]}`);
        if (block) block.push(r);
        else blocks.set(`${kind}:${k[kind]}`, [r]);
      }
    }
    const crossLinks: [ContactRecord, ContactRecord][] = [];
    for (const [blockKey, block] of blocks) {
      const earlier = kinds.slice(0, kinds.indexOf(blockKey.split(':')[0] as (typeof kinds)[number]));
      for (let i = 0; i < block.length; i++) {
        for (let j = i + 1; j < block.length; j++) {
          const [a, b] = [keyOf(block[i]!), keyOf(block[j]!)];
          if (earlier.some((kind) => a[kind] === b[kind])) continue;
          if (block[i]!.entityId !== block[j]!.entityId && linked(a, b)) crossLinks.push([block[i]!, block[j]!]);
        }
      }
    }

    expect(crossLinks).toEqual([]);
  });

  it('gives each person who has duplicates one to three of them', () => {
    const counts = new Map<string, number>();
    for (const d of duplicates) counts.set(d.entityId, (counts.get(d.entityId) ?? 0) + 1);

    expect(Math.min(...counts.values())).toBe(1);
    expect(Math.max(...counts.values())).toBe(3);
  });

  it('plants hard negatives as labelled pairs of different people the rule keeps apart', () => {
    const groups = new Map<string, ContactRecord[]>();
    for (const r of originals.filter((o) => o.hardNegative)) groups.set(r.hardNegative!.group, [...(groups.get(r.hardNegative!.group) ?? []), r]);

    for (const [a, b, ...rest] of groups.values()) {
      expect(rest).toEqual([]);
      expect(a && b && a.entityId !== b.entityId && a.hardNegative?.kind === b.hardNegative?.kind).toBe(true);
      if (!a || !b) continue;
      const [ka, kb] = [keyOf(a), keyOf(b)];
      expect(linked(ka, kb)).toBe(false);
      const kind = a.hardNegative?.kind;
      if (kind === 'same-name-other-company') expect([a.firstName, a.lastName, ka.firm === kb.firm]).toEqual([b.firstName, b.lastName, false]);
      if (kind === 'shared-switchboard') expect([ka.firm, ka.phone, similarName(ka, kb)]).toEqual([kb.firm, kb.phone, false]);
      if (kind === 'same-first-name-initial-colleague') expect([ka.firm, a.firstName, ka.last[0], ka.last === kb.last]).toEqual([kb.firm, b.firstName, kb.last[0], false]);
      if (kind === 'generational-suffix') expect([ka.firm, b.lastName.startsWith(`${a.lastName} `) || a.lastName.startsWith(`${b.lastName} `)]).toEqual([kb.firm, true]);
    }
  });
});

describe('generateCorpus: rates on 20,000 records', () => {
  it('gives 25-35% of people duplicates', () => {
    expect(stats.entities + stats.duplicateRecords).toBe(20_000);
    expect(stats.duplicateShare).toBeGreaterThanOrEqual(0.25);
    expect(stats.duplicateShare).toBeLessThanOrEqual(0.35);
  });

  it('plants 3-5% of people in hard-negative pairs, of every kind', () => {
    expect(stats.hardNegativeShare).toBeGreaterThanOrEqual(0.03);
    expect(stats.hardNegativeShare).toBeLessThanOrEqual(0.05);
    for (const kind of HARD_NEGATIVE_KINDS) expect(stats.hardNegativeGroups[kind], kind).toBeGreaterThanOrEqual(20);
  });

  it('applies every perturbation to at least 2% of duplicates', () => {
    for (const perturbation of PERTURBATIONS) expect(stats.perturbations[perturbation] / stats.duplicateRecords, perturbation).toBeGreaterThanOrEqual(0.02);
  });

  it('makes the swapped e-mail a different mailbox and the Gmail re-dotting the same one', () => {
    const withPerturbation = (p: (typeof PERTURBATIONS)[number]) => duplicates.filter((d) => d.perturbations.includes(p) && d.email);

    for (const d of withPerturbation('email-swapped')) expect(keyOf(d).mailbox).not.toBe(keyOf(originalOf(d) ?? d).mailbox);
    for (const d of withPerturbation('email-gmail-dots')) {
      expect(d.email.trim().toLowerCase()).not.toBe(originalOf(d)?.email.trim().toLowerCase());
      expect(keyOf(d).mailbox).toBe(keyOf(originalOf(d) ?? d).mailbox);
    }
  });

  it('draws companies from a US-heavy mix of at least twelve countries', () => {
    // Companies rather than people: one 400-person company would swing a country's share of people.
    const companies = new Map<string, Set<string>>();
    for (const r of originals) companies.set(r.country, (companies.get(r.country) ?? new Set()).add(keyOf(r).firm));
    const count = (country: string) => companies.get(country)?.size ?? 0;
    const total = [...companies.values()].reduce((sum, firms) => sum + firms.size, 0);

    expect(count('United States') / total).toBeGreaterThan(0.35);
    expect(count('United States') / total).toBeLessThan(0.55);
    expect(count('United Kingdom')).toBeGreaterThan(count('Germany'));
    expect(count('Germany')).toBeGreaterThan(count('Netherlands'));
    expect(companies.size).toBeGreaterThanOrEqual(12);
    expect(total).toBeGreaterThan(2_500);
  });

  it('writes international names with accents, apostrophes and hyphens', () => {
    const names = originals.map((r) => `${r.firstName} ${r.lastName}`);

    expect(names.filter((n) => /[^\p{ASCII}]/u.test(n)).length).toBeGreaterThan(500);
    expect(names.filter((n) => n.includes("'")).length).toBeGreaterThan(20);
    expect(names.filter((n) => n.includes('-')).length).toBeGreaterThan(50);
  });

  it('has natural same-name collisions across people, but no name dominates', () => {
    const counts = new Map<string, number>();
    for (const r of originals) counts.set(`${r.firstName} ${r.lastName}`, (counts.get(`${r.firstName} ${r.lastName}`) ?? 0) + 1);

    expect([...counts.values()].filter((n) => n > 1).length).toBeGreaterThan(100);
    expect(Math.max(...counts.values()) / originals.length).toBeLessThan(0.002);
    expect(new Set(originals.map((r) => r.firstName)).size).toBeGreaterThan(1_000);
    expect(new Set(originals.map((r) => r.lastName)).size).toBeGreaterThan(2_000);
  });

  it('writes phones that libphonenumber accepts as numbers of the record country', () => {
    const phones = corpus.filter((r) => r.phone);
    const valid = phones.filter((r) => parsePhoneNumberFromString(r.phone, CODES.get(r.country))?.isValid());

    expect(valid.length / phones.length).toBeGreaterThan(0.995);
  });

  it('uses every work e-mail pattern: first.last, flast, first, firstl, first_last', () => {
    const freeMail = new Set(COUNTRIES.flatMap((c) => c.freeMail.map(([domain]) => domain)));
    const patterns = new Map<string, number>();
    for (const r of originals.filter((o) => o.email && !freeMail.has(o.email.split('@')[1] ?? ''))) {
      const local = r.email.split('@')[0]?.replace(/\d+$/, '') ?? '';
      const [f, l] = [fold(r.firstName).replace(/['\s]/g, ''), fold(r.lastName).replace(/['\s]/g, '')];
      const shapes = { 'first.last': `${f}.${l}`, flast: `${f[0]}${l}`, first: f, firstl: `${f}${l[0]}`, first_last: `${f}_${l}` };
      const match = Object.entries(shapes).find(([, shape]) => shape === local)?.[0];
      if (match) patterns.set(match, (patterns.get(match) ?? 0) + 1);
    }

    expect([...patterns.keys()].sort()).toEqual(['first', 'first.last', 'first_last', 'firstl', 'flast']);
  });
});

describe('CSV export', () => {
  const sample = corpus.slice(0, 2_000);

  it.each(['salesforce', 'hubspot'] as const)('writes a %s export that parses back to the same records, with its headers', async (format) => {
    const records = [...generateCorpus({ records: 2_000, seed: 11, format })];

    const { csv, truth } = await toCsv(records, format);
    const [header, ...rows] = parse(csv) as string[][];
    const [truthHeader, ...truthRows] = parse(truth) as string[][];

    expect(header).toEqual(CSV_HEADERS[format]);
    expect(rows).toEqual(records.map((r) => [r.id, r.firstName, r.lastName, r.email, r.phone, r.company, r.website, r.country]));
    expect(truthHeader).toEqual(TRUTH_HEADERS);
    expect(truthRows).toEqual(records.map((r) => [r.id, r.entityId]));
  });

  it('gives Salesforce contacts 18-character 003 ids with a valid case-safe suffix, and HubSpot numeric ids', () => {
    const hubspot = [...generateCorpus({ records: 50, seed: 11, format: 'hubspot' })];

    for (const { id } of sample) expect(id.slice(15), id).toBe(salesforceSuffix(id.slice(0, 15)));
    expect(sample.every((r) => /^003[0-9A-Za-z]{15}$/.test(r.id))).toBe(true);
    expect(hubspot.every((r) => /^[1-9]\d{6,}$/.test(r.id))).toBe(true);
  });

  it('quotes commas and keeps leading and trailing spaces', async () => {
    const tricky = sample.filter((r) => r.company.includes(',') || r.firstName !== r.firstName.trim() || r.email !== r.email.trim());

    const { csv } = await toCsv(tricky, 'salesforce');

    expect(tricky.length).toBeGreaterThan(5);
    expect(csv).toMatch(/"[^"\n]*, [^"\n]*"/);
    expect((parse(csv) as string[][]).slice(1).map((row) => [row[1], row[3], row[5]])).toEqual(tricky.map((r) => [r.firstName, r.email, r.company]));
  });

  it('adds the diagnostic columns in debug mode', async () => {
    const duplicate = duplicates[0]!;

    const { csv } = await toCsv([duplicate], 'salesforce', true);
    const [header, row] = parse(csv) as string[][];

    expect(header).toEqual([...CSV_HEADERS.salesforce, ...DEBUG_HEADERS]);
    expect(row?.slice(8)).toEqual([duplicate.title ?? '', duplicate.entityId, duplicate.originalId, duplicate.perturbations.join('|'), duplicate.hardNegative?.kind ?? '', duplicate.hardNegative?.group ?? '']);
  });
});

describe('the resolvability rule', () => {
  const jane: ContactFields = {
    firstName: 'Elizabeth', lastName: 'Müller', email: 'liz.mueller@gmail.com', phone: '020 7946 0958',
    company: 'Acme & Sons Ltd', website: 'https://www.acme.co.uk', country: 'United Kingdom',
  };

  it('treats a plus tag, Gmail dots and case as one mailbox', () => {
    expect(emailKey(' Liz.Mueller+crm@GMAIL.com')).toBe(emailKey('l.i.z.mueller@googlemail.com'));
    expect(emailKey('liz.mueller@acme.com')).not.toBe(emailKey('lizmueller@acme.com'));
  });

  it('reads a company name without legal form, "The", "&"/"and", case or accents', () => {
    expect(companyKey('THE ACME AND SONS LIMITED')).toBe(companyKey(jane.company));
    expect(companyKey('Müller Bau GmbH & Co. KG')).toBe(companyKey('Muller Bau'));
    expect(companyKey('Acme Sons')).not.toBe(companyKey(jane.company));
  });

  it('reads national, international, dotted and extension forms as one phone number', () => {
    const forms = ['020 7946 0958', '+44 20 7946 0958', '+442079460958', '020.7946.0958', '020 7946 0958 ext. 12', '020 7946 0958 x7'];

    expect(new Set(forms.map((f) => phoneKey(f, 'United Kingdom')))).toEqual(new Set(['2079460958']));
  });

  it('links a nickname with a typo at the same company, with no e-mail or phone in common', () => {
    const other = { ...jane, firstName: 'Liz', lastName: 'Mueller', email: 'liz.mueller@acme.co.uk', phone: '', website: 'acme.co.uk/' };

    expect(sharedSignals(jane, other).sort()).toEqual(['company', 'name']);
    expect(isResolvable(jane, other)).toBe(true);
  });

  it('rejects the same name at another company with another phone as a different person', () => {
    const namesake = { ...jane, email: 'emueller@globex.com', phone: '0161 496 0000', company: 'Globex Ltd', website: 'globex.co.uk' };

    expect(sharedSignals(jane, namesake)).toEqual(['name']);
    expect(isResolvable(jane, namesake)).toBe(false);
  });

  it('rejects colleagues who share only the switchboard', () => {
    const colleague = { ...jane, firstName: 'Omar', lastName: 'Haddad', email: 'omar.haddad@acme.co.uk' };

    expect(sharedSignals(jane, colleague).sort()).toEqual(['company', 'phone']);
    expect(isResolvable(jane, colleague)).toBe(false);
  });
});

describe('scorePairwise', () => {
  const truth: [string, string][] = [['1', 'A'], ['2', 'A'], ['3', 'A'], ['4', 'B'], ['5', 'B'], ['6', 'C']];

  it('scores the truth itself as perfect', () => {
    expect(scorePairwise(truth, truth)).toEqual({ truePairs: 4, predictedPairs: 4, correctPairs: 4, precision: 1, recall: 1, f1: 1 });
  });

  it('scores everything merged: full recall, precision of true pairs over all pairs', () => {
    const score = scorePairwise(truth, truth.map(([id]) => [id, 'all']));

    expect(score).toMatchObject({ truePairs: 4, predictedPairs: 15, correctPairs: 4, recall: 1 });
    expect(score.precision).toBeCloseTo(4 / 15);
  });

  it('scores everything split: no pairs predicted, so precision 1 and recall 0', () => {
    expect(scorePairwise(truth, truth.map(([id]) => [id, id]))).toEqual({ truePairs: 4, predictedPairs: 0, correctPairs: 0, precision: 1, recall: 0, f1: 0 });
  });

  it('counts a mixed clustering exactly', () => {
    const predicted: [string, string][] = [['1', 'X'], ['2', 'X'], ['3', 'Y'], ['4', 'Y'], ['5', 'Y'], ['6', 'Y']];

    const score = scorePairwise(truth, predicted);

    expect(score).toMatchObject({ truePairs: 4, predictedPairs: 7, correctPairs: 2 });
    expect([score.precision, score.recall, score.f1]).toEqual([2 / 7, 0.5, expect.closeTo(4 / 11, 12)]);
  });

  it('treats truth records missing from the prediction as singletons', () => {
    expect(scorePairwise(truth, [['1', 'X'], ['2', 'X']])).toMatchObject({ predictedPairs: 1, correctPairs: 1, recall: 0.25 });
  });

  it('rejects a predicted record the truth does not have', () => {
    expect(() => scorePairwise(truth, [['7', 'X']])).toThrow('predicted record 7 is not in the truth');
  });

  it('rejects a record id repeated in the truth or the prediction', () => {
    expect(() => scorePairwise([...truth, ['1', 'B']], truth)).toThrow('record 1 appears twice in the truth');
    expect(() => scorePairwise(truth, [['1', 'X'], ['1', 'Y']])).toThrow('record 1 appears twice in the prediction');
  });

  it('equals a brute-force pair count on any small clustering', () => {
    const labels = fc.array(fc.record({ entity: fc.constantFrom('a', 'b', 'c', 'd'), cluster: fc.constantFrom('w', 'x', 'y', 'z') }), { maxLength: 30 });

    fc.assert(
      fc.property(labels, (rows) => {
        const score = scorePairwise(rows.map((r, i) => [`r${i}`, r.entity]), rows.map((r, i) => [`r${i}`, r.cluster]));
        let [truePairs, predictedPairs, correctPairs] = [0, 0, 0];
        for (let i = 0; i < rows.length; i++) {
          for (let j = i + 1; j < rows.length; j++) {
            const [sameEntity, sameCluster] = [rows[i]!.entity === rows[j]!.entity, rows[i]!.cluster === rows[j]!.cluster];
            truePairs += Number(sameEntity);
            predictedPairs += Number(sameCluster);
            correctPairs += Number(sameEntity && sameCluster);
          }
        }
        expect(score).toMatchObject({ truePairs, predictedPairs, correctPairs });
        for (const value of [score.precision, score.recall, score.f1]) expect(value >= 0 && value <= 1).toBe(true);
      }),
    );
  });
});

describe('exactEmailBaseline', () => {
  it('clusters by trimmed, lower-cased e-mail and leaves records without one alone', () => {
    const records = [{ id: '1', email: 'Jane@Acme.com' }, { id: '2', email: ' jane@acme.com ' }, { id: '3', email: 'jane+crm@acme.com' }, { id: '4', email: '' }, { id: '5', email: '  ' }];

    const clusters = new Map(exactEmailBaseline(records));

    expect(clusters.get('1')).toBe(clusters.get('2'));
    expect(new Set(clusters.values()).size).toBe(4);
  });

  it('never merges two people on the corpus, and finds only part of the duplicates', () => {
    const score = scorePairwise(corpus.map((r) => [r.id, r.entityId]), exactEmailBaseline(corpus));

    expect(score.precision).toBe(1);
    expect(score.recall).toBeGreaterThan(0.3);
    expect(score.recall).toBeLessThan(0.75);
  });
});
