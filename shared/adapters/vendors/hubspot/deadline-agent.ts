import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { callTimeoutMs } from '../call-deadline.ts';
import { CallTimeoutError, VENDOR_CALL_TIMEOUT_MS } from '../call-timeout.ts';

/** What `@hubspot/api-client` hands a middleware's `pre`: the request about to go out. */
interface RequestContextLike {
  getUrl(): string;
  setAgent(agent: http.Agent | https.Agent): void;
}

type CreateConnection = (options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void) => Duplex | null | undefined;

/**
 * Arms a one-request agent: its socket is destroyed with a {@link CallTimeoutError} when the request has not
 * ended `timeoutMs` after the socket was opened, so the SDK's request rejects with it. `keepAlive: false` keeps the
 * timer about this one request (a socket is never handed on to another call).
 */
function armed<A extends http.Agent>(agent: A, timeoutMs: number): A {
  const create = (agent as unknown as { createConnection: CreateConnection }).createConnection.bind(agent);
  (agent as unknown as { createConnection: CreateConnection }).createConnection = (options, callback) => {
    const socket = create(options, callback);
    if (!socket) return socket;
    const timer = setTimeout(() => socket.destroy(new CallTimeoutError('HubSpot', timeoutMs)), timeoutMs);
    socket.once('close', () => clearTimeout(timer));
    return socket;
  };
  return agent;
}

/**
 * A middleware for `@hubspot/api-client` 14 that gives every request a timeout. The SDK sends through the global
 * `fetch` with no signal and offers no timeout option (`lib/src/services/http/Transport.js`); a request that carries
 * an agent goes through `node:http` with it instead. This middleware sets, per request, an agent whose socket is
 * destroyed after {@link VENDOR_CALL_TIMEOUT_MS}.request shortened by {@link callTimeoutMs} to what the invocation
 * has left, taken when the request starts. The timer covers the whole request, body included. The price is a new
 * connection per request (no keep-alive): a TLS handshake of tens of milliseconds on calls that each carry up to 100
 * records, against a hung call holding a whole batch.
 */
export const hubspotDeadlineMiddleware = {
  pre(context: unknown): unknown {
    const request = context as RequestContextLike;
    const timeoutMs = callTimeoutMs(VENDOR_CALL_TIMEOUT_MS.request);
    const secure = request.getUrl().startsWith('https:');
    request.setAgent(secure ? armed(new https.Agent({ keepAlive: false }), timeoutMs) : armed(new http.Agent({ keepAlive: false }), timeoutMs));
    return context;
  },
  post(context: unknown): unknown {
    return context;
  },
};
