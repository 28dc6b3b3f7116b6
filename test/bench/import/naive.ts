/**
 * The naive client, for comparison: for each HubSpot contact the import changed, one HubSpot read, one SOQL look-up
 * by e-mail, and one single-record create or update in Salesforce, a few records at a time, waiting out a 429's
 * Retry-After and nothing more. It runs against its own HubSpot and Salesforce sandboxes at the same limits as the
 * hub's run. It learns of changes from the importer (where a real one would take HubSpot's webhooks).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startHubspotSandbox, startSalesforceSandbox } from '#local/sandboxes/index';
import { localCredentials } from '#local/sandbox-credentials';
import type { ImportDataSet } from './generate.ts';
import { HUBSPOT_PER_10S } from './hub-scenario.ts';
import type { ImportRun } from './report.ts';
import { runImport, type RunOptions } from './run-import.ts';
import { SF_API, salesforceToken, send, sendHonouring429 } from './vendor-http.ts';

const PROPERTIES = 'email,firstname,lastname,phone,jobtitle,company';
const soqlString = (s: string): string => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

class NaiveClient {
  readonly #queue: string[] = [];
  #busy = 0;
  #stopped: string | undefined;
  #token = '';

  constructor(
    private readonly hubspot: { url: string; token: string },
    private readonly salesforce: { url: string; credentials: Parameters<typeof salesforceToken>[1] },
  ) {}

  get stoppedBy(): string | undefined {
    return this.#stopped;
  }

  enqueue(ids: readonly string[]): void {
    this.#queue.push(...ids);
  }

  idle(): boolean {
    return this.#queue.length === 0 && this.#busy === 0;
  }

  /** Runs `workers` loops until `stop()`. */
  async run(workers: number, running: () => boolean): Promise<void> {
    this.#token = await salesforceToken(this.salesforce.url, this.salesforce.credentials);
    await Promise.all(Array.from({ length: workers }, async () => {
      while (running() && !this.#stopped) {
        const id = this.#queue.shift();
        if (id === undefined) {
          await sleep(50);
          continue;
        }
        this.#busy += 1;
        await this.#sync(id).catch((error: unknown) => (this.#stopped ??= String(error)));
        this.#busy -= 1;
      }
    }));
  }

  async #sync(id: string): Promise<void> {
    const read = await sendHonouring429(`${this.hubspot.url}/crm/v3/objects/contacts/${id}?properties=${PROPERTIES}`, { token: this.hubspot.token });
    if (read.status !== 200) throw new Error(`HubSpot read answered ${read.status}`);
    const p = (read.body as { properties: Record<string, string | null> }).properties;
    const sf = (path: string, init: Parameters<typeof send>[1] = {}) => send(`${this.salesforce.url}${SF_API}${path}`, { ...init, token: this.#token });
    const found = await sf(`/query?q=${encodeURIComponent(`SELECT Id FROM Contact WHERE Email = '${soqlString(p['email'] ?? '')}'`)}`);
    this.#check(found.status, 'SOQL look-up');
    const existing = (found.body as { records: { Id: string }[] }).records[0];
    const fields = { FirstName: p['firstname'], LastName: p['lastname'], Phone: p['phone'], Title: p['jobtitle'] };
    const write = existing ? await sf(`/sobjects/Contact/${existing.Id}`, { method: 'PATCH', body: fields }) : await sf('/sobjects/Contact', { method: 'POST', body: { ...fields, Email: p['email'] } });
    this.#check(write.status, existing ? 'update' : 'create');
  }

  #check(status: number, what: string): void {
    if (status === 403) throw new Error('REQUEST_LIMIT_EXCEEDED: the Salesforce day is spent');
    if (status >= 300) throw new Error(`Salesforce ${what} answered ${status}`);
  }
}

/** Runs the import with the naive client against fresh sandboxes. */
export async function importNaively(data: ImportDataSet, options: RunOptions, workers = 4): Promise<ImportRun> {
  const { hubspot: hs, salesforce: sfc } = localCredentials;
  const hubspot = await startHubspotSandbox({ ...hs, seed: false, rateLimitPer10s: HUBSPOT_PER_10S });
  const salesforce = await startSalesforceSandbox({ clientId: sfc.clientId, clientSecret: sfc.clientSecret, refreshToken: sfc.refreshToken, seed: false, apiLimit: 15_000 });
  const client = new NaiveClient({ url: hubspot.url, token: hs.accessToken }, { url: salesforce.url, credentials: sfc });
  let running = true;
  const loops = client.run(workers, () => running);
  try {
    return await runImport(
      'naive client',
      {
        hubspotUrl: hubspot.url,
        hubspotToken: hs.accessToken,
        salesforceUrl: salesforce.url,
        salesforceCredentials: sfc,
        drained: () => Promise.resolve(client.idle()),
        deadLetters: () => Promise.resolve(0),
        changed: (ids) => client.enqueue(ids),
        stoppedBy: () => client.stoppedBy,
      },
      data,
      options,
    );
  } finally {
    running = false;
    await loops;
    await Promise.all([hubspot.close(), salesforce.close()]);
  }
}
