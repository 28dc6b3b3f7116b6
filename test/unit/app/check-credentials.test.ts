import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCredentials, daysUntil } from '#app/check-credentials';
import { MetricName } from '#ports/metrics';
import type { SecretSource } from '#ports/secret-source';
import { CountingMetrics, FakeClock, MemorySecrets } from '#test/support/fakes';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-07T07:00:00Z');

describe('daysUntil', () => {
  it('counts whole days left, rounded down, negative once passed', () => {
    expect(daysUntil('2026-12-14T07:00:00Z', NOW)).toBe(7);
    expect(daysUntil('2026-12-15T06:59:59Z', NOW)).toBe(7);
    expect(daysUntil('2026-12-08T06:00:00+00:00', NOW)).toBe(0);
    expect(daysUntil('2026-12-08T09:00:00+02:00', NOW)).toBe(1);
    expect(daysUntil('2026-12-06T07:00:00Z', NOW)).toBe(-1);
  });

  it('is the floor of the distance in days for any instant, in any offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400 * DAY_MS, max: 4_000 * DAY_MS }), fc.integer({ min: -12, max: 14 }), (offsetMs, zoneHours) => {
        const at = NOW + offsetMs;
        // The same instant written in another zone: `2026-12-07T09:00:00.000+02:00`.
        const local = new Date(at + zoneHours * 3_600_000).toISOString().replace('Z', `${zoneHours < 0 ? '-' : '+'}${String(Math.abs(zoneHours)).padStart(2, '0')}:00`);
        expect(daysUntil(local, NOW)).toBe(Math.floor(offsetMs / DAY_MS));
      }),
    );
  });

  it('rejects what is not a date-time with an offset: a bare date, a local time, prose', () => {
    for (const value of ['2027-03-01', '2027-03-01T00:00:00', 'next March', '', '2027-13-45T00:00:00Z']) expect(daysUntil(value, NOW), value).toBeUndefined();
  });

  it('rejects any string that does not start as an ISO date-time', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{4}-\d{2}-\d{2}T/.test(s)),
        (value) => {
          expect(daysUntil(value, NOW)).toBeUndefined();
        },
      ),
    );
  });
});

describe('checkCredentials', () => {
  it('emits the days left of each secret that declares expiresAt, by vendor, reading each secret fresh', async () => {
    const secrets = new MemorySecrets({ salesforce: { refreshToken: 'r', expiresAt: '2026-12-10T12:00:00Z' }, outreach: { refreshToken: 'o', expiresAt: '2027-12-07T07:00:00Z' } });
    const metrics = new CountingMetrics();

    const statuses = await checkCredentials({ secrets, metrics, clock: new FakeClock(NOW) }, ['salesforce', 'outreach']);

    expect(statuses).toEqual([
      { connector: 'salesforce', status: 'expires', expiresAt: '2026-12-10T12:00:00Z', daysLeft: 3 },
      { connector: 'outreach', status: 'expires', expiresAt: '2027-12-07T07:00:00Z', daysLeft: 365 },
    ]);
    expect(metrics.values(MetricName.CredentialDaysLeft, { vendor: 'salesforce' })).toEqual([3]);
    expect(metrics.values(MetricName.CredentialDaysLeft, { vendor: 'outreach' })).toEqual([365]);
    expect(secrets.freshReads).toBe(2);
  });

  it('emits nothing for a secret without expiresAt, and says so', async () => {
    const metrics = new CountingMetrics();

    const statuses = await checkCredentials({ secrets: new MemorySecrets({ outreach: { refreshToken: 'o' } }), metrics, clock: new FakeClock(NOW) }, ['outreach']);

    expect(statuses).toEqual([{ connector: 'outreach', status: 'undeclared' }]);
    expect(metrics.byDimensions.size).toBe(0);
  });

  it('fails a connector whose expiresAt is not a date-time, naming the value, and still checks the others', async () => {
    const secrets = new MemorySecrets({ salesforce: { expiresAt: '01/03/2027' }, outreach: { expiresAt: 20270301 }, hubspot: { expiresAt: '2026-12-08T07:00:00Z' } });
    const metrics = new CountingMetrics();

    const statuses = await checkCredentials({ secrets, metrics, clock: new FakeClock(NOW) }, ['salesforce', 'outreach', 'hubspot']);

    expect(statuses.map((s) => s.status)).toEqual(['unreadable', 'unreadable', 'expires']);
    expect(statuses[0]).toMatchObject({ reason: expect.stringContaining('"01/03/2027"') });
    expect(metrics.values(MetricName.CredentialDaysLeft, { vendor: 'hubspot' })).toEqual([1]);
    expect(metrics.values(MetricName.CredentialDaysLeft, { vendor: 'salesforce' })).toEqual([]);
  });

  it('fails a connector whose secret cannot be read, and still checks the others', async () => {
    const secrets: SecretSource = {
      get: async (connector) => {
        if (connector === 'salesforce') throw new Error('AccessDeniedException: not authorized');
        return { expiresAt: '2026-12-09T07:00:00Z' };
      },
    };
    const metrics = new CountingMetrics();

    const statuses = await checkCredentials({ secrets, metrics, clock: new FakeClock(NOW) }, ['salesforce', 'outreach']);

    expect(statuses).toEqual([
      { connector: 'salesforce', status: 'unreadable', reason: 'AccessDeniedException: not authorized' },
      { connector: 'outreach', status: 'expires', expiresAt: '2026-12-09T07:00:00Z', daysLeft: 2 },
    ]);
  });
});
