/**
 * HubSpot's format check of a contact's e-mail address, the one behind INVALID_EMAIL. HubSpot checks the format only,
 * never whether the mailbox exists: the address must be valid per RFC 2822, its local part may not be quoted, and its
 * domain must end in a TLD from IANA's list (Unicode TLDs included, so `user@email.삼성` passes) [T: HubSpot Community,
 * "contacts integration - invalid e-mails", community.hubspot.com/t5/APIs-Integrations/contacts-integration-invalid-e-mails/td-p/833439,
 * accepted answer; the refused `tb.tb@yahoo.comtttt` in the same thread shows the TLD check at work].
 *
 * The sandbox does not carry IANA's list: any label of two or more letters (or an `xn--` punycode label) counts as a
 * TLD. So `…@yahoo.comtttt` and the reserved `.example` and `.test` pass here, where HubSpot refuses them [?]. The
 * length caps are RFC 5321's; whether HubSpot applies them is not in our sources [?].
 */

/** RFC 2822 `atext`: what a dot-atom local part may hold besides the dots between its words. */
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*$`);
/** A domain label: letters (any script), digits and inner hyphens. */
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TLD = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

const MAX_LOCAL_LENGTH = 64;
const MAX_ADDRESS_LENGTH = 254;

/** Why HubSpot would refuse `address` as a contact's e-mail (surrounding blanks ignored), or undefined when it accepts it. */
export function hubspotEmailProblem(address: string): string | undefined {
  const value = address.trim();
  if (value.length > MAX_ADDRESS_LENGTH) return `longer than ${MAX_ADDRESS_LENGTH} characters`;
  const at = value.lastIndexOf('@');
  if (at < 0) return 'no @';
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.includes('"')) return 'a quoted local part';
  if (local === '' || local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) return 'an invalid local part';
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return 'an invalid domain';
  if (!TLD.test(labels[labels.length - 1] ?? '')) return 'a domain that does not end in a top-level domain';
  return undefined;
}
