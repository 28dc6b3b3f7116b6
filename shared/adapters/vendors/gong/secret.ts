import { z } from 'zod';

const Pem = z.string().regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, 'expected the rule\'s public key as an SPKI PEM ("-----BEGIN PUBLIC KEY-----")');

/**
 * What the `syncline/gong` secret holds. A Gong webhook rule authenticates in one of two ways (help.gong.io
 * "Create a webhook rule"): a signed JWT header (copy the rule's public key here) or a random token inside the URL.
 * `mode` picks one; without it every configured check applies. With neither configured the secret does not parse,
 * so a misconfigured source fails closed (the webhook function answers 503 and Gong keeps the delivery).
 */
export const GongSecret = z
  .object({
    mode: z.enum(['jwt', 'url-token']).optional(),
    /** The rule's RSA public key (Show public key), PEM. */
    publicKey: Pem.optional(),
    /** During a key change, the previous rule's public key is still accepted. */
    previousPublicKey: Pem.optional(),
    /** The `token` query parameter of the rule's destination URL (at least 32 characters). */
    urlToken: z.string().min(32, 'a URL token must be at least 32 characters').optional(),
  })
  .superRefine((s, ctx) => {
    if (!s.publicKey && !s.urlToken) ctx.addIssue({ code: 'custom', message: 'configure publicKey (signed JWT header) or urlToken (URL includes key)' });
    if (s.mode === 'jwt' && !s.publicKey) ctx.addIssue({ code: 'custom', path: ['publicKey'], message: 'mode "jwt" needs publicKey' });
    if (s.mode === 'url-token' && !s.urlToken) ctx.addIssue({ code: 'custom', path: ['urlToken'], message: 'mode "url-token" needs urlToken' });
    if (s.previousPublicKey && !s.publicKey) ctx.addIssue({ code: 'custom', path: ['previousPublicKey'], message: 'previousPublicKey needs publicKey' });
  });
export type GongSecret = z.infer<typeof GongSecret>;

/**
 * What the `syncline/gong-api` secret holds: the API's access key and secret (Gong's API page, "Create"), for reading
 * calls in full (an initial sync and the daily reconciliation of activities). A secret of its own, so that the
 * webhook function, which faces the internet, never holds a key that reads every call. Without it calls arrive only
 * by webhook.
 */
export const GongApiSecret = z.object({
  accessKey: z.string().min(1),
  accessKeySecret: z.string().min(1),
  /** The company's API base URL (shown on Gong's API page, e.g. `https://us-12345.api.gong.io`). */
  baseUrl: z.url().optional(),
});
export type GongApiSecret = z.infer<typeof GongApiSecret>;
