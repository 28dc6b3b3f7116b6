const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-character case-safe suffix of a 15-character Salesforce id (one bit per upper-case letter per 5 characters). */
function suffixOf(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/**
 * A Salesforce record id of the object whose key prefix is `keyPrefix` (`006` Opportunity, `003` Contact, `001`
 * Account), as 18 characters; undefined when `id` is not one. A 15-character id gains its suffix (Gong may carry
 * either form) and an 18-character one must carry the right suffix, so a mistyped id cannot pass as another record.
 */
export function salesforceId(id: string, keyPrefix: string): string | undefined {
  if (!id.startsWith(keyPrefix)) return undefined;
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return id + suffixOf(id);
  if (/^[a-zA-Z0-9]{18}$/.test(id) && id.slice(15).toUpperCase() === suffixOf(id.slice(0, 15))) return id;
  return undefined;
}
