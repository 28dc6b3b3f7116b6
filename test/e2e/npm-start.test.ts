import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@hubspot/api-client';
import { describe, expect, it, vi } from 'vitest';
import { localCredentials } from '#local/sandbox-credentials';

const run = promisify(execFile);

/** Runs `npm start` as a user would, in its own process group so a signal reaches it the way Ctrl-C does. */
function npmStart(port: number, stateDir: string, args: readonly string[] = []): { child: ChildProcess; output: () => string; running: Promise<void>; closed: Promise<{ code: number | null; signal: string | null }> } {
  const child = spawn('npm', ['start', ...(args.length > 0 ? ['--', ...args] : [])], { env: { ...process.env, SYNCLINE_PORT: String(port), SYNCLINE_STATE_DIR: stateDir }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const running = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Syncline is running')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before it was running:\n${output}`)));
  });
  // 'close' fires once every process holding the output pipes (npm, tsx, the hub) has exited.
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, running, closed };
}

/** Whether a loopback port can be bound now. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The hub and its seven sandboxes (HubSpot, Salesforce, Outreach, Gong, Stripe, ZoomInfo, Slack), on consecutive ports. */
const PORTS = 8;

/**
 * Eight consecutive free ports, below Linux's ephemeral range (32768–60999): a port the OS hands out as "free" lies
 * inside that range, where the test's and the hub's own client connections may take its neighbours at any moment,
 * and the restart must find them all free again.
 */
async function freePortBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    let free = true;
    for (let i = 0; i < PORTS && free; i++) free = await canBind(base + i);
    if (free) return base;
  }
  throw new Error(`no ${PORTS} consecutive free ports between 20000 and 32000`);
}

/** Salesforce Contacts of the local sandbox. */
async function salesforceContacts(port: number): Promise<Record<string, unknown>[]> {
  return ((await (await fetch(`http://127.0.0.1:${port + 2}/__sandbox/records/Contact`)).json()) as { records: Record<string, unknown>[] }).records;
}

/** The operator's `syncline audit`, against the hub file npm start wrote. */
async function auditLines(stateDir: string, recordKey: string): Promise<string> {
  const { stdout } = await run('npx', ['tsx', 'cli/syncline.ts', 'audit', recordKey, '--hub', join(stateDir, 'hub.json')]);
  return stdout;
}

describe('npm start', () => {
  it('brings the hub up on SYNCLINE_PORT, stops cleanly on Ctrl-C, and starts again on the same ports with its state: links, audit and sandbox records', async () => {
    const port = await freePortBlock();
    const stateDir = mkdtempSync(join(tmpdir(), 'syncline-npm-start-'));
    const hubspot = new Client({ accessToken: localCredentials.hubspot.accessToken, basePath: `http://127.0.0.1:${port + 1}` });
    let hubspotId = '';
    let contactId = '';
    for (let run = 1; run <= 2; run++) {
      const hub = npmStart(port, stateDir, run === 1 ? ['--fresh'] : []);
      await hub.running;
      expect(hub.output()).toContain(run === 1 ? 'fresh start — seeded sandboxes' : `state kept in ${stateDir}/`);
      expect(hub.output()).toContain(`http://127.0.0.1:${port}/webhooks/{source}`);
      expect(hub.output()).toContain(`HubSpot sandbox        http://127.0.0.1:${port + 1}`);
      expect(hub.output()).toContain(`Slack sandbox          http://127.0.0.1:${port + 7}`);

      const unsigned = await fetch(`http://127.0.0.1:${port}/webhooks/hubspot`, { method: 'POST', body: '[]' });
      expect(unsigned.status).toBe(401);
      const contacts = (await (await fetch(`http://127.0.0.1:${port + 2}/__sandbox/records/Contact`)).json()) as { records: unknown[] };
      expect(contacts.records.length).toBeGreaterThan(0);
      // Every sandbox answers on its port.
      for (let i = 1; i < PORTS; i++) expect((await fetch(`http://127.0.0.1:${port + i}/__sandbox/calls`)).status).toBe(200);

      if (run === 1) {
        // A contact synced before Ctrl-C: a Salesforce Contact, a link and an audit trail.
        hubspotId = (await hubspot.crm.contacts.basicApi.create({ properties: { email: 'ada.lovelace@engine.example', lastname: 'Lovelace' }, associations: [] })).id;
        contactId = await vi.waitFor(async () => {
          const found = (await salesforceContacts(port)).find((c) => c['HubSpot_Id__c'] === hubspotId);
          expect(found).toBeDefined();
          return String(found?.['Id']);
        }, { timeout: 60_000, interval: 300 });
        await vi.waitFor(async () => expect(await auditLines(stateDir, `salesforce:Contact:${contactId}`)).toContain('"Lovelace"'), { timeout: 60_000, interval: 500 });
      } else {
        // After the restart: the same records in both sandboxes, the audit trail, and the link, by which the next
        // change updates that Contact by its Id instead of looking for it again.
        expect((await salesforceContacts(port)).filter((c) => c['HubSpot_Id__c'] === hubspotId).map((c) => c['Id'])).toEqual([contactId]);
        expect(await auditLines(stateDir, `salesforce:Contact:${contactId}`)).toContain('"Lovelace"');
        await hubspot.crm.contacts.basicApi.update(hubspotId, { properties: { hubspotscore: '64' } });
        await vi.waitFor(async () => expect((await salesforceContacts(port)).find((c) => c['Id'] === contactId)?.['HubSpot_Lead_Score__c']).toBe(64), { timeout: 60_000, interval: 300 });
        const calls = ((await (await fetch(`http://127.0.0.1:${port + 2}/__sandbox/calls`)).json()) as { counts: Record<string, number> }).counts;
        expect(calls['updateCollection']).toBeGreaterThanOrEqual(1);
        expect(calls['upsertCollection'] ?? 0).toBe(0);
        expect((await salesforceContacts(port)).filter((c) => c['HubSpot_Id__c'] === hubspotId)).toHaveLength(1);
      }

      process.kill(-(hub.child.pid ?? 0), 'SIGINT');
      const { code, signal } = await hub.closed;
      // npm itself ends by the signal, as it does on a terminal's Ctrl-C; the hub underneath shuts down and says so.
      expect(code === 0 || signal === 'SIGINT').toBe(true);
      expect(hub.output()).toContain('stopped.');
      // An error as Node prints one (`TypeError: ...`), not an alarm named `...ErrorAlarm` in the banner.
      expect(hub.output()).not.toMatch(/\b\w*Error: |EADDRINUSE/);
    }
  }, 300_000);
});
