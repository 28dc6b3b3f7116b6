/**
 * E-mail normalization for identity resolution: one spelling per address (`normalizeEmail`) and a looser
 * match key that sees through sub-addressing and Gmail's ignored dots (`emailMatchKey`).
 */

/**
 * Characters that never appear in an unquoted address (RFC 5322 §3.4.1 "specials" and whitespace). Quoted local
 * parts (`"a b"@x.com`) are legal but are not seen in CRM data; refusing them keeps the key simple.
 */
const FORBIDDEN = /[\s<>()[\]\\,;:"@]/;

/** Gmail ignores dots in the local part and treats googlemail.com as gmail.com (Google Account Help, "Dots don't matter in Gmail addresses"). */
const GMAIL_DOMAINS: ReadonlySet<string> = new Set(['gmail.com', 'googlemail.com']);

/** Removes the wrappers address fields pick up from copy-paste: `mailto:`, `Name <addr>`, `<addr>`. */
function unwrap(text: string): string {
  let s = text;
  const open = s.endsWith('>') ? s.lastIndexOf('<') : -1;
  if (open !== -1) s = s.slice(open + 1, -1).trim();
  if (s.length > 7 && s.slice(0, 7).toLowerCase() === 'mailto:') s = s.slice(7).trim();
  return s;
}

/** Whether `domain` is dot-separated non-empty labels, at least two of them, with no forbidden character. */
function plausibleDomain(domain: string): boolean {
  if (domain.length < 3 || FORBIDDEN.test(domain)) return false;
  if (domain.startsWith('.') || domain.endsWith('.') || domain.includes('..')) return false;
  return domain.includes('.');
}

/**
 * The one spelling of an e-mail address: surrounding whitespace, `mailto:` and angle brackets (`Jane <jane@x.com>`)
 * removed, lowercased. Lowercasing the local part is technically lossy (RFC 5321 lets it be case-sensitive) but no
 * mainstream provider treats it so, and CRMs already compare addresses case-insensitively.
 *
 * @returns the address, or `undefined` when the text is not a plausible address: exactly one `@`, a non-empty local
 * part, a domain of at least two non-empty labels, and no whitespace or RFC 5322 specials.
 */
export function normalizeEmail(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const address = unwrap(raw.trim()).toLowerCase();
  const at = address.indexOf('@');
  if (at <= 0 || at !== address.lastIndexOf('@')) return undefined;
  if (FORBIDDEN.test(address.slice(0, at)) || !plausibleDomain(address.slice(at + 1))) return undefined;
  return address;
}

/**
 * The domain of an address (after {@link normalizeEmail}), e.g. `acme.com` for `Jane@ACME.com`.
 *
 * @returns the lowercase domain, or `undefined` when the text is not a plausible address.
 */
export function emailDomain(email: string | null | undefined): string | undefined {
  const address = normalizeEmail(email);
  return address === undefined ? undefined : address.slice(address.indexOf('@') + 1);
}

/**
 * A match key for an address, for comparing records only: never store it or write it back to a CRM.
 * On top of {@link normalizeEmail} it drops a `+tag` from the local part on every domain (sub-addressing,
 * RFC 5233, which Gmail, Outlook.com, iCloud, Fastmail and Proton all honour), and for gmail.com and
 * googlemail.com it removes the dots from the local part and spells the domain gmail.com.
 * `Jane.Doe+crm@googlemail.com` and `janedoe@gmail.com` share the key `janedoe@gmail.com`.
 *
 * A local part that starts with `+` keeps it: there would be nothing left to match on.
 *
 * @returns the key, or `undefined` when the text is not a plausible address.
 */
export function emailMatchKey(raw: string | null | undefined): string | undefined {
  const address = normalizeEmail(raw);
  if (address === undefined) return undefined;
  const at = address.indexOf('@');
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    domain = 'gmail.com';
    if (local.includes('.')) local = local.replaceAll('.', '');
    // "...@gmail.com" has no account: keep the address as normalized rather than key on an empty local part.
    if (local.length === 0) return address;
  }
  return `${local}@${domain}`;
}
