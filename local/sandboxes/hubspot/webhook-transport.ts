import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Sends webhook POSTs without keep-alive and remembers in-flight requests so close() can abort them. */
export class WebhookTransport {
  readonly #inFlight = new Set<ClientRequest>();

  constructor(private readonly timeoutMs: number) {}

  /** POSTs `body` and resolves with the status, or 0 on connection failure or timeout. */
  post(url: string, headers: Record<string, string>, body: string): Promise<number> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve(0);
        return;
      }
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(target, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: false });
      this.#inFlight.add(req);
      const done = (status: number): void => {
        this.#inFlight.delete(req);
        resolve(status);
      };
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error('webhook timeout')));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', () => done(res.statusCode ?? 0));
      });
      req.on('error', () => done(0));
      req.end(body);
    });
  }

  /** Aborts every in-flight request. */
  abortAll(): void {
    for (const req of this.#inFlight) req.destroy();
    this.#inFlight.clear();
  }
}
