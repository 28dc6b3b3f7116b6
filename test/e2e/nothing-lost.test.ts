import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbQuarantineStore } from '#adapters/aws/dynamodb-quarantine-store';
import type { Hub } from '#local/hub';
import { writeHubFile } from '#local/hub-file';
import { auditOf, getJson, hubspotClient, postJson, queuesDrained, sandboxCounts, sandboxRecords, shippedContractWith, startTestHub } from '#test/support/hub-client';
import { dynamoClients, localCredentials } from '#test/support/local-aws';

const WAIT = { timeout: 90_000, interval: 300 };
const run = promisify(execFile);

/**
 * Whatever a vendor sends, nothing is lost: each record is written, or quarantined with its reason, and a record the
 * queue or a target cannot take never sinks the rest of its delivery. A change that keeps failing ends in the
 * dead-letter queue, where an operator sees it with its last error and sends it back once the fault is fixed.
 */
describe('nothing lost, whatever arrives', () => {
  let hub: Hub;
  let hubFile: string;
  let quarantine: DynamoDbQuarantineStore;
  let sqs: SQSClient;
  beforeAll(async () => {
    // The two CRMs, Salesforce polled: the subject is what HubSpot sends and what Salesforce takes.
    hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce'], { salesforce: { webhooks: false } }) });
    hubFile = join(mkdtempSync(join(tmpdir(), 'syncline-cli-')), 'hub.json');
    writeHubFile(hub, hubFile);
    const stateTable = Object.entries(hub.aws.tables).find(([id]) => id.startsWith('TablesState'))?.[1] ?? '';
    quarantine = new DynamoDbQuarantineStore(dynamoClients(hub.aws.dynamodbEndpoint).documents, stateTable);
    sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
  });
  afterAll(() => hub?.stop());

  /** The operator's command line, exactly as the README gives it. */
  async function syncline(...args: string[]): Promise<{ stdout: string; code: number }> {
    try {
      const { stdout, stderr } = await run('npx', ['tsx', 'cli/syncline.ts', ...args, '--hub', hubFile]);
      return { stdout: `${stdout}${stderr}`, code: 0 };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; code?: number };
      return { stdout: `${e.stdout ?? ''}${e.stderr ?? ''}`, code: e.code ?? 1 };
    }
  }

  async function deadLetters(): Promise<number> {
    const dlq = hub.aws.queues.find((q) => q.deadLetter);
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq?.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes['ApproximateNumberOfMessages']) + Number(Attributes['ApproximateNumberOfMessagesNotVisible']);
  }

  const contactsByHubspotId = async () => new Map((await sandboxRecords(hub.salesforce.url, 'Contact')).map((c) => [String(c['HubSpot_Id__c']), c]));

  /** Creates the contacts in one HubSpot batch (one webhook delivery); their HubSpot ids, in order. */
  async function createInOneBatch(people: readonly { firstname: string; email: string; lastname: string }[]): Promise<string[]> {
    const { results } = await hubspotClient(hub).crm.contacts.batchApi.create({ inputs: people.map((properties) => ({ properties, associations: [] })) });
    const byEmail = new Map(results.map((r) => [String(r.properties['email']), r.id]));
    return people.map((p) => byEmail.get(p.email.toLowerCase()) ?? byEmail.get(p.email) ?? '');
  }

  /** Waits until each record is in Salesforce or in the quarantine with a reason; returns which. */
  async function settled(ids: readonly string[]): Promise<Map<string, 'written' | { code: string; reason: string }>> {
    return vi.waitFor(async () => {
      const written = await contactsByHubspotId();
      const outcome = new Map<string, 'written' | { code: string; reason: string }>();
      for (const id of ids) {
        if (written.has(id)) outcome.set(id, 'written');
        else {
          const item = await quarantine.get(`hubspot:contacts:${id}`);
          if (item) outcome.set(id, { code: item.code, reason: item.reason });
        }
      }
      expect(ids.filter((id) => !outcome.has(id))).toEqual([]);
      return outcome;
    }, WAIT);
  }

  it('30 contacts created in one HubSpot batch, one with an emoji name and one with U+FFFF: all 30 reach Salesforce as they were written, none dead-lettered', async () => {
    const people = Array.from({ length: 30 }, (_, i) => ({ firstname: `Guest${i}`, lastname: `Attendee ${i}`, email: `guest${i}@conference.example` }));
    people[7] = { ...people[7], firstname: 'Zoë 🚀' } as (typeof people)[number];
    people[19] = { ...people[19], firstname: 'Noel\uFFFF' } as (typeof people)[number];

    const ids = await createInOneBatch(people);
    const outcome = await settled(ids);

    const written = await contactsByHubspotId();
    for (const [i, id] of ids.entries()) {
      expect(outcome.get(id)).toBe('written');
      expect(written.get(id)).toMatchObject({ FirstName: people[i]?.firstname, LastName: people[i]?.lastname });
    }
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    expect(await deadLetters()).toBe(0);
  });

  /** Unicode that breaks naive pipelines: astral planes, noncharacters, lone surrogates, NUL, controls. */
  const nastyUnit = fc.oneof(
    fc.constantFrom('\u0000', '\u0008', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF', '🚀', '👩🏽‍🚀', '𝔘', '\u202E', '\r\n', 'é', 'ß'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
    fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  );
  const nastyName = fc.oneof(
    { weight: 4, arbitrary: fc.array(nastyUnit, { minLength: 1, maxLength: 12 }).map((units) => units.join('')) },
    { weight: 1, arbitrary: nastyUnit.map((unit) => `${unit}${'x'.repeat(10_000)}`) },
  );

  const SURNAMES = [
    'Lovelace', 'Hopper', 'Turing', 'Noether', 'Curie', 'Franklin', 'Hamilton', 'Meitner', 'Goodall', 'Sagan', 'Feynman', 'Planck', 'Pauling', 'Darwin', 'Mendel',
    'Tesla', 'Faraday', 'Kepler', 'Galilei', 'Euler', 'Gauss', 'Riemann', 'Hilbert', 'Cantor', 'Fermat', 'Pascal', 'Leibniz', 'Newton', 'Bernoulli', 'Laplace',
    'Fourier', 'Cauchy', 'Galois', 'Abel', 'Jacobi',
  ];
  const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Emmy', 'Marie', 'Rosalind', 'Margaret', 'Lise', 'Jane', 'Carl', 'Richard', 'Max', 'Linus', 'Charles', 'Gregor'];

  it('any Unicode in a field: every record of the delivery is written or quarantined with a reason, and its neighbours are unaffected', async () => {
    let batch = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(nastyName, { minLength: 1, maxLength: 3 }), async (names) => {
        batch++;
        // Every contact a different person by any matcher's lights: its own family name and address. (Names one
        // digit apart at one domain, `Neighbour 1.0` and `Neighbour 2.0`, are what a person would review as one.)
        const person = (i: number) => SURNAMES[(batch * 5 + i) % SURNAMES.length] ?? 'Nobody';
        const nasty = names.map((firstname, i) => ({ firstname, lastname: person(i), email: `${person(i).toLowerCase()}.edge${batch}@unicode.example` }));
        const plain = [3, 4].map((i) => ({ firstname: FIRST_NAMES[(batch * 2 + i) % FIRST_NAMES.length] ?? 'Plain', lastname: person(i), email: `${person(i).toLowerCase()}@unicode.example` }));

        const ids = await createInOneBatch([...nasty, ...plain]);
        const outcome = await settled(ids);

        for (const id of ids.slice(nasty.length)) expect(outcome.get(id)).toBe('written');
        const written = await contactsByHubspotId();
        for (const [i, id] of ids.slice(0, nasty.length).entries()) {
          const result = outcome.get(id);
          if (result !== 'written') expect(result?.reason).toMatch(/\S/);
          // Written means written as sent: the contract trims first names, and nothing else touches them.
          else expect(String(written.get(id)?.['FirstName'] ?? '')).toBe(names[i]?.trim());
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    expect(await deadLetters()).toBe(0);
  });

  it('a persistent Salesforce 500 dead-letters a change; `dlq list` shows it with its last error; after the fault clears, `dlq redrive --all` lands it exactly once', async () => {
    const hubspot = hubspotClient(hub);
    const created = await hubspot.crm.contacts.basicApi.create({ properties: { email: 'katherine.johnson@nasa.example', lastname: 'Johnson' }, associations: [] });
    await vi.waitFor(async () => expect((await contactsByHubspotId()).has(created.id)).toBe(true), WAIT);
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    await postJson(`${hub.salesforce.url}/__sandbox/faults`, { endpoint: 'updateCollection', kind: 'status', status: 500, count: 1_000 });

    await hubspot.crm.contacts.basicApi.update(created.id, { properties: { hubspotscore: '93' } });

    await vi.waitFor(async () => expect(await deadLetters()).toBe(1), WAIT);
    // The dead-letter alarm fires locally too, and the alert reaches Slack.
    await vi.waitFor(() => expect(JSON.stringify(hub.slack.messages())).toContain('Changes are waiting in the dead-letter queue'), WAIT);
    const listed = await syncline('dlq', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`hubspot:contacts:${created.id}`);
    expect(listed.stdout).toMatch(/RetryableError: Salesforce call failed \(UNKNOWN_EXCEPTION\) \(delivery 5/);

    await fetch(`${hub.salesforce.url}/__sandbox/faults`, { method: 'DELETE' });
    const updatesBefore = (await sandboxCounts(hub.salesforce.url))['updateCollection'] ?? 0;
    const redriven = await syncline('dlq', 'redrive', '--all');
    expect(redriven.code).toBe(0);

    const contactId = await vi.waitFor(async () => {
      const contact = (await contactsByHubspotId()).get(created.id);
      expect(contact?.['HubSpot_Lead_Score__c']).toBe(93);
      return String(contact?.['Id']);
    }, WAIT);
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    expect(await deadLetters()).toBe(0);
    expect(((await sandboxCounts(hub.salesforce.url))['updateCollection'] ?? 0) - updatesBefore).toBe(1);
    const scoreWrites = (await auditOf(hub, `salesforce:Contact:${contactId}`)).filter((e) => e.field === 'HubSpot_Lead_Score__c' && e.after === 93);
    expect(scoreWrites).toHaveLength(1);
    expect((await syncline('dlq', 'list')).stdout).not.toContain(`hubspot:contacts:${created.id}`);
    expect(await getJson(`${hub.salesforce.url}/__sandbox/faults`)).toMatchObject({ faults: [] });
  });
});
