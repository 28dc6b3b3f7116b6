import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { renderDataDictionary } from '#config/data-dictionary';
import { ContractError, loadContract, parseContract } from '#config/load-contract';
import { matchRulesFor } from '#config/match-rules';
import { defaultPersonModel } from '#domain/identity/probabilistic';
import { defaultActivityRules, defaultCompanyRules, defaultDealRules, defaultPersonRules } from '#domain/identity/rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break the contract in arbitrary places
const shipped = parse(readFileSync('syncline.yaml', 'utf8')) as Record<string, any>;

function problemsOf(input: unknown): string[] {
  try {
    parseContract(input);
  } catch (error) {
    if (error instanceof ContractError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

/** Drops the keys whose value is undefined, as the YAML never spells them. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('match rules in the contract', () => {
  it('spells out the shipped person rules in syncline.yaml, so the two cannot drift', () => {
    expect(plain(matchRulesFor(loadContract('syncline.yaml'), 'person'))).toEqual(plain(defaultPersonRules));
  });

  it('gives person, company, deal and activity the shipped rules when they have no match section, and other objects none', () => {
    const contract = structuredClone(shipped);
    delete contract.objects.person.match;
    delete contract.objects.company.match;
    delete contract.objects.deal.match;
    delete contract.objects.activity.match;

    const parsed = parseContract(contract);

    expect(matchRulesFor(parsed, 'person')).toBe(defaultPersonRules);
    expect(matchRulesFor(parsed, 'company')).toBe(defaultCompanyRules);
    expect(matchRulesFor(parsed, 'deal')).toBe(defaultDealRules);
    expect(matchRulesFor(parsed, 'activity')).toBe(defaultActivityRules);
    expect(matchRulesFor(parsed, 'invoice')).toBeUndefined();
  });

  it.each([
    ['company', defaultCompanyRules],
    ['deal', defaultDealRules],
    ['activity', defaultActivityRules],
  ] as const)('ships the %s rules spelled out in syncline.yaml', (object, rules) => {
    expect(plain(matchRulesFor(loadContract('syncline.yaml'), object))).toEqual(plain(rules));
  });

  it('translates a custom section into the domain model', () => {
    const contract = structuredClone(shipped);
    contract.objects.person.match = {
      rules: [
        { name: 'mail', kind: 'exact', field: 'email' },
        { name: 'name-phone', kind: 'fuzzy', blocking: [['phone']], fields: [{ field: 'lastName', comparator: 'phonetic', threshold: 1 }], threshold: 1 },
      ],
    };

    expect(matchRulesFor(parseContract(contract), 'person')).toEqual({
      margin: 0.05,
      rules: [
        { kind: 'exact', name: 'mail', field: 'email' },
        { kind: 'fuzzy', name: 'name-phone', blocking: [['phone']], fields: [{ field: 'lastName', comparator: 'phonetic', threshold: 1 }], threshold: 1, vetoes: [] },
      ],
    });
  });

  it('rejects malformed rules, every problem with its path', () => {
    const contract = structuredClone(shipped);
    const rules = contract.objects.person.match.rules;
    rules[2].match = 1.5;
    rules[2].blocking = [[]];
    rules.push({ name: 'by-phone', kind: 'fuzzy', blocking: [['phone']], fields: [{ field: 'lastName', comparator: 'levenshtein', threshold: 1.5 }], threshold: 0.9 });
    rules.push({ name: 'Bad Name', kind: 'exact', field: 'phone' });

    const problems = problemsOf(contract);

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^objects\.person\.match\.rules\.2\.match: /),
        expect.stringMatching(/^objects\.person\.match\.rules\.2\.blocking\.0: /),
        expect.stringMatching(/^objects\.person\.match\.rules\.3\.fields\.0\.threshold: /),
        expect.stringMatching(/^objects\.person\.match\.rules\.3\.fields\.0\.comparator: /),
        expect.stringMatching(/^objects\.person\.match\.rules\.4\.name: expected a lower-case name/),
        expect.stringMatching(/^objects\.person\.match\.rules\.4\.field: /),
      ]),
    );
  });

  it('refuses a review band above the match threshold, and the person model on another object', () => {
    const contract = structuredClone(shipped);
    contract.objects.person.match.rules[2].review = 0.995;
    contract.objects.company.match.rules.push({ name: 'model', kind: 'probabilistic', blocking: [['domain']] });

    expect(problemsOf(contract)).toEqual([
      'objects.person.match.rules.2.review: review (0.995) must not be above match (0.99): the review band lies below the match threshold',
      'objects.company.match.rules.3.kind: the probabilistic model compares people; company has no model',
    ]);
  });

  it('reads a person model file named beside the contract, and refuses one that is not a model or lies outside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncline-model-'));
    try {
      const contract = structuredClone(shipped);
      const model = { ...defaultPersonModel, lambda: 1e-5 };
      writeFileSync(join(dir, 'identity-model.json'), JSON.stringify(model));
      contract.objects.person.match.rules[2].model = 'identity-model.json';
      writeFileSync(join(dir, 'syncline.yaml'), stringify(contract));

      const rule = matchRulesFor(loadContract(join(dir, 'syncline.yaml')), 'person')?.rules[2];

      expect(rule).toMatchObject({ kind: 'probabilistic', model: { lambda: 1e-5 } });

      writeFileSync(join(dir, 'identity-model.json'), JSON.stringify({ ...model, lambda: 2 }));
      expect(() => loadContract(join(dir, 'syncline.yaml'))).toThrow(/objects\.person\.match\.rules\.2\.model: "identity-model\.json": match model: lambda must be in \(0, 1\)/);
      contract.objects.person.match.rules[2].model = '../identity-model.json';
      writeFileSync(join(dir, 'syncline.yaml'), stringify(contract));
      expect(() => loadContract(join(dir, 'syncline.yaml'))).toThrow(/must be a file name beside the contract/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a rule naming a value the object has no field for, and duplicate rule names', () => {
    const contract = structuredClone(shipped);
    contract.objects.company.match = {
      rules: [
        { name: 'by-name', kind: 'fuzzy', blocking: [['domain', 'lastNamePhonetic']], fields: [{ field: 'lastName', comparator: 'jaro-winkler', threshold: 0.9 }], threshold: 0.9 },
        { name: 'by-name', kind: 'exact', field: 'email' },
      ],
    };

    expect(problemsOf(contract)).toEqual([
      'objects.company.match.rules.0.fields.0.field: "lastName" is read from "lastName", which is not a field of company',
      'objects.company.match.rules.0.blocking.0.1: "lastNamePhonetic" is read from "lastName", which is not a field of company',
      'objects.company.match.rules.1.name: rule "by-name" is declared twice; names must be unique',
      'objects.company.match.rules.1.field: "email" is read from "email", which is not a field of company',
    ]);
  });

  it('shows the rules in the data dictionary: tier, rule, comparators and thresholds', () => {
    const doc = renderDataDictionary(loadContract('syncline.yaml'));

    expect(doc).toContain('| 1 | `email` | email: exact key | = 1 | email |   |');
    expect(doc).toContain('| 3 | `person-model` | person model (shipped): e-mail, names, suffix, phone, company, domain, weighed | match p ≥ 0.99<br>review p ≥ 0.5 | domain + lastNamePhonetic<br>domain + givenName<br>domain + namePair<br>');
    expect(doc).toContain('| 3 | `name-and-country` | name: token-set ≥ 0.95<br>');
  });
});
