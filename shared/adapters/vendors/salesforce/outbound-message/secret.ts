import { z } from 'zod';

const token = z.string().min(24, 'must be at least 24 characters: it is the only credential an Outbound Message carries').regex(/^[A-Za-z0-9_-]+$/, 'must be URL-safe (letters, digits, - and _): it travels in the endpoint URL');

/**
 * The Outbound Message keys of the `syncline/salesforce` secret. The same secret holds the OAuth fields the CRM side
 * reads; `z.object` ignores (strips) keys it does not name, so this schema only picks its own.
 */
export const SalesforceOutboundSecret = z.object({
  /** The org that may send: 15 or 18 characters (Setup → Company Information). */
  organizationId: z.string().regex(/^00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/, 'must be a 15- or 18-character org id starting 00D'),
  /** The `token` query parameter of the endpoint URL configured on each Outbound Message. */
  outboundMessageToken: token,
  /** During a rotation, the previous token is still accepted. */
  previousOutboundMessageToken: token.optional(),
});
export type SalesforceOutboundSecret = z.infer<typeof SalesforceOutboundSecret>;
