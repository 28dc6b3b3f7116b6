import { createHash } from 'node:crypto';

/**
 * SQS's limits on what one SendMessageBatch may carry (Amazon SQS API Reference, SendMessage and SendMessageBatch,
 * since August 2025): up to 10 entries; a message body and the sum of a batch's bodies each at most 1 MiB
 * (1,048,576 bytes), which is also the default of a queue's `MaximumMessageSize`. fauxqs, the local SQS, enforces
 * the same numbers. A queue created with a lower `MaximumMessageSize` refuses larger messages itself; the
 * adapter handles that refusal like its own size check.
 */
export const SQS_LIMITS = { maxEntries: 10, maxMessageBytes: 1_048_576, maxBatchBytes: 1_048_576 } as const;

/**
 * UTF-16 code units a body must not carry as they are. SQS allows only `#x9 | #xA | #xD | #x20–#xD7FF |
 * #xE000–#xFFFD | #x10000–#x10FFFF` (the W3C XML character set) and answers InvalidMessageContents otherwise;
 * fauxqs also refuses characters above U+FFFF (it tests code units, so a surrogate pair fails). Without the `u`
 * flag this class matches single code units: every surrogate, paired or lone, U+FFFE, U+FFFF and the controls
 * below U+0020 (which JSON.stringify has escaped already).
 */
const OUTSIDE_QUEUE_CHARACTERS = /[^\t\n\r\x20-\ud7ff\ue000-\ufffd]/g;

/**
 * A value as a message body any SQS queue takes: JSON in which every code unit outside the queue's characters is
 * written as a `\uXXXX` escape (RFC 8259 §7). Plain `JSON.parse` gives the value back exactly, lone surrogates,
 * U+FFFE, U+FFFF, NUL and astral characters included; other characters stay as they are, so a body of accented
 * or CJK text is no larger than its UTF-8.
 */
export function encodeMessageBody(value: unknown): string {
  return JSON.stringify(value).replace(OUTSIDE_QUEUE_CHARACTERS, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A body's size as SQS counts it: its UTF-8 bytes. */
export function messageBytes(body: string): number {
  return Buffer.byteLength(body, 'utf8');
}

/**
 * Splits messages, in order, into batches of at most `maxEntries` whose bodies add up to at most `maxBatchBytes`.
 * A message larger than `maxBatchBytes` on its own (the caller refuses those first) goes alone.
 */
export function batchesOf<T extends { bytes: number }>(messages: readonly T[], limits: { maxEntries: number; maxBatchBytes: number } = SQS_LIMITS): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const message of messages) {
    if (current.length > 0 && (current.length >= limits.maxEntries || bytes + message.bytes > limits.maxBatchBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += message.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * A value as an SQS message group or deduplication id: those take at most 128 characters of `[\x21-\x7e]`
 * (SendMessage, MessageGroupId and MessageDeduplicationId), so any other value is replaced by its SHA-256 in hex.
 */
export function sqsId(value: string): string {
  return value.length <= 128 && /^[\x21-\x7e]+$/.test(value) ? value : createHash('sha256').update(value).digest('hex');
}
