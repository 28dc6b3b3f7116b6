import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { DedupeInputError, dedupeExport, formatSummary, parseDedupeArgs } from '#cli/dedupe';

const fixtures = 'test/fixtures/dedupe';
const dir = mkdtempSync(join(tmpdir(), 'syncline-dedupe-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];

async function dedupe(fixture: string, ...options: string[]) {
  const out = join(dir, `${fixture}.clusters.csv`);
  const summary = await dedupeExport(parseDedupeArgs([join(fixtures, fixture), '--out', out, ...options]));
  const clusters = Object.fromEntries(rows(out).map((r) => [r['record_id'], [r['cluster_id'], r['rule'], r['score']]]));
  return { summary, clusters, review: rows(summary.reviewOut) };
}

const sf = (n: number) => `0035g00000Aa${String(n).padStart(3, '0')}AAA`;

describe('syncline dedupe', () => {
  it('clusters a Salesforce export: every record with its cluster, the rule that joined it and its score', async () => {
    const { clusters, summary } = await dedupe('salesforce-contacts.csv');

    expect(clusters).toEqual({
      // Robert and Bob Smith: a nickname, a personal address that spells the name, one company domain.
      [sf(1)]: [sf(1), 'person-model', '1'],
      [sf(2)]: [sf(1), 'person-model', '1'],
      [sf(3)]: [sf(3), 'email', '1'],
      [sf(4)]: [sf(3), 'email', '1'],
      [sf(5)]: [sf(5), 'person-model', '1'],
      // Peter Jones shares Anna Schmidt's switchboard, nothing else.
      [sf(6)]: [sf(6), 'unique', ''],
      [sf(7)]: [sf(5), 'person-model', '1'],
      // john.doe@ and jdoe@ both spell John Doe at one company: one person's two addresses, and the third record his.
      [sf(8)]: [sf(8), 'person-model', '1'],
      [sf(9)]: [sf(8), 'person-model', '1'],
      [sf(10)]: [sf(8), 'person-model', '1'],
      [sf(12)]: [sf(12), 'person-model', '1'],
      [sf(13)]: [sf(12), 'person-model', '1'],
    });
    expect(summary).toMatchObject({
      records: 12, skippedWithoutId: 1, clusters: 6, duplicateRate: 6 / 12, reviewPairs: 0, object: 'person',
      byRule: { email: 2, 'external-id': 0, 'person-model': 9, unique: 1 },
    });
  });

  it('lists the pairs in the review band in the review file, with both ids, the rule, the probability and the weights', async () => {
    const { review, summary, clusters } = await dedupe('father-and-son.csv');

    expect(summary.reviewOut).toBe(join(dir, 'father-and-son.csv.clusters.review.csv'));
    // John Smith and John Smith Jr. on one line at one firm: the names say one person, the suffix says two.
    expect(review).toEqual([
      { record_id: '0035g00000Ab002AAA', candidate_id: '0035g00000Ab001AAA', rule: 'person-model', score: expect.any(String), scores: expect.stringMatching(/^givenName=\d.*;suffix=-\d/) },
    ]);
    expect(Number(review[0]?.['score'])).toBeGreaterThanOrEqual(0.5);
    expect(Number(review[0]?.['score'])).toBeLessThan(0.99);
    expect(clusters).toEqual({ '0035g00000Ab001AAA': ['0035g00000Ab001AAA', 'unique', ''], '0035g00000Ab002AAA': ['0035g00000Ab002AAA', 'unique', ''] });
  });

  it('reads a HubSpot export by its headers (Email Address, Mobile Phone, Country/Region)', async () => {
    const { clusters } = await dedupe('hubspot-contacts.csv');

    expect(clusters).toEqual({
      '10100000101': ['10100000101', 'person-model', '1'],
      '10100000102': ['10100000101', 'person-model', '1'],
      '10100000103': ['10100000103', 'person-model', '1'],
      '10100000104': ['10100000103', 'person-model', '1'],
      '10100000105': ['10100000105', 'unique', ''],
    });
  });

  it('takes other headers from --columns, and applies the external-id rule when a column maps to one', async () => {
    const columns = 'Id=Contact Key,FirstName=Given,LastName=Family,Email=E-mail,Phone=Tel,Company=Org,Website=Web,Country=Land,ExternalId=SF Id';

    const { clusters } = await dedupe('custom-headers.csv', '--columns', columns);

    expect(clusters).toEqual({ 'c-1': ['c-1', 'external-id', '1'], 'c-2': ['c-1', 'external-id', '1'], 'c-3': ['c-3', 'unique', ''] });
  });

  it('names the contract object by a vendor object (--object contact) and prints a summary', async () => {
    const { summary } = await dedupe('hubspot-contacts.csv', '--object', 'contact', '--config', 'syncline.yaml', '--default-country', 'gb');

    expect(summary.object).toBe('person');
    expect(formatSummary(summary)).toMatch(/5 records \(person\)\n {2}clusters {8}3\n {2}duplicate rate {2}40\.0%.*\n {2}by rule {9}email 0, external-id 0, person-model 4, unique 1\n {2}review {10}0 pairs for a person to decide\n/);
  });

  it('rejects an export without a record id column, naming the columns it has', async () => {
    await expect(dedupe('no-id-column.csv')).rejects.toThrow(new DedupeInputError(`${join(fixtures, 'no-id-column.csv')}: no record id column (looked for Id, Record ID, ...; columns: First Name, Last Name, Email); name it with --columns Id=<header>`));
  });

  it('rejects a file it cannot read', async () => {
    await expect(dedupe('missing.csv')).rejects.toThrow(DedupeInputError);
    await expect(dedupe('missing.csv')).rejects.toThrow(/^cannot read test\/fixtures\/dedupe\/missing\.csv: no such file$/);
  });

  it('rejects a --columns mapping to a header the file lacks', async () => {
    await expect(dedupe('custom-headers.csv', '--columns', 'Id=Key')).rejects.toThrow(/--columns maps id to "Key", which is not a column/);
  });

  it('rejects an object matched only by the ids its records carry', async () => {
    await expect(dedupe('salesforce-contacts.csv', '--object', 'activity')).rejects.toThrow('syncline.yaml: objects.activity is matched only by the ids its records carry between systems, so an export cannot be deduplicated');
  });

  it.each([
    ['no export', [], /expected the export to dedupe/],
    ['two exports', ['a.csv', 'b.csv'], /expected one export/],
    ['an unknown option', ['a.csv', '--fast'], /unknown option --fast/],
    ['an option without its value', ['a.csv', '--out'], /--out needs a value/],
    ['a malformed --columns', ['a.csv', '--columns', 'Id'], /--columns: expected Name=Header pairs/],
    ['an unknown column name', ['a.csv', '--columns', 'Shoe=Size'], /--columns: unknown column "Shoe"/],
    ['a bad country', ['a.csv', '--default-country', 'USA'], /--default-country: expected an ISO 3166 alpha-2 code/],
  ])('rejects %s', (_, args, message) => {
    expect(() => parseDedupeArgs(args)).toThrow(message);
  });

  it('writes next to the export by default, the review file beside the clusters', () => {
    expect(parseDedupeArgs(['exports/contacts.csv'])).toMatchObject({ out: 'exports/contacts.clusters.csv', reviewOut: 'exports/contacts.clusters.review.csv', object: 'person', config: 'syncline.yaml' });
  });
});
