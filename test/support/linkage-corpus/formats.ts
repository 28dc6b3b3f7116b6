import type { Country } from '#test/support/linkage-corpus/pools';

/**
 * How the corpus writes the values a contact's fields hold: e-mail local parts at a company domain, telephone numbers,
 * websites. Originals and duplicates both use these; a duplicate differs by choosing another way of writing.
 */

/**
 * Local-part formats of work e-mail at one company domain. Weights are the corpus' share of companies using each.
 * Sources: a hand count of one consultant's business contacts (ankurandgenny.com, "E-mail SMTP questions": flast 27,
 * first.last 16, first 6, first.m.last 4, firstl 2, lastf 2) and an e-mail-finder vendor's estimate (mailsfinder.com,
 * "How to format an email address", 2026: about 60% first.last, 25% first@, flast@ or first.l@); email-validate.com
 * lists first_last, last.first and f.last among the usual patterns. The shares blend these and are an assumption. [?]
 */
export const EMAIL_FORMATS = {
  'first.last': { weight: 45, render: (f: string, l: string) => `${f}.${l}` },
  flast: { weight: 22, render: (f: string, l: string) => `${f[0]}${l}` },
  'f.last': { weight: 6, render: (f: string, l: string) => `${f[0]}.${l}` },
  first: { weight: 7, render: (f: string) => f },
  firstlast: { weight: 6, render: (f: string, l: string) => `${f}${l}` },
  first_last: { weight: 5, render: (f: string, l: string) => `${f}_${l}` },
  firstl: { weight: 4, render: (f: string, l: string) => `${f}${l[0]}` },
  'last.first': { weight: 3, render: (f: string, l: string) => `${l}.${f}` },
  lastf: { weight: 2, render: (f: string, l: string) => `${l}${f[0]}` },
} as const satisfies Record<string, { weight: number; render: (first: string, last: string) => string }>;

export type EmailFormat = keyof typeof EMAIL_FORMATS;
export const EMAIL_FORMAT_NAMES = Object.keys(EMAIL_FORMATS) as EmailFormat[];
export const EMAIL_FORMAT_WEIGHTS = EMAIL_FORMAT_NAMES.map((f) => EMAIL_FORMATS[f].weight);

/** Formats that keep the whole given name and surname: an alias in one of them cannot be a colleague's address. */
export const LOSSLESS_EMAIL_FORMATS: readonly EmailFormat[] = ['first.last', 'firstlast', 'first_last', 'last.first'];

/**
 * A name as it appears in a mailbox name: lower case, German umlauts transliterated (ü → ue, the DIN 5007-2 / ICAO
 * 9303 convention), other accents dropped, spaces and apostrophes removed ("Van der Berg" → "vanderberg").
 */
export function mailboxName(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[^a-z]/g, '');
}

export function renderEmail(format: EmailFormat, first: string, last: string, domain: string, disambiguator = ''): string {
  return `${EMAIL_FORMATS[format].render(mailboxName(first), mailboxName(last))}${disambiguator}@${domain}`;
}

/** A telephone number held as digits; how it is written is chosen when a record is made. */
export interface PhoneNumber {
  readonly country: Country;
  readonly area: string;
  readonly subscriber: string;
  readonly extension?: string;
}

export const PHONE_STYLES = ['e164', 'international', 'national', 'dashes', 'dots', 'digits'] as const;
export type PhoneStyle = (typeof PHONE_STYLES)[number];

/** Extension spellings: "x123" and "ext. 123" are usual in typed CRM data [?]; ";ext=" is RFC 3966's tel URI form. [C] */
const EXTENSION_STYLES = [(e: string) => ` x${e}`, (e: string) => ` ext. ${e}`, (e: string) => ` ext ${e}`, (e: string) => `;ext=${e}`, (e: string) => ` #${e}`];

function nationalGrouped(p: PhoneNumber): string {
  const { area, subscriber } = p;
  const trunk = p.country.phone.trunk;
  switch (p.country.key) {
    case 'US':
    case 'CA':
      return `(${area}) ${subscriber.slice(0, 3)}-${subscriber.slice(3)}`;
    case 'GB':
      return `${trunk}${area} ${subscriber.slice(0, 3)} ${subscriber.slice(3)}`;
    case 'FR': {
      const nsn = `${area}${subscriber}`;
      return `${trunk}${nsn.slice(0, 1)} ${nsn.slice(1).match(/../g)?.join(' ') ?? ''}`;
    }
    case 'AU':
      return `(${trunk}${area}) ${subscriber.slice(0, 4)} ${subscriber.slice(4)}`;
    case 'DE':
      return `${trunk}${area} ${subscriber}`;
  }
}

/** Writes `p` in `style`; `extensionStyle` indexes the extension spellings when the number has one. */
export function formatPhone(p: PhoneNumber, style: PhoneStyle, extensionStyle = 0): string {
  const { cc, trunk } = p.country.phone;
  const nsn = `${p.area}${p.subscriber}`;
  const half = Math.ceil(p.subscriber.length / 2) - (p.subscriber.length === 7 ? 1 : 0);
  const [s1, s2] = [p.subscriber.slice(0, half), p.subscriber.slice(half)];
  const body = {
    e164: `+${cc}${nsn}`,
    international: `+${cc} ${p.area} ${s1} ${s2}`,
    national: nationalGrouped(p),
    dashes: `${trunk}${p.area}-${s1}-${s2}`,
    dots: `${trunk}${p.area}.${s1}.${s2}`,
    digits: `${trunk}${nsn}`,
  }[style];
  const ext = p.extension ? (EXTENSION_STYLES[extensionStyle % EXTENSION_STYLES.length] as (e: string) => string)(p.extension) : '';
  return `${body}${ext}`;
}

export const EXTENSION_STYLE_COUNT = EXTENSION_STYLES.length;

/** Ways a website is typed into a CRM; all name one host. */
export const WEBSITE_STYLES = [
  (d: string) => `https://www.${d}`,
  (d: string) => `http://www.${d}`,
  (d: string) => `www.${d}`,
  (d: string) => d,
  (d: string) => `https://${d}/`,
  (d: string) => `https://www.${d}/`,
] as const;
