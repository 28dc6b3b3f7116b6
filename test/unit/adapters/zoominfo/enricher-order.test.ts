import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunk } from '#adapters/vendors/zoominfo/chunk';
import { zoominfoEnricher } from '#adapters/vendors/zoominfo/enricher';
import type { EnrichInput } from '#ports/enricher';

/**
 * A fake ZoomInfo that matches a company input exactly when it carries a website, echoing it back, so every
 * result can be traced to the input it answers. It records how many inputs each enrich request carried.
 */
function fakeZoominfo() {
  const batchSizes: number[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(url)).pathname;
    if (path === '/authenticate') return Response.json({ jwt: 'opaque-token' });
    const body = JSON.parse(String(init?.body)) as { matchCompanyInput: Record<string, string>[] };
    batchSizes.push(body.matchCompanyInput.length);
    const result = body.matchCompanyInput.map((input) =>
      input['companyWebsite'] ? { input, data: [{ website: input['companyWebsite'] }], matchStatus: 'FULL_MATCH' } : { input, data: [], matchStatus: 'NO_MATCH' },
    );
    return Response.json({ success: true, data: { outputFields: [['website']], result } });
  }) as typeof globalThis.fetch;
  return { fetch, batchSizes };
}

const blankable = fc.option(fc.oneof(fc.constant('  '), fc.stringMatching(/^[a-z]{1,8}\.example$/)), { nil: undefined });
const companyInput: fc.Arbitrary<EnrichInput> = fc.record({ name: blankable, domain: blankable }, { requiredKeys: [] });

describe('chunk', () => {
  it('splits into runs of at most `size` whose concatenation is the input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 200 }), fc.integer({ min: 1, max: 40 }), (items, size) => {
        const chunks = chunk(items, size);
        expect(chunks.flat()).toEqual(items);
        expect(chunks.every((c) => c.length >= 1 && c.length <= size)).toBe(true);
        expect(chunks.length).toBe(Math.ceil(items.length / size));
      }),
    );
  });

  it('rejects a size below 1', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe('zoominfoEnricher batching', () => {
  it('answers every input in its own position, whatever the mix, with requests of at most 25 inputs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(companyInput, { maxLength: 120, size: 'max' }), async (inputs) => {
        const fake = fakeZoominfo();
        const enricher = zoominfoEnricher({ baseUrl: 'https://zoominfo.invalid', username: 'u', password: 'p' }, { fetch: fake.fetch });

        const results = await enricher.enrich('company', inputs);

        const sendable = inputs.filter((i) => i.name?.trim() || i.domain?.trim());
        expect(results).toHaveLength(inputs.length);
        results.forEach((result, i) => {
          const { name, domain } = inputs[i] ?? {};
          if (domain?.trim()) expect(result).toEqual({ status: 'matched', fields: { website: domain.trim() } });
          else if (name?.trim()) expect(result).toEqual({ status: 'no-match', reason: 'NO_MATCH' });
          else expect(result).toEqual({ status: 'not-asked', reason: 'INSUFFICIENT_INPUT' });
        });
        expect(fake.batchSizes.every((n) => n >= 1 && n <= 25)).toBe(true);
        expect(fake.batchSizes.reduce((a, b) => a + b, 0)).toBe(sendable.length);
        expect(fake.batchSizes).toHaveLength(Math.ceil(sendable.length / 25));
      }),
      { numRuns: 60 },
    );
  });
});
