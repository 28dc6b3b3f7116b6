import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';

/** Runs `npm start` as a user would, in its own process group so a signal reaches it the way Ctrl-C does. */
function npmStart(port: number): { child: ChildProcess; output: () => string; running: Promise<void>; closed: Promise<{ code: number | null; signal: string | null }> } {
  const child = spawn('npm', ['start'], { env: { ...process.env, SYNCLINE_PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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

describe('npm start', () => {
  it('brings the hub up on SYNCLINE_PORT, stops cleanly on Ctrl-C, and starts again on the same ports', async () => {
    const port = await freePortBlock();
    for (let run = 1; run <= 2; run++) {
      const hub = npmStart(port);
      await hub.running;
      expect(hub.output()).toContain(`http://127.0.0.1:${port}/webhooks/{source}`);
      expect(hub.output()).toContain(`HubSpot sandbox        http://127.0.0.1:${port + 1}`);
      expect(hub.output()).toContain(`Slack sandbox          http://127.0.0.1:${port + 7}`);

      const unsigned = await fetch(`http://127.0.0.1:${port}/webhooks/hubspot`, { method: 'POST', body: '[]' });
      expect(unsigned.status).toBe(401);
      const contacts = (await (await fetch(`http://127.0.0.1:${port + 2}/__sandbox/records/Contact`)).json()) as { records: unknown[] };
      expect(contacts.records.length).toBeGreaterThan(0);
      // Every sandbox answers on its port.
      for (let i = 1; i < PORTS; i++) expect((await fetch(`http://127.0.0.1:${port + i}/__sandbox/calls`)).status).toBe(200);

      process.kill(-(hub.child.pid ?? 0), 'SIGINT');
      const { code, signal } = await hub.closed;
      // npm itself ends by the signal, as it does on a terminal's Ctrl-C; the hub underneath shuts down and says so.
      expect(code === 0 || signal === 'SIGINT').toBe(true);
      expect(hub.output()).toContain('stopped.');
      expect(hub.output()).not.toMatch(/Error|EADDRINUSE/);
    }
  }, 180_000);
});
