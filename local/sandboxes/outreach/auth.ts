import { randomBytes } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../kit/index.ts';

/** The app and the user grant the sandbox accepts. */
export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Seconds an access token lives (Outreach: 7200, "tokens last 120 minutes" [T]). */
  tokenTtlSeconds: number;
}

/** Issued access tokens and when each expires. */
export class TokenStore {
  readonly #expiresAt = new Map<string, number>();

  constructor(
    private readonly config: OAuthClientConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Registers a token issued elsewhere (a start option), valid for the usual lifetime. */
  admit(token: string): void {
    this.#expiresAt.set(token, this.now() + this.config.tokenTtlSeconds * 1000);
  }

  /** True when `token` was issued here and has not expired. */
  isValid(token: string | undefined): boolean {
    if (token === undefined) return false;
    const expiresAt = this.#expiresAt.get(token);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Expires one token now (the kit's `token-expiry` fault). */
  expire(token: string | undefined): void {
    if (token !== undefined && this.#expiresAt.has(token)) this.#expiresAt.set(token, 0);
  }

  /** Expires every token (`POST /__sandbox/tokens/expire`). */
  expireAll(): void {
    for (const token of this.#expiresAt.keys()) this.#expiresAt.set(token, 0);
  }

  /**
   * `POST /oauth/token` with the `refresh_token` grant, form-encoded or JSON. Errors use the OAuth 2.0 shape
   * (`{error, error_description}`), not JSON:API. The same refresh token stays valid after use: whether Outreach
   * rotates refresh tokens is [?], and a connector that keeps its refresh token in a secret must not depend on it.
   */
  grant(req: SandboxRequest): SandboxResponse {
    const params = formOrJson(req);
    if (params.get('grant_type') !== 'refresh_token') {
      return oauthError(400, 'unsupported_grant_type', 'The sandbox supports the refresh_token grant only.');
    }
    if (params.get('client_id') !== this.config.clientId || params.get('client_secret') !== this.config.clientSecret) {
      return oauthError(401, 'invalid_client', 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.');
    }
    if (params.get('refresh_token') !== this.config.refreshToken) {
      return oauthError(400, 'invalid_grant', 'The provided authorization grant is invalid, expired, revoked, or was issued to another client.');
    }
    const accessToken = randomBytes(24).toString('base64url');
    this.admit(accessToken);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: this.config.tokenTtlSeconds,
        refresh_token: this.config.refreshToken,
        scope: 'prospects.all sequenceStates.all mailings.read calls.read webhooks.all',
        created_at: Math.floor(this.now() / 1000),
      },
      headers: { 'Cache-Control': 'no-store' },
    };
  }
}

function formOrJson(req: SandboxRequest): URLSearchParams {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('json')) {
    try {
      const body = JSON.parse(req.rawBody) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(req.rawBody);
}

function oauthError(status: number, error: string, description: string): SandboxResponse {
  return { status, body: { error, error_description: description } };
}

/** The bearer token of a request, if any. */
export function bearerToken(req: SandboxRequest): string | undefined {
  const header = req.headers.authorization ?? '';
  return /^Bearer /i.test(header) ? header.slice('Bearer '.length).trim() : undefined;
}
