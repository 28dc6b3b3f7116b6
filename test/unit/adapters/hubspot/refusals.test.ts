import type { Client } from '@hubspot/api-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallTimeoutError } from '#adapters/vendors/call-timeout';
import { classifyHubspotError, describeHubspotRefusal, hubspotErrorProperties } from '#adapters/vendors/hubspot/classify-error';
import { hubspotWriter } from '#adapters/vendors/hubspot/writer';
import { PermanentError, RetryableError } from '#domain/errors';

const LONG = 'x'.repeat(10_000);
/** A 400 VALIDATION_ERROR as HubSpot words it (vendor-apis §2.6): the message quotes the refused value. */
const validationBody = {
  status: 'error',
  message: `Property values were not valid: [{"isValid":false,"message":"${LONG} was not a valid number.","error":"INVALID_INTEGER","name":"hubspotscore"}]`,
  category: 'VALIDATION_ERROR',
  errors: [{ message: `${LONG} was not a valid number.`, code: 'INVALID_INTEGER', context: { propertyName: ['hubspotscore'] } }],
};
/** The SDK's ApiException: `code` is the HTTP status, `body` the parsed answer. */
const apiException = (code: number, body: unknown) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers: {} });

describe('hubspotErrorProperties', () => {
  it('reads the properties from errors[].context.propertyName, or from the message list when that is all there is', () => {
    expect(hubspotErrorProperties(validationBody)).toEqual(['hubspotscore']);
    expect(hubspotErrorProperties({ ...validationBody, errors: undefined })).toEqual(['hubspotscore']);
    expect(hubspotErrorProperties({ message: 'no properties here' })).toEqual([]);
  });
});

describe('classifyHubspotError refusals and timeouts', () => {
  it('rejects a validation refusal as PermanentError naming the property and problem, never the value', () => {
    const classified = classifyHubspotError(apiException(400, validationBody));

    expect(classified).toBeInstanceOf(PermanentError);
    expect((classified as PermanentError).code).toBe('VALIDATION_ERROR');
    expect((classified as PermanentError).message).toBe('HubSpot refused the request (400 VALIDATION_ERROR): hubspotscore (INVALID_INTEGER)');
    expect(describeHubspotRefusal(400, { category: 'VALIDATION_ERROR', message: LONG })).toBe('HubSpot refused the request (400 VALIDATION_ERROR)');
  });

  it('fails a timed-out call retryably, saying so and for how long it waited', () => {
    const classified = classifyHubspotError(new CallTimeoutError('HubSpot', 2_500));
    expect(classified).toBeInstanceOf(RetryableError);
    expect((classified as RetryableError).message).toBe('HubSpot call timed out after 2500 ms');
  });
});

describe('hubspotWriter per-input refusals in a 207', () => {
  it('returns a per-input validation error as a permanent failure that names the property and problem, never the value', async () => {
    const invalid = `Property values were not valid: [{"isValid":false,"message":"Email address ada@@example.com is invalid","error":"INVALID_EMAIL","name":"email"}]`;
    const answer = {
      results: [],
      errors: [
        { status: 'error', category: 'VALIDATION_ERROR', message: `${LONG} is too long`, context: { ids: ['003A'], propertyName: ['firstname'] } },
        { status: 'error', category: 'VALIDATION_ERROR', message: invalid, context: { ids: ['003B'] } },
      ],
    };
    const client = { crm: { objects: { batchApi: { upsert: async () => answer } } } } as unknown as Client;

    const [long, email] = await hubspotWriter(client).upsert('contacts', 'syncline_salesforce_id', [
      { externalId: '003A', fields: { firstname: LONG } },
      { externalId: '003B', fields: { email: 'ada@@example.com' } },
    ]);

    expect(long).toMatchObject({ ok: false, code: 'VALIDATION_ERROR', retryable: false, message: 'firstname: HubSpot refused the value (VALIDATION_ERROR)' });
    expect(email).toMatchObject({ ok: false, code: 'VALIDATION_ERROR', message: 'email (INVALID_EMAIL): HubSpot refused the value (VALIDATION_ERROR)' });
  });

  it('keeps the message of another per-input error, cut short', async () => {
    const answer = { results: [], errors: [{ status: 'error', category: 'CONFLICT', message: `Contact already exists. ${LONG}`, context: { ids: ['003A'] } }] };
    const client = { crm: { objects: { batchApi: { upsert: async () => answer } } } } as unknown as Client;

    const [result] = await hubspotWriter(client).upsert('contacts', 'syncline_salesforce_id', [{ externalId: '003A', fields: { firstname: 'Ada' } }]);

    expect(result).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(result?.ok === false && result.message).toMatch(/^Contact already exists\. x{276}…$/);
  });
});

describe('hubspotWriter on a batch refused as a whole (400)', () => {
  /** A client whose batch upsert refuses any call holding an input `bad` says is refused, and counts its calls. */
  function refusingClient(bad: (properties: Record<string, string>) => boolean, body: (bad: Record<string, string>) => unknown) {
    let calls = 0;
    const upsert = async (_type: string, { inputs }: { inputs: { id: string; properties: Record<string, string> }[] }) => {
      calls++;
      const refused = inputs.find((i) => bad(i.properties));
      if (refused) throw apiException(400, body(refused.properties));
      return { status: 'COMPLETE', results: inputs.map((i, n) => ({ id: String(n + 1), properties: { syncline_salesforce_id: i.id } })) };
    };
    const client = { crm: { objects: { batchApi: { upsert } } } } as unknown as Client;
    return { client, calls: () => calls };
  }
  const records = (n: number) => Array.from({ length: n }, (_, i) => ({ externalId: `003${i}`, fields: { email: `p${i}@example.com`, n: i } }));
  const invalidEmail = { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid: [{"isValid":false,"message":"Email address x is invalid","error":"INVALID_EMAIL","name":"email"}]' };

  it('halves a batch refused for values until each refused input stands alone, and writes the rest (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 100 }), fc.uniqueArray(fc.nat(99), { maxLength: 3 }), async (size, badAt) => {
        const bad = new Set(badAt.filter((i) => i < size).map(String));
        const { client, calls } = refusingClient((p) => bad.has(p['n'] ?? ''), () => invalidEmail);

        const results = await hubspotWriter(client).upsert('contacts', 'syncline_salesforce_id', records(size));

        expect(results.map((r, i) => r.ok || bad.has(String(i)))).toEqual(results.map(() => true));
        expect(results.filter((r) => !r.ok)).toHaveLength(bad.size);
        expect(calls()).toBeLessThanOrEqual(1 + bad.size * 2 * Math.ceil(Math.log2(size)));
      }),
      { numRuns: 60 },
    );
  });

  it('stops halving when more inputs are refused than a few calls can find (a value every input has): all fail as values, in at most 43 calls', async () => {
    const { client, calls } = refusingClient(() => true, () => invalidEmail);

    const results = await hubspotWriter(client).upsert('contacts', 'syncline_salesforce_id', records(100));

    expect(results.filter((r) => !r.ok && r.code === 'VALIDATION_ERROR')).toHaveLength(100);
    expect(calls()).toBeLessThanOrEqual(43);
  });

  it('does not split a batch refused for a property that does not exist: every input would fail alike', async () => {
    const body = { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid: [{"isValid":false,"message":"Property \\"hubspot_lead_scor\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"hubspot_lead_scor"}]' };
    const { client, calls } = refusingClient(() => true, () => body);

    await expect(hubspotWriter(client).upsert('contacts', 'syncline_salesforce_id', records(100))).rejects.toBeInstanceOf(PermanentError);

    expect(calls()).toBe(1);
  });
});
