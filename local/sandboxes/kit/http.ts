import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** A request as sandbox handlers see it: body already read, route params decoded. */
export interface SandboxRequest {
  readonly method: string;
  /** Path without the query string, still percent-encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Route parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The raw request body as UTF-8 text ('' when there is none). */
  readonly rawBody: string;
  /** The stable endpoint name of the matched route (see each server file). */
  readonly endpoint: string;
}

/** What a handler answers. `rawBody` wins over `body` when both are given. */
export interface SandboxResponse {
  status: number;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Thrown by handlers and body helpers for a client error; the server renders it in the vendor's error format. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
  constructor(
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
  }
}

/** Thrown by handlers to answer with a ready-made (vendor-formatted) error response. */
export class ResponseError extends Error {
  override readonly name = 'ResponseError';
  constructor(readonly response: SandboxResponse) {
    super(`vendor error ${response.status}`);
  }
}

/** Builds a JSON response. */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): SandboxResponse {
  return headers ? { status, body, headers } : { status, body };
}

/** Builds a response with no body (204 and friends). */
export function emptyResponse(status = 204): SandboxResponse {
  return { status };
}

/**
 * Parses the request body as JSON.
 * @throws BadRequestError when the body is empty or not valid JSON.
 */
export function parseJsonBody(req: SandboxRequest): unknown {
  if (req.rawBody.trim() === '') throw new BadRequestError('The request body is empty; a JSON body is required.');
  try {
    return JSON.parse(req.rawBody) as unknown;
  } catch {
    throw new BadRequestError('The request body is not valid JSON.');
  }
}

/** True when the value is a plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a request body, refusing more than `limitBytes`.
 * @throws BadRequestError with status 413 when the body is too large.
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) {
      throw new BadRequestError(`The request body is larger than the sandbox limit of ${limitBytes} bytes.`, 413);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Decodes a path segment, keeping it raw when it is not valid percent-encoding. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
