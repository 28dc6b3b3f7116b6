import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usageLine } from '#cli/command';
import { COMMANDS } from '#cli/commands';

const ROOT = resolve(import.meta.dirname, '../../..');
/** The `bin` of package.json, what `npx syncline` runs. */
const BIN = join(ROOT, 'cli', 'bin.mjs');

/** A project folder as an operator has one: the contract, the README and a docs folder, for the commands that write there. */
const dir = mkdtempSync(join(tmpdir(), 'syncline-help-'));
copyFileSync(join(ROOT, 'syncline.yaml'), join(dir, 'syncline.yaml'));
copyFileSync(join(ROOT, 'README.md'), join(dir, 'README.md'));
mkdirSync(join(dir, 'docs'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** No deployed stack named: the commands that reach stores would look for the local hub. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SYNCLINE_')));

/** `npx syncline <args>` in the project folder. */
function syncline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: 50_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Every file and folder under the project folder, with its size and when it was last written. */
function listing(): Record<string, string> {
  const paths = readdirSync(dir, { recursive: true }) as string[];
  return Object.fromEntries(paths.map((p) => [p, `${statSync(join(dir, p)).size}@${statSync(join(dir, p)).mtimeMs}`]));
}

describe('syncline help', () => {
  it.each(COMMANDS.map((command) => ({ name: command.name, command })))('$name --help, -h and help $name print its usage, exit 0 and write nothing', async ({ name, command }) => {
    const before = listing();

    const runs = await Promise.all([syncline(name, '--help'), syncline(name, '-h'), syncline('help', name)]);

    for (const run of runs) expect(run).toEqual({ code: 0, stdout: `${command.usage}\n`, stderr: '' });
    expect(usageLine(command)).toMatch(new RegExp(`^usage: syncline ${name}\\b`));
    expect(listing()).toEqual(before);
  });

  it('prints the usage of the command, not of its sub-command, for --help after a sub-command and its arguments', async () => {
    const before = listing();
    const usage = (name: string) => `${COMMANDS.find((c) => c.name === name)?.usage}\n`;

    const [retry, show, approve] = await Promise.all([syncline('quarantine', 'retry', '--all', '--help'), syncline('dlq', 'show', 'abc', '-h'), syncline('review', 'approve', 'x', '--help')]);

    expect(retry).toEqual({ code: 0, stdout: usage('quarantine'), stderr: '' });
    expect(show).toEqual({ code: 0, stdout: usage('dlq'), stderr: '' });
    expect(approve).toEqual({ code: 0, stdout: usage('review'), stderr: '' });
    expect(listing()).toEqual(before);
  });

  it('lists every command with its summary for help, --help and no command at all', async () => {
    const runs = await Promise.all([syncline('help'), syncline('--help'), syncline('-h'), syncline()]);

    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(runs[0]?.stdout);
      for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    expect(runs[0]?.stdout).toMatch(/^usage: syncline <command>/);
  });

  it('fails with exit code 2 and the usage line on an unknown command, and on help for one', async () => {
    const [unknown, helpUnknown] = await Promise.all([syncline('frobnicate', '--help'), syncline('help', 'frobnicate')]);

    for (const run of [unknown, helpUnknown]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe('syncline: unknown command "frobnicate"\nusage: syncline <command> [options]; syncline help lists the commands\n');
    }
  });

  it('fails with exit code 2, the option and the usage line on an unknown option, and writes nothing', async () => {
    const before = listing();
    const usage = (name: string) => usageLine(COMMANDS.find((c) => c.name === name) ?? COMMANDS[0]!);

    const [schema, sync, missingValue] = await Promise.all([syncline('schema', '--outt', 'x.json'), syncline('sync', '--initial', '--dryrun'), syncline('docs', '--out')]);

    expect(schema).toEqual({ code: 2, stdout: '', stderr: `syncline schema: unknown option --outt\n${usage('schema')}\n` });
    expect(sync).toEqual({ code: 2, stdout: '', stderr: `syncline sync: unknown option --dryrun\n${usage('sync')}\n` });
    expect(missingValue).toEqual({ code: 2, stdout: '', stderr: `syncline docs: option '--out <value>' argument missing\n${usage('docs')}\n` });
    expect(listing()).toEqual(before);
  });

  it('still runs a command without --help: schema writes its file', async () => {
    const run = await syncline('schema', '--out', 'schema.json');

    expect(run).toMatchObject({ code: 0, stdout: 'wrote schema.json\n' });
    expect(Object.keys(listing())).toContain('schema.json');
  });
});
