import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { activeSyncs, ContractError, enabledConnectors, loadContract, parseContract, webhookSources } from '#config/load-contract';

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
    expect(webhookSources(contract)).toEqual(['gong', 'hubspot', 'outreach', 'salesforce', 'stripe']);
    expect(enabledConnectors(contract)).toEqual(['gong', 'hubspot', 'outreach', 'salesforce', 'stripe']);
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
    const person = broken.objects.person;
    person.fields.email.owner = 'stripe';
    person.systems.salesforce.required = ['middleName', 'company'];
    person.systems.salesforce.createAs = 'Account';
    person.fields.company.map['salesforce.Opportunity'] = { field: 'Company' };
    person.fields.gongLastCallUrl.map['salesforce.Contact'].field = 'Call_Url__c';
    person.fields.title.refers = 'person';
    broken.objects.activity.fields.person.refers = 'widget';
    person.fields.title.type = 'picklist';
    broken.syncs.push({ object: 'widget', from: 'hubspot', to: 'salesforce' });
    broken.syncs.push({ object: 'activity', from: 'salesforce', to: 'hubspot' });

    expect(problemsOf(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^objects\.person\.fields\.email\.owner: owner "stripe" has no mapping/),
        'objects.person.systems.salesforce.required: "middleName" is not a field of person',
        'objects.person.systems.salesforce.required: "company" is required but never written to salesforce.Account',
        'objects.person.systems.salesforce.createAs: "Account" is not one of objects (Contact, Lead)',
        'objects.person.fields.company.map.salesforce.Opportunity: Opportunity is not one of salesforce\'s objects (Contact, Lead)',
        'objects.person.fields.gongLastCallUrl.map.salesforce.Contact.field: "Call_Url__c" is written on behalf of gong, so it must match Gong_*__c',
        'objects.person.fields.title.refers: only references refer to an object; this field is a picklist',
        expect.stringMatching(/^objects\.activity\.fields\.person\.refers: unknown object "widget"/),
        'objects.person.fields.title.values: a picklist needs its canonical values',
        expect.stringMatching(/^syncs\.13\.object: unknown object "widget"/),
        'syncs.14.to: activity has no hubspot system',
      ]),
    );
  });

  it('runs only the syncs whose connectors are both enabled', () => {
    const contract = loadContract('syncline.yaml');
    contract.connectors.outreach = { enabled: false, webhooks: true };
    contract.connectors.gong = { enabled: false, webhooks: true };
    expect(activeSyncs(contract).map((s) => `${s.object}:${s.from}->${s.to}`).sort()).toEqual(['company:hubspot->salesforce', 'company:salesforce->hubspot', 'company:stripe->salesforce', 'deal:hubspot->salesforce', 'deal:salesforce->hubspot', 'person:hubspot->salesforce', 'person:salesforce->hubspot']);
  });

  it('rejects YAML that does not parse, naming the line', () => {
    expect(() => loadContract('test/fixtures/broken.yaml')).toThrow(/line \d+/);
  });
});
