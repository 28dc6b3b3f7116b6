import { createHash } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

/** How `body_sha256` is written; Gong's own encoding is [?] (its Java sample hints hex), so both can be produced. */
export type BodyHashEncoding = 'hex' | 'base64';

/** The rule's RS256 key pair: the private half signs, the PEM of the public half is what Gong's UI shows. */
export interface RuleKey {
  privateKey: CryptoKey;
  publicKeyPem: string;
}

/** A fresh RSA key pair, as Gong makes one per rule. */
export async function generateRuleKey(): Promise<RuleKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  return { privateKey, publicKeyPem: await exportSPKI(publicKey) };
}

/**
 * The "Signed JWT header" token: RS256, claims `webhook_url` (the URL called), `body_sha256` (of the raw body),
 * `iat` and `exp` (claim names [T] from integrators; lifetime [?]).
 */
export async function signDelivery(key: RuleKey, url: string, body: string, options: { encoding: BodyHashEncoding; ttlSeconds: number; nowMs: number }): Promise<string> {
  const iat = Math.floor(options.nowMs / 1000);
  return new SignJWT({ webhook_url: url, body_sha256: createHash('sha256').update(body, 'utf8').digest(options.encoding) })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + options.ttlSeconds)
    .sign(key.privateKey);
}
