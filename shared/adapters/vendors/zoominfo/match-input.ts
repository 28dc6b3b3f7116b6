import type { EnrichInput, EnrichKind } from '#ports/enricher';

const clean = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

function compact(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * The vendor input for one record, or `undefined` when it lacks a combination ZoomInfo can match on
 * (vendor-apis §3): a company needs a name or a website; a person an e-mail, or first + last name with a company.
 * A person's company goes along with the e-mail on purpose: someone who moved employers then comes back as a
 * partial match, and their new employer's data is not written onto the old record.
 */
export function toVendorInput(kind: EnrichKind, input: EnrichInput): Record<string, string> | undefined {
  // The vendor's own id names one record: nothing else is sent with it (vendor-apis §3: personId, companyId).
  const vendorId = clean(input.vendorId);
  if (vendorId) return kind === 'company' ? { companyId: vendorId } : { personId: vendorId };
  if (kind === 'company') {
    const companyName = clean(input.name);
    const companyWebsite = clean(input.domain);
    if (!companyName && !companyWebsite) return undefined;
    return compact({ companyName, companyWebsite, companyCountry: clean(input.country) });
  }
  const emailAddress = clean(input.email);
  const firstName = clean(input.firstName);
  const lastName = clean(input.lastName);
  const companyName = clean(input.company);
  if (!emailAddress && !(firstName && lastName && companyName)) return undefined;
  return compact({ emailAddress, firstName, lastName, companyName });
}
