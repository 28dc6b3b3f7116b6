import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEDUPE_HEAP_MB } from '#cli/dedupe';

const dir = mkdtempSync(join(tmpdir(), 'syncline-dedupe-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run syncline -- dedupe ...`, as an operator runs it. */
function syncline(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/syncline.ts', 'dedupe', ...args], { encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('syncline dedupe (its own process)', () => {
  it(`runs the dedupe with a ${DEDUPE_HEAP_MB} MB heap and exits 0`, () => {
    const { code, stdout } = syncline('test/fixtures/dedupe/salesforce-contacts.csv', '--out', join(dir, 'clusters.csv'), '--json');

    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { records: number; heapLimitMb: number };
    expect(summary.records).toBe(12);
    expect(summary.heapLimitMb).toBeGreaterThanOrEqual(DEDUPE_HEAP_MB);
    expect(summary.heapLimitMb).toBeLessThan(4096);
  });

  it('fails with exit code 2 and a clear message on a file it cannot read', () => {
    const { code, stderr } = syncline(join(dir, 'missing.csv'));

    expect(code).toBe(2);
    expect(stderr.trim()).toBe(`cannot read ${join(dir, 'missing.csv')}: no such file`);
  });

  it('fails with exit code 2 on an export without a record id column', () => {
    const { code, stderr } = syncline('test/fixtures/dedupe/no-id-column.csv', '--out', join(dir, 'x.csv'));

    expect(code).toBe(2);
    expect(stderr).toMatch(/no record id column/);
  });
});
