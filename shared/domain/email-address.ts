/**
 * Whether a CRM will take an e-mail address, judged as that CRM judges it, so a change carrying an address the
 * target refuses is quarantined before the write instead of failing at the vendor. The rules refuse only what the
 * vendor is documented to refuse, never more: an address that slips through is still refused by the vendor, and
 * that answer is quarantined too.
 *
 * Salesforce (Help "Salesforce Email Address Format Technical Standards Validation", article 000384328, and "How does
 * Salesforce qualify an email address?", 000001145; error INVALID_EMAIL_ADDRESS):
 * - the local part takes letters, digits and ``!#$%&'*+-/=?^_`{|}~.``, or is a quoted string (RFC 5322), and
 *   non-Latin characters (Email Address Internationalization);
 * - it may not begin with a dot, but may hold `..` and end with a dot (a divergence from the RFC kept for Japanese
 *   providers);
 * - the domain takes letters, digits, `-` and dots between non-empty labels (and internationalized labels);
 * - comments in parentheses are allowed and ignored.
 *
 * HubSpot (HubSpot Community, "contacts integration - invalid e-mails", answer by a HubSpot guide; error INVALID_EMAIL
 * in "Property values were not valid"): an RFC 2822 address, and also
 * - no quoted local part;
 * - the domain ends in a top-level domain of the IANA list (Unicode TLDs included). The list is not kept here: a
 *   TLD must look like one (two or more letters, an `xn--` A-label, or a non-ASCII label); a well-formed TLD that is
 *   not delegated passes and is refused by HubSpot itself.
 *
 * Any other target: refused only when both rules refuse it. Length limits (Salesforce's 80-character Email field)
 * are field lengths, not address syntax, and are left to the target's STRING_TOO_LONG.
 */

/** RFC 5322 §3.2.3 atext, plus the dot of a dot-atom. */
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]$/u;
/** A non-ASCII letter, mark or digit: internationalized addresses (RFC 6531) and domains (IDNA). */
const INTERNATIONAL = /^[\p{L}\p{M}\p{N}]$/u;
/** An RFC 5322 comment at either end of a part: `john.doe(work)` or `(home)example.com`. */
const COMMENTS = /^\([^()"]*\)|\([^()"]*\)$/gu;

type Rules = 'salesforce' | 'hubspot';

const isInternational = (c: string) => c.codePointAt(0)! > 0x7f && INTERNATIONAL.test(c);

/** The local part and domain, split at the `@` that ends the local part (a quoted one may hold `@`). */
function split(address: string): { local: string; domain: string } | string {
  if (address.startsWith('"')) {
    const close = /^"(?:[^"\\]|\\.)*"/u.exec(address);
    if (!close) return 'the quoted local part is not closed';
    if (address.charAt(close[0].length) !== '@') return 'the quoted local part is not followed by @';
    return { local: close[0], domain: address.slice(close[0].length + 1) };
  }
  const at = address.indexOf('@');
  if (at === -1) return 'it has no @';
  if (address.indexOf('@', at + 1) !== -1) return 'it has more than one @';
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

function localProblem(local: string, rules: Rules): string | undefined {
  if (local === '') return 'the local part (before the @) is empty';
  if (local.startsWith('"')) return rules === 'hubspot' ? 'a quoted local part is not accepted' : undefined;
  if ([...local].some((c) => !ATEXT.test(c) && !isInternational(c))) return 'the local part has a character other than letters, digits and !#$%&\'*+-/=?^_`{|}~.';
  if (local.startsWith('.')) return 'the local part begins with a dot';
  // Salesforce allows `..` and a trailing dot; an RFC 2822 dot-atom (HubSpot) does not.
  if (rules === 'hubspot' && (local.endsWith('.') || local.includes('..'))) return 'the local part ends with a dot or has two dots in a row';
  return undefined;
}

function domainProblem(domain: string, rules: Rules): string | undefined {
  if (domain === '') return 'the domain (after the @) is empty';
  const labels = domain.split('.');
  if (labels.some((l) => l === '')) return 'the domain has an empty label (a leading, trailing or doubled dot)';
  const allowed = rules === 'salesforce' ? /^[A-Za-z0-9-]$/u : ATEXT;
  if ([...domain.replaceAll('.', '')].some((c) => !allowed.test(c) && !isInternational(c))) {
    return rules === 'salesforce' ? 'the domain has a character other than letters, digits, - and dots' : 'the domain has a character an address may not hold';
  }
  if (rules === 'hubspot') {
    const tld = labels.at(-1) ?? '';
    const looksLikeTld = /^[A-Za-z]{2,63}$/u.test(tld) || /^xn--[A-Za-z0-9-]+$/iu.test(tld) || [...tld].every(isInternational);
    if (labels.length < 2 || !looksLikeTld) return 'the domain does not end in a top-level domain';
  }
  return undefined;
}

function problemUnder(rules: Rules, raw: string): string | undefined {
  // Surrounding blanks are what every mapping trims; whitespace inside an unquoted address is refused below.
  const address = raw.trim();
  if (address === '') return 'it is blank';
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(address)) return 'it has a control character';
  const parts = split(address);
  if (typeof parts === 'string') return parts;
  const local = parts.local.startsWith('"') ? parts.local : parts.local.replace(COMMENTS, '');
  if (/\s/u.test(local.startsWith('"') ? '' : local) || /\s/u.test(parts.domain)) return 'it has a space';
  return localProblem(local, rules) ?? domainProblem(parts.domain.replace(COMMENTS, ''), rules);
}

/**
 * Why `target` would refuse `address`, in a sentence that does not repeat the address (it may go to logs), or
 * `undefined` when it would take it. `salesforce` and `hubspot` have their own rules (see the module comment);
 * any other target refuses only what both refuse.
 */
export function emailAddressProblem(address: string, target: string): string | undefined {
  if (target === 'salesforce' || target === 'hubspot') return problemUnder(target, address);
  const salesforce = problemUnder('salesforce', address);
  return salesforce !== undefined && problemUnder('hubspot', address) !== undefined ? salesforce : undefined;
}
