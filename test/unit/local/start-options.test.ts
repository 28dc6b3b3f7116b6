import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SYNTH_CACHE_DIR, UsageError, bareCrms, clearLocalState, parseStartArgs } from '#local/start-options';

describe('npm start arguments', () => {
  it('keeps the state when no argument is given', () => {
    expect(parseStartArgs([])).toEqual({ fresh: false, bare: false });
  });

  it('reads --fresh', () => {
    expect(parseStartArgs(['--fresh'])).toEqual({ fresh: true, bare: false });
  });

  it('reads --bare as a fresh start with bare CRMs', () => {
    expect(parseStartArgs(['--bare'])).toEqual({ fresh: true, bare: true });
    expect(parseStartArgs(['--fresh', '--bare'])).toEqual({ fresh: true, bare: true });
  });

  it('rejects an unknown argument with the usage line', () => {
    expect(() => parseStartArgs(['--fresh', '--frsh'])).toThrow(UsageError);
    expect(() => parseStartArgs(['fresh'])).toThrow(/unknown argument "fresh"\nusage: npm start \[-- --fresh \| --bare\]/);
  });

  it('rejects every argument other than --fresh and --bare, wherever it stands', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('--fresh', '--bare'), { maxLength: 3 }), fc.string().filter((s) => s !== '--fresh' && s !== '--bare'), fc.nat(), (fresh, other, at) => {
        const argv: string[] = [...fresh];
        argv.splice(at % (argv.length + 1), 0, other);
        expect(() => parseStartArgs(argv)).toThrow(UsageError);
      }),
    );
  });
});

describe('clearing the kept state', () => {
  it('deletes tables, queues, sandbox records and files, and keeps the synthesis cache', () => {
    // Prepare
    const stateDir = mkdtempSync(join(tmpdir(), 'syncline-state-'));
    for (const dir of ['dynamodb', 'sqs', 'sandboxes', 'cdk.out', SYNTH_CACHE_DIR]) mkdirSync(join(stateDir, dir));
    writeFileSync(join(stateDir, 'dynamodb', 'shared-local-instance.db'), 'tables');
    writeFileSync(join(stateDir, 'sandboxes', 'hubspot.json'), '{}');
    writeFileSync(join(stateDir, 'secrets.json'), '{}');
    writeFileSync(join(stateDir, 'hub.json'), '{}');
    writeFileSync(join(stateDir, SYNTH_CACHE_DIR, 'abc.template.json'), '{}');

    // Act
    clearLocalState(stateDir);

    // Assess
    expect(readdirSync(stateDir)).toEqual([SYNTH_CACHE_DIR]);
    expect(existsSync(join(stateDir, SYNTH_CACHE_DIR, 'abc.template.json'))).toBe(true);
  });

  it('does nothing when no state was ever kept', () => {
    const stateDir = join(tmpdir(), `syncline-never-${process.pid}-${Date.now()}`);

    clearLocalState(stateDir);

    expect(existsSync(stateDir)).toBe(false);
  });
});

describe('bare CRMs across restarts', () => {
  it('marks the state on --bare, keeps it bare on a plain restart, and forgets it when --fresh clears the state', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'syncline-state-'));

    expect(bareCrms(stateDir, { fresh: false, bare: false })).toBe(false);
    expect(bareCrms(stateDir, { fresh: true, bare: true })).toBe(true);
    expect(bareCrms(stateDir, { fresh: false, bare: false })).toBe(true);
    clearLocalState(stateDir);
    expect(bareCrms(stateDir, { fresh: true, bare: false })).toBe(false);
  });
});
