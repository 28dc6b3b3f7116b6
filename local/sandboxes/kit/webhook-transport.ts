import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What one POST came back with. Status 0: no answer (connection refused or reset, timeout). */
export interface PostResult {
  status: number;
  /** The receiver's answer, read up to 64 KB (a Salesforce Outbound Message needs its Ack). */
  body: string;
  /** A Retry-After on the answer, in ms. */
  retryAfterMs?: number;
  error?: 'connection' | 'timeout';
}

/** The receiver's answer is read up to this size; an Ack is a few hundred bytes. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Reads Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * How every sandbox sends its webhooks: one POST per attempt without keep-alive (a vendor's sender opens a fresh
 * connection), a per-attempt timeout, and the in-flight requests remembered so closing the sandbox aborts them.
 * Retry rules are each vendor's own and live with its sender.
 */
export class WebhookTransport {
  readonly #inFlight = new Set<ClientRequest>();

  constructor(private readonly timeoutMs: number) {}

  post(url: string, headers: Record<string, string>, body: string): Promise<PostResult> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: 0, body: '', error: 'connection' });
        return;
      }
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(target, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: false });
      this.#inFlight.add(req);
      let timedOut = false;
      const done = (result: PostResult): void => {
        this.#inFlight.delete(req);
        resolve(result);
      };
      req.setTimeout(this.timeoutMs, () => {
        timedOut = true;
        req.destroy(new Error('webhook timeout'));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const header = res.headers['retry-after'];
        const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, Date.now());
        const answer = (text: string): PostResult => (retryAfterMs === undefined ? { status: res.statusCode ?? 0, body: text } : { status: res.statusCode ?? 0, body: text, retryAfterMs });
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        res.on('end', () => done(answer(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', () => done(answer('')));
      });
      req.on('error', () => done({ status: 0, body: '', error: timedOut ? 'timeout' : 'connection' }));
      req.end(body);
    });
  }

  /** Aborts every in-flight request. */
  abortAll(): void {
    for (const req of this.#inFlight) req.destroy();
    this.#inFlight.clear();
  }
}
