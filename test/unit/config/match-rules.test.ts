import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderDataDictionary } from '#config/data-dictionary';
import { ContractError, loadContract, parseContract } from '#config/load-contract';
import { matchRulesFor } from '#config/match-rules';
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
    rules[2].fields[0].threshold = 1.5;
    rules[3].fields[1].comparator = 'levenshtein';
    rules[4].blocking = [[]];
    rules.push({ name: 'Bad Name', kind: 'exact', field: 'phone' });

    const problems = problemsOf(contract);

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^objects\.person\.match\.rules\.2\.fields\.0\.threshold: /),
        expect.stringMatching(/^objects\.person\.match\.rules\.3\.fields\.1\.comparator: /),
        expect.stringMatching(/^objects\.person\.match\.rules\.4\.blocking\.0: /),
        expect.stringMatching(/^objects\.person\.match\.rules\.6\.name: expected a lower-case name/),
        expect.stringMatching(/^objects\.person\.match\.rules\.6\.field: /),
      ]),
    );
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
    expect(doc).toContain('| 3 | `name-and-phone` | firstName: given-name ≥ 0.85<br>lastName: jaro-winkler ≥ 0.88<br>phone: exact ≥ 1 (gate) | mean ≥ 0.92 | phone + lastNamePhonetic<br>phone + givenName | different-work-email<br>different-generational-suffix |');
  });
});
