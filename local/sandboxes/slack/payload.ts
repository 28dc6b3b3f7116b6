import { isPlainObject } from '../kit/index.ts';

/** A validated incoming-webhook payload, or the plain-text error code Slack would answer with. */
export type PayloadCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; code: 'invalid_payload' | 'invalid_blocks'; detail: string };

/** Block Kit limits the sandbox enforces [T] (api.slack.com/reference/block-kit/blocks): enough to catch a sender that overflows them. */
export const BLOCK_LIMITS = { blocks: 50, headerText: 150, sectionText: 3000, fields: 10, fieldText: 2000 } as const;

const invalidBlocks = (detail: string): PayloadCheck => ({ ok: false, code: 'invalid_blocks', detail });

function textOf(value: unknown): string | undefined {
  return isPlainObject(value) && typeof value['text'] === 'string' ? value['text'] : undefined;
}

function checkBlock(block: unknown, index: number): string | undefined {
  if (!isPlainObject(block) || typeof block['type'] !== 'string') return `block ${index} has no type`;
  const text = textOf(block['text']);
  if (block['type'] === 'header' && (text === undefined || text.length > BLOCK_LIMITS.headerText)) return `header block ${index} needs a plain_text of at most ${BLOCK_LIMITS.headerText} characters`;
  if (block['type'] === 'section') {
    const fields = block['fields'];
    if (text === undefined && !Array.isArray(fields)) return `section block ${index} needs text or fields`;
    if (text !== undefined && text.length > BLOCK_LIMITS.sectionText) return `section block ${index} text is longer than ${BLOCK_LIMITS.sectionText} characters`;
    if (Array.isArray(fields) && (fields.length > BLOCK_LIMITS.fields || fields.some((f) => (textOf(f)?.length ?? Infinity) > BLOCK_LIMITS.fieldText))) {
      return `section block ${index} has more than ${BLOCK_LIMITS.fields} fields or a field longer than ${BLOCK_LIMITS.fieldText} characters`;
    }
  }
  return undefined;
}

/**
 * Checks a webhook body as Slack does [T]: JSON (a form-encoded `payload=` is accepted too), with `text` or
 * `blocks`; a plain-text body or JSON without either is `invalid_payload`, a bad `blocks` array `invalid_blocks`.
 */
export function checkPayload(rawBody: string, contentType: string): PayloadCheck {
  let json = rawBody;
  if (contentType.startsWith('application/x-www-form-urlencoded')) json = new URLSearchParams(rawBody).get('payload') ?? '';
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return { ok: false, code: 'invalid_payload', detail: 'the body is not JSON' };
  }
  if (!isPlainObject(body)) return { ok: false, code: 'invalid_payload', detail: 'the body is not a JSON object' };
  const { text, blocks } = body;
  if (text !== undefined && typeof text !== 'string') return { ok: false, code: 'invalid_payload', detail: 'text is not a string' };
  if ((text === undefined || text === '') && blocks === undefined) return { ok: false, code: 'invalid_payload', detail: 'neither text nor blocks is given' };
  if (blocks !== undefined) {
    if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > BLOCK_LIMITS.blocks) return invalidBlocks(`blocks must be an array of 1 to ${BLOCK_LIMITS.blocks} blocks`);
    const problem = blocks.map(checkBlock).find((p) => p !== undefined);
    if (problem) return invalidBlocks(problem);
  }
  return { ok: true, payload: body };
}
