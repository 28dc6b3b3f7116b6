/**
 * Slack incoming-webhook sandbox (vendor-apis §4): `POST /services/T…/B…/<secret>`. The path is the credential:
 * an unknown one is 404 `no_service`, a revoked one 403 `invalid_token`. Success is 200 `ok` in text/plain; errors
 * are a plain-text code. Each accepted message is recorded for `GET /__sandbox/messages` (and
 * `GET /__sandbox/records/messages`).
 *
 * Endpoint names in `/__sandbox/calls` and for faults: `incomingWebhook`; `notFound`, `methodNotAllowed`.
 */
import { randomBytes } from 'node:crypto';
import { CallLog, FaultInjector, Router, addInspectionRoutes, jsonResponse, keepState, startSandboxServer, type SandboxRequest, type SandboxResponse, type VendorHooks } from '../kit/index.ts';
import { checkPayload } from './payload.ts';
import { WebhookRateLimiter } from './rate-limit.ts';

/** Options of {@link startSlackSandbox}. */
export interface SlackSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Webhook paths `/services/T…/B…/<secret>` the sandbox accepts (default: one with a random secret). */
  webhooks?: readonly string[];
  /** Paths that exist but are revoked: 403 `invalid_token`. */
  revoked?: readonly string[];
  /** Messages per second per webhook (default 1) and the burst allowed (default 3). */
  rateLimit?: { perSecond?: number; burst?: number };
  /** Keep the accepted messages in this file: restored from it on start. */
  stateFile?: string;
}

/** A message Slack accepted. */
export interface SlackMessage {
  /** The webhook path with its secret masked. */
  webhook: string;
  receivedAt: string;
  payload: Record<string, unknown>;
}

/** A running Slack sandbox. */
export interface SlackSandbox {
  url: string;
  port: number;
  /** The full URL of the first configured webhook. */
  webhookUrl: string;
  messages(): SlackMessage[];
  close(): Promise<void>;
}

const PATH = /^\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+$/;
const ERROR_CODES: Record<number, string> = { 400: 'invalid_payload', 403: 'invalid_token', 404: 'no_service', 405: 'invalid_method', 410: 'channel_is_archived', 413: 'request_too_large', 429: 'rate_limited' };

function plain(status: number, text: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status, rawBody: text, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } };
}

const mask = (path: string): string => path.replace(/\/[^/]+$/, '/****');

function validPaths(paths: readonly string[]): string[] {
  for (const p of paths) if (!PATH.test(p)) throw new Error(`slack sandbox webhook path ${p} is not /services/T…/B…/<secret>`);
  return [...paths];
}

function createHooks(state: { expireNext: number }): VendorHooks {
  return {
    renderError: (status) => plain(status, ERROR_CODES[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request')),
    // The path is the token: a token-expiry fault makes the affected request fail as a revoked webhook does.
    expireToken: () => {
      state.expireNext += 1;
    },
    malformedBody: '<html><body>ok',
  };
}

/** Starts the Slack incoming-webhook sandbox. */
export async function startSlackSandbox(o: SlackSandboxOptions = {}): Promise<SlackSandbox> {
  const active = validPaths(o.webhooks ?? [`/services/T0SANDBOX/B0SANDBOX/${randomBytes(12).toString('hex')}`]);
  const revoked = validPaths(o.revoked ?? []);
  const limiter = new WebhookRateLimiter(o.rateLimit?.perSecond ?? 1, o.rateLimit?.burst ?? 3);
  const hookState = { expireNext: 0 };
  let messages: SlackMessage[] = [];
  const saved = keepState(o.stateFile, { messages: { exportState: () => messages, importState: (kept) => (messages = kept as SlackMessage[]) } }, () => undefined);

  const receive = (req: SandboxRequest): SandboxResponse => {
    if (revoked.includes(req.path) || hookState.expireNext > 0) {
      hookState.expireNext = Math.max(0, hookState.expireNext - 1);
      return plain(403, 'invalid_token');
    }
    if (!active.includes(req.path)) return plain(404, 'no_service');
    const checked = checkPayload(req.rawBody, String(req.headers['content-type'] ?? '').toLowerCase());
    if (!checked.ok) return plain(400, checked.code);
    const wait = limiter.take(req.path);
    if (wait !== undefined) return plain(429, 'rate_limited', { 'Retry-After': String(wait) });
    messages.push({ webhook: mask(req.path), receivedAt: new Date().toISOString(), payload: checked.payload });
    return plain(200, 'ok');
  };

  const api = new Router().add('POST', '/services/:team/:bot/:secret', 'incomingWebhook', receive);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const state = {
    records: (object: string) => (object === 'messages' ? [...messages] : undefined),
    reset: () => {
      messages = [];
      limiter.reset();
      hookState.expireNext = 0;
    },
  };
  const inspection = addInspectionRoutes(new Router(), { calls, faults, endpoints: () => api.names(), state }).add('GET', '/__sandbox/messages', 'messages', () =>
    jsonResponse(200, { messages }),
  );
  const server = await startSandboxServer({ port: o.port ?? 0, host: o.host ?? '127.0.0.1', api, inspection, hooks: createHooks(hookState), calls, faults, onClose: () => saved.close() });
  return { url: server.url, port: server.port, webhookUrl: `${server.url}${active[0] ?? ''}`, messages: () => [...messages], close: () => server.close() };
}
