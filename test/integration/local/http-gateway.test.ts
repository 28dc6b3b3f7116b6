import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFunction } from '#local/runner/function-host';
import { startHttpGateway } from '#local/runner/http-gateway';

describe('the local HTTP gateway (a worker-thread function behind it)', () => {
  let fn: LocalFunction;
  let gateway: Server;
  let base: string;
  beforeAll(async () => {
    fn = new LocalFunction({ logicalId: 'Echo', entry: 'test/fixtures/functions/echo-request.ts', handlerName: 'handler', environment: {}, timeoutSeconds: 10 }, process.cwd(), () => undefined);
    gateway = await startHttpGateway([{ routeKey: 'POST /webhooks/{source}', fn }], 0, '127.0.0.1');
    const address = gateway.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (gateway.closeAllConnections(), gateway.close(() => resolve())));
    await fn.close();
  });

  it('decodes a percent-encoded path parameter before invoking the function', async () => {
    const response = await fetch(`${base}/webhooks/hub%2Dspot`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ rawPath: '/webhooks/hub%2Dspot', pathParameters: { source: 'hub-spot' } });
  });

  it.each([
    ['a "%" without two hex digits', '/webhooks/%zz'],
    ['a truncated escape', '/webhooks/hubspot%2'],
    ['escapes that are not UTF-8', '/webhooks/%C3%28'],
  ])('rejects %s in the path with a 400 that says what is wrong, not a 500', async (_name, path) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe(`Bad Request: the path ${path} is not valid percent-encoding; a "%" must be followed by two hex digits that encode UTF-8.`);
  });
});
