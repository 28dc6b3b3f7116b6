import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/**
 * Issues and checks the bearer JWTs of `POST /authenticate` (vendor-apis §3): really signed (HS256 with a key only
 * this sandbox holds), `exp` 60 minutes after issue by default. A `token-expiry` fault bumps a generation counter:
 * every token issued before it is refused from then on, as if it had expired.
 */
export class JwtIssuer {
  readonly #key: Uint8Array;
  #generation = 0;

  constructor(
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
    key?: Uint8Array,
  ) {
    this.#key = key ?? randomBytes(32);
  }

  /** A signed token for `username`. */
  async issue(username: string): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    return new SignJWT({ username, gen: this.#generation })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('zoominfo-sandbox')
      .setAudience('enterprise_api')
      .setSubject(username)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.lifetimeSeconds)
      .sign(this.#key);
  }

  /** True for a token this sandbox signed, not expired and not revoked by a `token-expiry` fault. */
  async isValid(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        issuer: 'zoominfo-sandbox',
        audience: 'enterprise_api',
        currentDate: new Date(this.now()),
        clockTolerance: 0,
      });
      return payload['gen'] === this.#generation;
    } catch {
      return false;
    }
  }

  /** Revokes every token issued so far. */
  expireAll(): void {
    this.#generation += 1;
  }
}
