/**
 * Gong sandbox (vendor-apis §4): calls, and an automation rule that "fires a webhook" with the call's data to
 * `webhookUrl`, authenticated as the rule is set up: a signed RS256 JWT in `Authorization` (default) or a token in
 * the URL. Gong's retry policy is [?]; the sandbox retries non-2xx answers with a short exponential backoff.
 *
 * Endpoint names in `/__sandbox/calls` and for faults (basic auth with access key and secret):
 * `listCalls`, `listCallsExtensive`, `getCall`, and `notFound`, `methodNotAllowed` for requests no route takes.
 */
import { CallLog, FaultInjector, Router, addInspectionRoutes, keepState, startSandboxServer, type SandboxRequest, type VendorHooks } from '../kit/index.ts';
import { WebhookDeliveries, type Delivery } from '../stripe/webhook-delivery.ts';
import { gongError, unauthorized } from './errors.ts';
import type { GongWebhookBody } from './model.ts';
import { addApiRoutes } from './routes/api.ts';
import { addTriggerRoutes } from './routes/triggers.ts';
import { seedGong } from './seed.ts';
import { generateRuleKey, signDelivery, type BodyHashEncoding, type RuleKey } from './signing.ts';
import { GongStore, type StoredCall } from './store.ts';

/** Options of {@link startGongSandbox}. */
export interface GongSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The rule's destination URL; in `url-token` mode it must carry `?token=…`. */
  webhookUrl?: string;
  /** The rule's authentication method (default `jwt`). */
  auth?: 'jwt' | 'url-token';
  /** `body_sha256` encoding (default `hex`) [?]. */
  bodyHashEncoding?: BodyHashEncoding;
  /** JWT lifetime, `exp - iat` (default 300 s) [?]. */
  jwtTtlSeconds?: number;
  /** Sent before the JWT in `Authorization` (default none: the bare token, as Gong's sample reads it) [?]. */
  authorizationPrefix?: '' | 'Bearer ';
  /** Basic-auth credentials of the API (defaults `sandbox-access-key` / `sandbox-access-secret`). */
  accessKey?: string;
  accessKeySecret?: string;
  /** First retry delay; attempt n+1 waits base × 2^(n-1) (default 500 ms). */
  webhookRetryBaseMs?: number;
  /** Attempts per delivery, the first included (default 3). */
  webhookMaxAttempts?: number;
  /** Per-attempt timeout (default 5000 ms). */
  webhookTimeoutMs?: number;
  /** Seed two calls on seeded Salesforce records (default true). */
  seed?: boolean;
  /** Keep the records and id counters in this file: restored from it on start instead of seeding. */
  stateFile?: string;
}

/** A running Gong sandbox. */
export interface GongSandbox {
  url: string;
  port: number;
  /** The public key PEM the rule shows at start (see `currentPublicKeyPem` after a rotation). */
  publicKeyPem: string;
  currentPublicKeyPem(): string;
  setWebhookUrl(url: string | undefined): void;
  close(): Promise<void>;
}

function checkUrl(url: string | undefined, auth: 'jwt' | 'url-token'): void {
  if (url === undefined || auth !== 'url-token') return;
  if (!new URL(url).searchParams.get('token')) throw new Error(`in url-token mode the webhook URL must carry ?token=…; got ${url.replace(/\?.*$/, '')}`);
}

function createHooks(o: GongSandboxOptions): VendorHooks {
  const expected = `Basic ${Buffer.from(`${o.accessKey ?? 'sandbox-access-key'}:${o.accessKeySecret ?? 'sandbox-access-secret'}`).toString('base64')}`;
  let rejectNext = 0;
  return {
    renderError: (status, message) => gongError(status, message),
    guard: (req: SandboxRequest) => {
      if (rejectNext > 0 || req.headers.authorization !== expected) {
        rejectNext = Math.max(0, rejectNext - 1);
        return unauthorized();
      }
      return undefined;
    },
    expireToken: () => {
      rejectNext += 1;
    },
    malformedBody: '{"requestId":"x","calls":[{"id":"77',
  };
}

/** Starts the Gong sandbox; generates the rule's RSA key pair first. */
export async function startGongSandbox(o: GongSandboxOptions = {}): Promise<GongSandbox> {
  const auth = o.auth ?? 'jwt';
  checkUrl(o.webhookUrl, auth);
  let webhookUrl = o.webhookUrl;
  let key: RuleKey = await generateRuleKey();
  const prefix = o.authorizationPrefix ?? '';
  const deliveries = new WebhookDeliveries({
    retryBaseMs: o.webhookRetryBaseMs ?? 500,
    maxAttempts: o.webhookMaxAttempts ?? 3,
    timeoutMs: o.webhookTimeoutMs ?? 5000,
    sign: async (body, url) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (auth === 'jwt') headers['Authorization'] = prefix + (await signDelivery(key, url, body, { encoding: o.bodyHashEncoding ?? 'hex', ttlSeconds: o.jwtTtlSeconds ?? 300, nowMs: Date.now() }));
      return headers;
    },
  });
  const store = new GongStore();
  const saved = keepState(o.stateFile, { calls: store }, () => (o.seed ?? true) && seedGong(store));
  const deliver = async (stored: StoredCall): Promise<Delivery | undefined> => {
    if (!webhookUrl) return undefined;
    const body: GongWebhookBody = { callData: stored.call, isTest: stored.isTest };
    return deliveries.send(webhookUrl, JSON.stringify(body), stored.call.metaData.id);
  };
  const api = addApiRoutes(new Router(), store);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const state = {
    records: (object: string) => (object === 'calls' ? store.list() : undefined),
    reset: (reseed: boolean) => {
      store.clear();
      deliveries.reset();
      if (reseed) seedGong(store);
    },
  };
  const inspection = addTriggerRoutes(addInspectionRoutes(new Router(), { calls, faults, endpoints: () => api.names(), state }), {
    store,
    deliver,
    deliveries: () => deliveries.list(),
    redeliver: (id) => deliveries.redeliver(id),
    publicKeyPem: () => key.publicKeyPem,
    rotateKey: async () => {
      const previousPublicKeyPem = key.publicKeyPem;
      key = await generateRuleKey();
      return { publicKeyPem: key.publicKeyPem, previousPublicKeyPem };
    },
  });
  const server = await startSandboxServer({ port: o.port ?? 0, host: o.host ?? '127.0.0.1', api, inspection, hooks: createHooks(o), calls, faults, onClose: () => (saved.close(), deliveries.close()) });
  return {
    url: server.url,
    port: server.port,
    publicKeyPem: key.publicKeyPem,
    currentPublicKeyPem: () => key.publicKeyPem,
    setWebhookUrl: (url) => {
      checkUrl(url, auth);
      webhookUrl = url;
    },
    close: () => server.close(),
  };
}
