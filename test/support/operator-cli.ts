import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Hub } from '#local/hub';
import { writeHubFile } from '#local/hub-file';

const run = promisify(execFile);

/** What one `syncline` command printed (stdout, then stderr when it failed) and its exit code. */
export interface CliResult {
  stdout: string;
  code: number;
}

/**
 * The operator's command line against a test hub, exactly as the README gives it: a hub file written for the hub,
 * and `syncline <args> --hub <file>` run as its own process.
 */
export function operatorCli(hub: Hub): (...args: string[]) => Promise<CliResult> {
  const hubFile = join(mkdtempSync(join(tmpdir(), 'syncline-cli-')), 'hub.json');
  writeHubFile(hub, hubFile);
  return async (...args) => {
    try {
      const { stdout } = await run('npx', ['tsx', 'cli/syncline.ts', ...args, '--hub', hubFile]);
      return { stdout, code: 0 };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; code?: number };
      return { stdout: `${e.stdout ?? ''}${e.stderr ?? ''}`, code: e.code ?? 1 };
    }
  };
}
