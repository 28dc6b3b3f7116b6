import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ContractError, enabledConnectors, loadContract, parseContract, webhookSources } from '#config/load-contract';

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

describe('the contract', () => {
  it('accepts the shipped syncline.yaml', () => {
    const contract = loadContract('syncline.yaml');
    expect(webhookSources(contract)).toEqual(['hubspot']);
    expect(enabledConnectors(contract)).toEqual(['hubspot', 'salesforce']);
  });

  it('rejects an invalid contract, reporting every problem at once with its path', () => {
    const broken = structuredClone(shipped);
    broken.objects.person.fields.email.owner = 'zendesk';
    broken.objects.person.fields.firstName.map.hubspot.direction = 'sideways';
    broken.syncs.push({ object: 'deal', from: 'hubspot', to: 'salesforce' });

    const problems = problemsOf(broken);

    expect(problems.some((p) => p.startsWith('objects.person.fields.email.owner:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('objects.person.fields.firstName.map.hubspot.direction:'))).toBe(true);
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });

  it('rejects references the schema alone cannot catch', () => {
    const broken = structuredClone(shipped);
    broken.objects.person.fields.email.owner = 'salesforce';
    delete broken.objects.person.fields.email.map.salesforce;
    broken.objects.person.systems.salesforce.required = ['middleName'];
    broken.syncs.push({ object: 'deal', from: 'hubspot', to: 'salesforce' });
    delete broken.objects.person.systems.salesforce.externalIds;

    expect(problemsOf(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^objects\.person\.fields\.email\.owner: owner "salesforce" has no mapping/),
        'objects.person.systems.salesforce.required: "middleName" is not a field of person',
        expect.stringMatching(/^syncs\.1\.object: unknown object "deal"/),
        expect.stringMatching(/^objects\.person\.systems\.salesforce\.externalIds\.hubspot: syncing hubspot → salesforce needs/),
      ]),
    );
  });

  it('rejects YAML that does not parse, naming the line', () => {
    expect(() => loadContract('test/fixtures/broken.yaml')).toThrow(/line \d+/);
  });
});
