import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MetricName } from '#ports/metrics';

const DAY_MS = 86_400_000;

/** The EMF documents a run printed: `CredentialDaysLeft` by vendor. */
function daysLeftIn(lines: string[]): Record<string, number> {
  const found: Record<string, number> = {};
  for (const line of lines.filter((l) => l.includes('"_aws"'))) {
    const doc = JSON.parse(line) as Record<string, unknown>;
    const directives = (doc['_aws'] as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }).CloudWatchMetrics;
    for (const directive of directives) {
      if (directive.Namespace !== 'Syncline' || !directive.Metrics.some((m) => m.Name === MetricName.CredentialDaysLeft)) continue;
      expect(directive.Dimensions).toEqual([expect.arrayContaining(['service', 'vendor'])]);
      expect(doc['service']).toBe('syncline');
      found[String(doc['vendor'])] = Number(doc[MetricName.CredentialDaysLeft]);
    }
  }
  return found;
}

/** functions/check-credentials.ts as Lambda runs it: its environment, its secrets from a local file, EMF on stdout. */
describe('the credential check function', () => {
  let handler: () => Promise<void>;
  let secretsFile: string;
  let printed: string[];
  const writeSecrets = (secrets: Record<string, unknown>) => writeFileSync(secretsFile, JSON.stringify(secrets));

  beforeAll(async () => {
    secretsFile = join(mkdtempSync(join(tmpdir(), 'syncline-credentials-')), 'secrets.json');
    process.env['CONNECTOR_SECRETS'] = JSON.stringify({ salesforce: 'syncline/salesforce', outreach: 'syncline/outreach' });
    process.env['SYNCLINE_SECRETS_FILE'] = secretsFile;
    ({ handler } = await import('../../../functions/check-credentials.ts'));
  });

  const run = async () => {
    printed = [];
    // Logger writes errors to stderr, the rest and EMF to stdout.
    const spies = [process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(...String(chunk).split('\n').filter(Boolean));
        return true;
      }),
    );
    try {
      return await handler().then(
        () => undefined,
        (error: unknown) => error,
      );
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  };
  afterEach(() => vi.restoreAllMocks());

  it('emits the days left of each secret that declares expiresAt, per vendor', async () => {
    writeSecrets({
      'syncline/salesforce': { refreshToken: 'r', expiresAt: new Date(Date.now() + 10 * DAY_MS + 3_600_000).toISOString() },
      'syncline/outreach': { refreshToken: 'o', expiresAt: new Date(Date.now() + 6 * DAY_MS + 3_600_000).toISOString() },
    });

    const error = await run();

    expect(error).toBeUndefined();
    expect(daysLeftIn(printed)).toEqual({ salesforce: 10, outreach: 6 });
  });

  it('emits nothing for a secret without expiresAt, and logs that its expiry is not watched', async () => {
    writeSecrets({ 'syncline/salesforce': { refreshToken: 'r' }, 'syncline/outreach': { refreshToken: 'o', expiresAt: new Date(Date.now() + DAY_MS / 2).toISOString() } });

    const error = await run();

    expect(error).toBeUndefined();
    expect(daysLeftIn(printed)).toEqual({ outreach: 0 });
    expect(printed.some((l) => l.includes('its expiry is not watched') && l.includes('"connector":"salesforce"'))).toBe(true);
  });

  it('fails the run when a secret is missing or its expiresAt is not a date-time, after emitting the others', async () => {
    writeSecrets({ 'syncline/outreach': { refreshToken: 'o', expiresAt: 'March 2027' } });

    const error = await run();

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('credential expiry could not be checked for salesforce, outreach; see the log lines above');
    expect(printed.some((l) => l.includes('credential expiry not readable') && l.includes('March 2027'))).toBe(true);

    writeSecrets({ 'syncline/salesforce': { expiresAt: 'soon' }, 'syncline/outreach': { expiresAt: new Date(Date.now() + 2 * DAY_MS + 3_600_000).toISOString() } });
    expect(await run()).toBeInstanceOf(Error);
    expect(daysLeftIn(printed)).toEqual({ outreach: 2 });
  });
});
