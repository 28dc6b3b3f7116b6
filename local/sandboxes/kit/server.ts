import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallLog } from './calls.ts';
import type { Fault, FaultInjector } from './faults.ts';
import { BadRequestError, ResponseError, readBody, type SandboxRequest, type SandboxResponse } from './http.ts';
import type { Router, RouteMatch } from './router.ts';

/** Where an error is being rendered, so the vendor can pick the right body. */
export interface ErrorContext {
  req?: SandboxRequest;
  fault?: Fault;
  allowed?: string[];
}

/** The vendor-specific parts of a sandbox server. */
export interface VendorHooks {
  /** Renders an error in the vendor's wire format (404, 405, 400, 413, 500 and `status` faults without a body). */
  renderError(status: number, message: string, context: ErrorContext): SandboxResponse;
  /** Runs before the handler (auth, rate limits); an answer here short-circuits the handler. */
  guard?(req: SandboxRequest): SandboxResponse | undefined;
  /** Adds headers every vendor response carries (rate-limit info and the like). */
  decorate?(req: SandboxRequest, res: SandboxResponse): void;
  /** Applies a `token-expiry` fault: the request that triggered it must then fail authentication. */
  expireToken(req: SandboxRequest): void;
  /** The truncated JSON a `malformed` fault answers with (status 200). */
  malformedBody: string;
}

/** Options for {@link startSandboxServer}. */
export interface SandboxServerOptions {
  port: number;
  host: string;
  api: Router;
  inspection: Router;
  hooks: VendorHooks;
  calls: CallLog;
  faults: FaultInjector;
  bodyLimitBytes?: number;
  onClose?: () => void | Promise<void>;
}

/** A listening sandbox server. */
export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

const INSPECTION_PREFIX = '/__sandbox/';
const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

function endpointOf(match: RouteMatch): string {
  if (match.kind === 'found') return match.name;
  return match.kind === 'not-found' ? 'notFound' : 'methodNotAllowed';
}

function writeResponse(res: ServerResponse, response: SandboxResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined = response.rawBody;
  if (payload === undefined && response.body !== undefined) payload = JSON.stringify(response.body);
  if (payload !== undefined) {
    headers['Content-Type'] ??= 'application/json;charset=UTF-8';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** Renders inspection-API errors, which are ours and not a vendor's. */
function inspectionError(status: number, message: string): SandboxResponse {
  return { status, body: { error: message } };
}

class SandboxServer {
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(readonly options: SandboxServerOptions) {}

  /** Waits `ms`, or forever when the server closes first (the socket is gone by then). */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  stop(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    const isInspection = url.pathname.startsWith(INSPECTION_PREFIX);
    const match = (isInspection ? this.options.inspection : this.options.api).match(method, url.pathname);
    const endpoint = endpointOf(match);
    let rawBody = '';
    try {
      rawBody = await readBody(req, this.options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT);
    } catch (error) {
      const message = error instanceof BadRequestError ? error.message : 'The request body could not be read.';
      writeResponse(res, isInspection ? inspectionError(413, message) : this.options.hooks.renderError(413, message, {}));
      return;
    }
    const params = match.kind === 'found' ? match.params : {};
    const sreq: SandboxRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, params, rawBody, endpoint };
    if (isInspection) {
      writeResponse(res, await this.#runInspection(match, sreq));
      return;
    }
    const response = await this.#runVendor(match, sreq, req);
    if (response === undefined || this.#closed) return;
    this.options.hooks.decorate?.(sreq, response);
    this.#record(sreq, response.status);
    writeResponse(res, response);
  }

  #record(req: SandboxRequest, status: number): void {
    this.options.calls.record({ endpoint: req.endpoint, method: req.method, path: req.path, status, at: new Date().toISOString() });
  }

  async #runInspection(match: RouteMatch, req: SandboxRequest): Promise<SandboxResponse> {
    if (match.kind === 'not-found') return inspectionError(404, `No inspection route ${req.path}.`);
    if (match.kind === 'method-not-allowed') return inspectionError(405, `Method ${req.method} is not allowed; use ${match.allowed.join(', ')}.`);
    try {
      return await match.handler(req);
    } catch (error) {
      if (error instanceof BadRequestError) return inspectionError(error.status, error.message);
      return inspectionError(500, 'The sandbox failed to handle this inspection request.');
    }
  }

  /** Applies a fault, if one is armed; `undefined` means no answer will ever be sent. */
  async #runVendor(match: RouteMatch, req: SandboxRequest, raw: IncomingMessage): Promise<SandboxResponse | undefined> {
    const { hooks, faults } = this.options;
    const fault = faults.take(req.endpoint);
    if (fault) {
      const outcome = await this.#applyFault(fault, req, raw);
      if (outcome !== 'continue') return outcome;
    }
    const guarded = hooks.guard?.(req);
    if (guarded) return guarded;
    if (match.kind === 'not-found') return hooks.renderError(404, `No route ${req.method} ${req.path}.`, { req });
    if (match.kind === 'method-not-allowed') {
      return hooks.renderError(405, `HTTP Method '${req.method}' not allowed. Allowed are ${match.allowed.join(',')}`, { req, allowed: match.allowed });
    }
    try {
      return await match.handler(req);
    } catch (error) {
      if (error instanceof ResponseError) return error.response;
      if (error instanceof BadRequestError) return hooks.renderError(error.status, error.message, { req });
      return hooks.renderError(500, 'An unexpected error occurred.', { req });
    }
  }

  async #applyFault(fault: Fault, req: SandboxRequest, raw: IncomingMessage): Promise<SandboxResponse | undefined | 'continue'> {
    switch (fault.kind) {
      case 'latency':
        await this.delay(fault.latencyMs ?? 0);
        return 'continue';
      case 'token-expiry':
        this.options.hooks.expireToken(req);
        return 'continue';
      case 'hang':
        this.#record(req, 0);
        return undefined;
      case 'drop':
        this.#record(req, 0);
        raw.socket.destroy();
        return undefined;
      case 'malformed':
        return { status: 200, rawBody: this.options.hooks.malformedBody };
      case 'status':
        return this.#statusFault(fault, req);
    }
  }

  #statusFault(fault: Fault, req: SandboxRequest): SandboxResponse {
    const status = fault.status ?? 500;
    const response =
      fault.body === undefined ? this.options.hooks.renderError(status, '', { req, fault }) : { status, body: fault.body };
    if (fault.retryAfterSeconds !== undefined) response.headers = { ...response.headers, 'Retry-After': String(fault.retryAfterSeconds) };
    return response;
  }
}

/**
 * Starts a sandbox on node:http. Vendor routes go through faults, the vendor guard and the call log;
 * `/__sandbox/*` routes go straight to the inspection router and are never counted.
 */
export async function startSandboxServer(options: SandboxServerOptions): Promise<RunningSandbox> {
  const sandbox = new SandboxServer(options);
  const server = createServer((req, res) => {
    sandbox.handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) writeResponse(res, { status: 500, body: { error: 'sandbox failure' } });
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      sandbox.stop();
      await options.onClose?.();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
