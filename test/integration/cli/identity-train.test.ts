import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbMatchLabelStore } from '#adapters/aws/dynamodb-match-label-store';
import { identityTrain } from '#cli/identity';
import { loadContract } from '#config/load-contract';
import { matchRulesFor } from '#config/match-rules';
import { LEVEL_SCHEME, NULL_LEVEL, PERSON_COMPARISONS } from '#domain/identity/comparison-levels';
import { defaultPersonModel, explainMatch, parseModel, type ProbabilisticModel } from '#domain/identity/probabilistic';
import type { HubConnection } from '#local/hub-file';
import { createTable, dynamoClients } from '#test/support/local-aws';

const dynamodbEndpoint = inject('dynamodbEndpoint');
const { client, documents } = dynamoClients(dynamodbEndpoint);

/** A level vector by comparison name and level name; every other comparison missing. */
function levels(at: Partial<Record<string, string>>): number[] {
  return PERSON_COMPARISONS.map((c) => {
    const name = at[c.name];
    return name === undefined ? NULL_LEVEL : (c.levels as readonly string[]).indexOf(name);
  });
}

// A given name as an initial, the family name and the company the same: people approved these as one person.
const initialAtEmployer = levels({ givenName: 'initial', familyName: 'exact', company: 'same name' });
// The same name at one company with two addresses that name two people: people rejected these.
const twoMailboxes = levels({ emailAtEmployer: 'same domain, local part names someone else', givenName: 'exact', familyName: 'exact', company: 'same name' });

const probability = (model: ProbabilisticModel, vector: readonly number[]) => explainMatch(model, Uint8Array.from(vector)).probability;

describe('syncline identity train (DynamoDB Local)', () => {
  let c: HubConnection;
  let dir: string;
  beforeAll(async () => {
    const stateTable = await createTable(client, ['pk', 'sk']);
    dir = mkdtempSync(join(tmpdir(), 'syncline-identity-'));
    copyFileSync('syncline.yaml', join(dir, 'syncline.yaml'));
    c = { region: 'us-east-1', dynamodbEndpoint, stateTable, auditTable: 'unused', changesQueueUrl: 'unused' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says there is nothing to learn from before any identity decision', async () => {
    const result = await identityTrain(c, { contractFile: join(dir, 'syncline.yaml') });

    expect(result).toEqual({ ok: true, text: expect.stringMatching(/^No identity decisions to learn from yet: approve or reject identity reviews first/) });
    expect(existsSync(join(dir, 'identity-model.json'))).toBe(false);
  });

  it('re-estimates the model from approved and rejected pairs, writes it beside the contract, and the contract then uses it', async () => {
    const labels = new DynamoDbMatchLabelStore(documents, c.stateTable);
    const label = (i: number, levels: number[], match: boolean, scheme = LEVEL_SCHEME) => labels.put({ id: `identity#hubspot:contacts:${i}#2026-12-07T09:00:00.000Z#0`, at: '2026-12-07T10:00:00.000Z', scheme, levels, match });
    for (let i = 0; i < 40; i++) await label(i, initialAtEmployer, true);
    for (let i = 40; i < 50; i++) await label(i, twoMailboxes, false);
    // A label made under other comparison levels is skipped, not misread.
    await label(99, initialAtEmployer, true, 'f00dfeed');

    const result = await identityTrain(c, { contractFile: join(dir, 'syncline.yaml'), strength: 20 });

    expect(result.ok).toBe(true);
    expect(result.text).toMatch(/^Learned from 50 decided pair\(s\): 40 approved \(one person\), 10 rejected \(two people\); 1 made under other comparison levels skipped\./);
    expect(result.text).toMatch(/given name, initial: \+\d+\.\d → \+\d+\.\d bits/);
    expect(result.text).toContain('set `model: identity-model.json` on the person-model rule');
    const trained = parseModel(JSON.parse(readFileSync(join(dir, 'identity-model.json'), 'utf8')));
    // Forty approvals of an initial at one employer: that pattern now weighs more for one person.
    expect(probability(trained, initialAtEmployer)).toBeGreaterThan(probability(defaultPersonModel, initialAtEmployer));
    // u is left to random pairs (rejections are look-alikes, not strangers): only m moved.
    expect(trained.comparisons.map((k) => k.levels.map((l) => l.u))).toEqual(defaultPersonModel.comparisons.map((k) => k.levels.map((l) => l.u)));

    const contract = readFileSync(join(dir, 'syncline.yaml'), 'utf8').replace('          population: 100000\n', '          population: 100000\n          model: identity-model.json\n');
    writeFileSync(join(dir, 'syncline.yaml'), contract);
    const rule = matchRulesFor(loadContract(join(dir, 'syncline.yaml')), 'person')?.rules.find((r) => r.kind === 'probabilistic');
    expect(rule?.kind === 'probabilistic' && rule.model).toEqual(trained);

    // Named by the rule, the next run writes the same file again.
    expect((await identityTrain(c, { contractFile: join(dir, 'syncline.yaml') })).text).toMatch(/the model the person-model rule names: restart npm start or cdk deploy to use it\.$/);
  });
});
