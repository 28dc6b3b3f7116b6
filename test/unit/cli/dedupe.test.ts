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
      [sf(1)]: [sf(1), 'name-and-domain', '1'],
      [sf(2)]: [sf(1), 'name-and-domain', '1'],
      [sf(3)]: [sf(3), 'email', '1'],
      [sf(4)]: [sf(3), 'email', '1'],
      [sf(5)]: [sf(5), 'name-and-phone', '1'],
      [sf(6)]: [sf(6), 'unique', ''],
      [sf(7)]: [sf(5), 'name-and-phone', '1'],
      [sf(8)]: [sf(8), 'unique', ''],
      [sf(9)]: [sf(9), 'unique', ''],
      [sf(10)]: [sf(10), 'unique', ''],
      [sf(12)]: [sf(12), 'name-and-domain', '1'],
      [sf(13)]: [sf(12), 'name-and-domain', '1'],
    });
    expect(summary).toMatchObject({
      records: 12, skippedWithoutId: 1, clusters: 8, duplicateRate: 4 / 12, reviewPairs: 2, object: 'person',
      byRule: { email: 2, 'external-id': 0, 'name-and-domain': 4, 'name-and-phone': 2, 'name-and-company': 0, unique: 4 },
    });
  });

  it('lists the ambiguous pairs in the review file, with both ids, the rule and the scores', async () => {
    const { review, summary } = await dedupe('salesforce-contacts.csv');

    expect(summary.reviewOut).toBe(join(dir, 'salesforce-contacts.csv.clusters.review.csv'));
    expect(review).toEqual([
      { record_id: sf(10), candidate_id: sf(8), rule: 'name-and-domain', score: '1', scores: 'firstName=1;lastName=1;domain=1' },
      { record_id: sf(10), candidate_id: sf(9), rule: 'name-and-domain', score: '1', scores: 'firstName=1;lastName=1;domain=1' },
    ]);
  });

  it('reads a HubSpot export by its headers (Email Address, Mobile Phone, Country/Region)', async () => {
    const { clusters } = await dedupe('hubspot-contacts.csv');

    expect(clusters).toEqual({
      '10100000101': ['10100000101', 'name-and-phone', '1'],
      '10100000102': ['10100000101', 'name-and-phone', '1'],
      '10100000103': ['10100000103', 'name-and-company', '1'],
      '10100000104': ['10100000103', 'name-and-company', '1'],
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
    expect(formatSummary(summary)).toMatch(/5 records \(person\)\n {2}clusters {8}3\n {2}duplicate rate {2}40\.0%.*\n {2}by rule {9}email 0, external-id 0, name-and-domain 0, name-and-account 0, name-and-phone 2, name-and-company 2, unique 1\n {2}review {10}0 ambiguous pairs\n/);
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
