import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchesOf, encodeMessageBody, messageBytes, SQS_LIMITS } from '#adapters/aws/sqs-message-body';
import { ChangeEvent } from '#domain/change-event';

/** SQS's allowed characters (API Reference, SendMessage), by code point. */
const SQS_ALLOWED = /^[\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
/** fauxqs's narrower set: it tests UTF-16 code units, so no surrogate at all. */
const FAUXQS_ALLOWED = /^[\t\n\r\x20-\ud7ff\ue000-\ufffd]*$/;

/** Any UTF-16 code unit (lone surrogates included), any code point, and the characters queues refuse. */
const unit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constantFrom('\u0000', '\u0008', '\u001f', '\ufffe', '\uffff', '\ud800', '\udbff', '\udc00', '\udfff', '😀', '\u{10ffff}', '\\u0000', '"', '\\'),
);
const anyString = (minLength = 0, maxLength = 40) => fc.string({ unit, minLength, maxLength });

const value = fc.oneof(anyString(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)), fc.boolean(), fc.constant(null));

/** Change events as the processor's schema accepts them, with any text in every string. */
const changeEvent = (text: fc.Arbitrary<string>) =>
  fc.record(
    {
      source: anyString(1),
      objectType: anyString(1),
      sourceId: anyString(1),
      eventId: anyString(1, 100),
      occurredAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      kind: fc.constantFrom('upsert', 'delete', 'merge', 'convert'),
      // `__proto__` is left out: the event schema (zod) drops a field of that name, which is no encoding's doing.
      fields: fc.dictionary(anyString().filter((name) => name !== '__proto__'), fc.oneof(value, text)),
      snapshot: fc.boolean(),
    },
    { requiredKeys: ['source', 'objectType', 'sourceId', 'eventId', 'occurredAt', 'kind', 'fields'] },
  ) as fc.Arbitrary<ChangeEvent>;

describe('encodeMessageBody', () => {
  it('writes any change event with only characters SQS and fauxqs allow, and JSON.parse gives it back exactly', () => {
    fc.assert(
      fc.property(changeEvent(anyString()), (event) => {
        const body = encodeMessageBody(event);

        expect(body).toMatch(SQS_ALLOWED);
        expect(body).toMatch(FAUXQS_ALLOWED);
        // What the processor does with a message body (functions/process.ts).
        expect(ChangeEvent.parse(JSON.parse(body))).toEqual(event);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps 10,000-character values of any code units whole', () => {
    fc.assert(
      fc.property(changeEvent(anyString(10_000, 10_000)), anyString(10_000, 10_000), (event, long) => {
        const withLong = { ...event, fields: { ...event.fields, long } };
        const body = encodeMessageBody(withLong);

        expect(body).toMatch(FAUXQS_ALLOWED);
        expect(JSON.parse(body)).toEqual(withLong);
      }),
      { numRuns: 15 },
    );
  });

  it('escapes a lone surrogate, U+FFFE, U+FFFF, NUL and an emoji, and leaves other text as it is', () => {
    const body = encodeMessageBody({ name: 'Zoë 😀 \ud800 \ufffe \uffff \u0000 東京' });

    expect(body).toBe('{"name":"Zoë \\ud83d\\ude00 \\ud800 \\ufffe \\uffff \\u0000 東京"}');
    expect(messageBytes(body)).toBe(Buffer.byteLength(body, 'utf8'));
  });
});

describe('batchesOf', () => {
  it('never puts more than 10 messages or more than the byte limit in a batch, and keeps every message in order', () => {
    const limits = fc.record({ maxEntries: fc.integer({ min: 1, max: 10 }), maxBatchBytes: fc.integer({ min: 1, max: 5_000 }) });
    fc.assert(
      fc.property(limits, fc.array(fc.nat(), { maxLength: 60 }), (limit, seeds) => {
        const messages = seeds.map((seed, index) => ({ index, bytes: 1 + (seed % limit.maxBatchBytes) }));

        const batches = batchesOf(messages, limit);

        expect(batches.flat()).toEqual(messages);
        for (const batch of batches) {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(limit.maxEntries);
          expect(batch.reduce((sum, m) => sum + m.bytes, 0)).toBeLessThanOrEqual(limit.maxBatchBytes);
        }
        // Full batches: the next batch's first message would not have fitted.
        batches.slice(0, -1).forEach((batch, i) => {
          const next = batches[i + 1]?.[0];
          const full = batch.length === limit.maxEntries || batch.reduce((sum, m) => sum + m.bytes, 0) + (next?.bytes ?? 0) > limit.maxBatchBytes;
          expect(full).toBe(true);
        });
      }),
    );
  });

  it('uses the SQS limits by default: 10 entries, 1 MiB per batch', () => {
    const messages = Array.from({ length: 12 }, () => ({ bytes: 200_000 }));

    expect(batchesOf(messages).map((b) => b.length)).toEqual([5, 5, 2]);
    expect(SQS_LIMITS).toEqual({ maxEntries: 10, maxMessageBytes: 1_048_576, maxBatchBytes: 1_048_576 });
  });
});
