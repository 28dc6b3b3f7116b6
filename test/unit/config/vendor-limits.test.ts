import { describe, expect, it } from 'vitest';
import { loadContract, parseContract } from '#config/load-contract';
import { DEFAULT_DAILY_SHARE, dailyShareOf } from '#config/vendor-limits';

/** The shipped contract with `connectors.salesforce.dailyShare` set to `share` (or removed). */
function withShare(share: unknown) {
  const contract = structuredClone(loadContract('syncline.yaml')) as unknown as { connectors: Record<string, Record<string, unknown>> };
  const salesforce = contract.connectors['salesforce'] ?? {};
  if (share === undefined) delete salesforce['dailyShare'];
  else salesforce['dailyShare'] = share;
  return contract;
}

describe('connectors.<vendor>.dailyShare', () => {
  it('is the share the contract sets, and 0.5 where it sets none', () => {
    expect(dailyShareOf(parseContract(withShare(1)), 'salesforce')).toBe(1);
    expect(dailyShareOf(parseContract(withShare(0.25)), 'salesforce')).toBe(0.25);
    expect(dailyShareOf(parseContract(withShare(undefined)), 'salesforce')).toBe(DEFAULT_DAILY_SHARE);
    expect(DEFAULT_DAILY_SHARE).toBe(0.5);
  });

  it.each([0, -0.1, 1.01, '0.5'])('rejects a share of %s, naming where it stands', (share) => {
    expect(() => parseContract(withShare(share))).toThrow(/connectors\.salesforce\.dailyShare/);
  });
});
