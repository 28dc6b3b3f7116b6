import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ContractError, loadContract, MAX_ALIAS_COUNT, parseContract } from '#config/load-contract';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break the contract in arbitrary places
const shipped = parse(readFileSync('syncline.yaml', 'utf8')) as Record<string, any>;

/** Every problem of a contract file or document, as `path: message`; the thrown error for anything else. */
function problemsOf(load: () => unknown): { file: string; problems: string[]; message: string } {
  try {
    load();
  } catch (error) {
    if (error instanceof ContractError) return { file: error.file, problems: error.problems.map((p) => `${p.path}: ${p.message}`), message: error.message };
    throw error;
  }
  throw new Error('the contract was accepted');
}

describe('contract validation reports every problem at once', () => {
  it('rejects a file with three problems of different kinds, reporting all three with their paths', () => {
    // Prepare: a schema error (an unknown owner), a binding naming a missing field, a sync naming a missing object.
    const file = 'test/fixtures/contracts/three-problems.yaml';

    // Act
    const { problems, message } = problemsOf(() => loadContract(file));

    // Assess: the field that failed the schema is not reported again where the hubspot binding requires it.
    expect(problems).toEqual([
      'objects.person.fields.email.owner: expected one of hubspot, salesforce, outreach, gong, stripe, zoominfo',
      'objects.person.systems.salesforce.required: "middleName" is not a field of person',
      'syncs.1.object: unknown object "widget"; expected one of person',
    ]);
    expect(message.split('\n')).toEqual([`${file} is invalid:`, ...problems.map((p) => `  ${p}`)]);
  });

  it('rejects schema errors and cross-check problems together, skipping only the checks of the broken parts', () => {
    // Prepare: a broken sync (sideways direction) and a broken system binding, beside an intact one's cross-check problem.
    const broken = structuredClone(shipped);
    broken.objects.person.fields.firstName.map.hubspot.direction = 'sideways';
    broken.objects.person.systems.outreach.objects = 'prospect';
    broken.objects.person.systems.salesforce.createAs = 'Account';
    broken.syncs.push({ object: 'person', from: 'hubspot', to: 'nowhere' });
    broken.syncs.push({ object: 'widget', from: 'hubspot', to: 'salesforce' });

    // Act
    const { problems } = problemsOf(() => parseContract(broken));

    // Assess: schema errors, then cross-checks; nothing about the outreach mappings, whose binding failed the schema.
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^objects\.person\.fields\.firstName\.map\.hubspot\.direction: expected one of in, out, both, none$/),
        expect.stringMatching(/^objects\.person\.systems\.outreach\.objects: /),
        expect.stringMatching(/^syncs\.13\.to: expected one of /),
        'objects.person.systems.salesforce.createAs: "Account" is not one of objects (Contact, Lead)',
        expect.stringMatching(/^syncs\.14\.object: unknown object "widget"/),
      ]),
    );
    expect(problems.filter((p) => /^[^:]*outreach|system "outreach"|outreach's/.test(p) && !p.startsWith('objects.person.systems.outreach.objects:'))).toEqual([]);
    expect(problems.filter((p) => p.startsWith('syncs.13'))).toHaveLength(1);
  });

  it('rejects a field that fails the schema without calling it missing where the match rules read it', () => {
    // Prepare
    const broken = structuredClone(shipped);
    broken.objects.person.fields.email.type = 'e-mail';

    // Act
    const { problems } = problemsOf(() => parseContract(broken));

    // Assess
    expect(problems).toEqual([expect.stringMatching(/^objects\.person\.fields\.email\.type: expected one of string, email, /)]);
  });
});

describe('suggested contacts need somewhere to go', () => {
  it('accepts the shipped suggestions with ZoomInfo enabled: people map its names and e-mail, and both CRMs hold its ids', () => {
    const contract = structuredClone(shipped);
    contract.connectors.zoominfo.enabled = true;

    expect(parseContract(contract).connectors.zoominfo?.suggestContacts).toEqual({ perAccount: 3, managementLevels: ['C-Level', 'VP-Level', 'Director'], minScore: 80 });
  });

  it('refuses suggestions no system can take: without a field for ZoomInfo ids, or without a value for a required field', () => {
    const noIds = structuredClone(shipped);
    delete noIds.objects.person.systems.salesforce.externalIds.zoominfo;
    delete noIds.objects.person.systems.hubspot.externalIds.zoominfo;
    const noEmail = structuredClone(shipped);
    delete noEmail.objects.person.fields.email.map.zoominfo;

    expect(problemsOf(() => parseContract(noIds)).problems).toEqual([expect.stringMatching(/^connectors\.zoominfo\.suggestContacts: no system person is synced to holds zoominfo's ids: add externalIds\.zoominfo/)]);
    expect(problemsOf(() => parseContract(noEmail)).problems).toEqual(['connectors.zoominfo.suggestContacts: a suggested person is created in salesforce, hubspot, which require email: map it from zoominfo (direction: out)']);
  });

  it('refuses criteria out of range', () => {
    const contract = structuredClone(shipped);
    contract.connectors.zoominfo.suggestContacts = { perAccount: 0, minScore: 101 };

    expect(problemsOf(() => parseContract(contract)).problems.sort()).toEqual([expect.stringMatching(/^connectors\.zoominfo\.suggestContacts\.minScore: /), expect.stringMatching(/^connectors\.zoominfo\.suggestContacts\.perAccount: /)]);
  });
});

describe('YAML errors name the file', () => {
  it('rejects YAML that does not parse, naming the file, the line and the column', () => {
    const { file, problems, message } = problemsOf(() => loadContract('test/fixtures/broken.yaml'));

    expect(file).toBe('test/fixtures/broken.yaml');
    expect(problems).toEqual([expect.stringMatching(/^line 4, column 1: Flow map in block collection/)]);
    expect(message.startsWith('test/fixtures/broken.yaml is invalid')).toBe(true);
  });

  it(`refuses an alias bomb (aliases expanding past ${MAX_ALIAS_COUNT} nodes) with a clear message naming the file`, () => {
    const { message, problems } = problemsOf(() => loadContract('test/fixtures/contracts/alias-bomb.yaml'));

    expect(message.startsWith('test/fixtures/contracts/alias-bomb.yaml is invalid')).toBe(true);
    expect(problems).toEqual([expect.stringMatching(/^\(document\): refused: its aliases expand to more than 100 nodes, as in a "billion laughs" document/)]);
  });

  it('accepts a contract that uses a few aliases', () => {
    // Prepare: the shipped contract with one mapping written as an alias of another, as an author might.
    const text = readFileSync('syncline.yaml', 'utf8')
      .replace('salesforce: { field: Email, transform: [trim, lowercase] }', 'salesforce: &emailMap { field: Email, transform: [trim, lowercase] }')
      .replace('outreach: { field: email, transform: [trim, lowercase] }', 'outreach: { field: email, transform: [trim, lowercase] }\n          salesforce.Lead: *emailMap');
    const file = join(mkdtempSync(join(tmpdir(), 'syncline-contract-')), 'syncline.yaml');
    writeFileSync(file, text);

    // Act
    const contract = loadContract(file);

    // Assess
    expect(contract.objects['person']?.fields['email']?.map['salesforce.Lead']).toEqual({ field: 'Email', direction: 'both', transform: ['trim', 'lowercase'] });
  });
});
