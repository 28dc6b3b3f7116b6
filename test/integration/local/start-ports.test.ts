import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkPortsFree, PortError, takenPort } from '#local/start-ports';

const ROOT = resolve(import.meta.dirname, '../../..');
const SANDBOXES = ['HubSpot', 'Salesforce', 'Outreach', 'Gong', 'Stripe', 'ZoomInfo', 'Slack'];
const servers: Server[] = [];
const stateDir = mkdtempSync(join(tmpdir(), 'syncline-port-taken-'));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

async function listen(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((r, reject) => (server.once('error', reject), server.listen(port, '127.0.0.1', r)));
  servers.push(server);
  return server;
}

/** A port nothing listens on now, below the ephemeral range with its next seven, as npm start's ports are. */
async function freeBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    try {
      await checkPortsFree({ port: base, sandboxes: SANDBOXES }, '127.0.0.1');
      return base;
    } catch {
      // taken: another block
    }
  }
  throw new Error('no eight consecutive free ports between 20000 and 32000');
}

/** `npm start` with SYNCLINE_PORT, as its script runs it; ended if it is still running after a minute. */
async function npmStart(port: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', 'tsx', 'local/start.ts'], { cwd: ROOT, env: { ...process.env, SYNCLINE_PORT: String(port), SYNCLINE_STATE_DIR: stateDir } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(guard);
  return { code, stdout, stderr };
}

describe('npm start on a taken port', () => {
  it('fails with exit code 1 and says which port is taken and what to do, when the hub\'s port is taken, starting nothing', async () => {
    const port = await freeBlock();
    await listen(port);

    const run = await npmStart(port);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`port ${port} is taken (is another hub running? stop it, or set SYNCLINE_PORT=...)\n  the hub's HTTP API listens there: the hub takes SYNCLINE_PORT (now ${port}) and its sandboxes the 7 ports after it\n`);
    expect(run.stdout).toBe('');
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('fails with exit code 1 and names the sandbox when a sandbox\'s port is taken', async () => {
    const port = await freeBlock();
    await listen(port + 6);

    const run = await npmStart(port);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^port ${port + 6} is taken \\(is another hub running\\? stop it, or set SYNCLINE_PORT=\\.\\.\\.\\)\n  the ZoomInfo sandbox listens there`));
    expect(existsSync(join(stateDir, 'hub.json'))).toBe(false);
  });

  it('reads the port from the error a listen fails with, for a port taken after the check', async () => {
    const server = await listen(0);
    const { port } = server.address() as AddressInfo;
    const second = createServer();
    const failed = once(second, 'error');
    second.listen(port, '127.0.0.1');

    const [error] = (await failed) as [Error];

    expect(takenPort(error)).toBe(port);
    expect(takenPort(new Error('listen EACCES'))).toBeUndefined();
  });

  it('rejects a taken port with a PortError before anything starts', async () => {
    const port = await freeBlock();
    await listen(port + 7);

    await expect(checkPortsFree({ port, sandboxes: SANDBOXES }, '127.0.0.1')).rejects.toThrow(PortError);
    await expect(checkPortsFree({ port, sandboxes: SANDBOXES }, '127.0.0.1')).rejects.toThrow(new RegExp(`^port ${port + 7} is taken .*\n  the Slack sandbox listens there`));
  });
});
