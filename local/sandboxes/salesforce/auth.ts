import { createHmac, randomBytes } from 'node:crypto';

/**
 * The fake org and user ids in identity URLs. The user id carries the case-safe suffix of its first 15 characters
 * (ids.ts), as every real 18-character id does, so a lookup written with it (OwnerId, PermissionSetAssignment's
 * AssigneeId) is stored and read back unchanged.
 */
export const ORG_ID = '00DDn00000SYNCLAAA';
export const USER_ID = '005Dn000000001AIAQ';

/** Issues and checks access tokens for the OAuth refresh-token flow (vendor-apis §1.1). */
export class TokenIssuer {
  readonly #tokens = new Map<string, number>();

  /** @param ttlMs lifetime of every token issued or registered from now on. */
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Registers a token handed out outside the flow (the `accessToken` option). */
  register(token: string): void {
    this.#tokens.set(token, this.now() + this.ttlMs);
  }

  /** Issues a new token in Salesforce's `00D…!…` shape. */
  issue(): string {
    const token = `${ORG_ID.slice(0, 15)}!${randomBytes(40).toString('base64url')}`;
    this.register(token);
    return token;
  }

  /** True while the token is known and not expired. */
  isValid(token: string | undefined): boolean {
    if (!token) return false;
    const expiresAt = this.#tokens.get(token);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Invalidates one token (`POST /services/oauth2/revoke`); false when it was not known. */
  revoke(token: string): boolean {
    return this.#tokens.delete(token);
  }

  /** Invalidates every issued token (the `token-expiry` fault). */
  expireAll(): void {
    this.#tokens.clear();
  }
}

/** The token response body; `signature` is base64 HMAC-SHA256(clientSecret, id + issued_at) like the real one. */
export function tokenResponse(instanceUrl: string, accessToken: string, clientSecret: string, issuedAt: number): Record<string, string> {
  const id = `${instanceUrl}/id/${ORG_ID}/${USER_ID}`;
  const issued = String(issuedAt);
  return {
    access_token: accessToken,
    instance_url: instanceUrl,
    id,
    token_type: 'Bearer',
    issued_at: issued,
    signature: createHmac('sha256', clientSecret).update(id + issued).digest('base64'),
    scope: 'api refresh_token',
  };
}
