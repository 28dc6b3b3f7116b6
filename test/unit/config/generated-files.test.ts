import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDataDictionary } from '#config/data-dictionary';
import { withConnectorTable } from '#config/connector-catalog';
import { contractJsonSchema } from '#config/json-schema';
import { loadContract, parseContract } from '#config/load-contract';

describe('files generated from the contract', () => {
  it('docs/data-dictionary.md is the current rendering of syncline.yaml (run `npm run syncline -- docs`)', () => {
    expect(readFileSync('docs/data-dictionary.md', 'utf8')).toBe(renderDataDictionary(loadContract('syncline.yaml')));
  });

  it("README.md's connector table is the current rendering of the connector catalog (run `npm run syncline -- docs`)", () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toBe(withConnectorTable(readme));
    expect(readme).toContain('| Stripe | source |');
  });

  it('syncline.schema.json is the current JSON Schema of the contract (run `npm run syncline -- schema`)', () => {
    expect(readFileSync('syncline.schema.json', 'utf8')).toBe(contractJsonSchema());
  });

  it('the data dictionary shows each field with its owner, policy and per-system name and direction', () => {
    const doc = renderDataDictionary(loadContract('syncline.yaml'));
    expect(doc).toContain('| `amount` | currency | salesforce | review | `Amount` ↔ | `amount` ↔ |');
    expect(doc).toContain('| `leadScore` | number | hubspot | owner | `HubSpot_Lead_Score__c` ← written | `hubspotscore` → read |');
    expect(doc).toContain('Closed Won ("won", salesforce: `Closed Won`, hubspot: `closedwon`)');
    expect(doc).toContain('Proposal ("proposal/price quote", salesforce: `Proposal/Price Quote`, hubspot: `presentationscheduled`)');
    expect(doc).toContain('| person | outreach | salesforce | yes | yes |');
    expect(doc).toContain('| company | stripe | salesforce | no, updates only | yes |');
  });

  it('the rendering follows the contract: a changed owner shows up', () => {
    const contract = loadContract('syncline.yaml');
    const changed = structuredClone(contract);
    const amount = changed.objects['deal']?.fields['amount'];
    if (!amount) throw new Error('fixture');
    amount.owner = 'hubspot';
    expect(renderDataDictionary(parseContract(changed))).toContain('| `amount` | currency | hubspot | review |');
  });
});
