/**
 * Countries for identity resolution: whatever a CRM's country field holds becomes one ISO 3166-1 alpha-2 code.
 *
 * Only the English locale is registered. The package's Node entry point (`main`) registers all ~80 locales and
 * would put them all in every Lambda bundle, so we import the locale-free module and register English ourselves.
 * The JSON import attribute is understood by TypeScript (resolveJsonModule), Vite (Vitest) and esbuild alike.
 */
import { getAlpha2Codes, getNames, registerLocale } from 'i18n-iso-countries/index.js';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { foldAccents } from '#domain/normalize/person-name';

registerLocale(english);

/**
 * Spellings people use that the English locale lacks: abbreviations, constituent countries, former and
 * native names. Keys are written as {@link countryKey} would spell them.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  US: ['us', 'usa', 'u s', 'u s a', 'america', 'united states', 'united states of america', 'us of a', 'unitedstates'],
  GB: ['uk', 'u k', 'great britain', 'britain', 'england', 'scotland', 'wales', 'northern ireland', 'united kingdom of great britain and northern ireland'],
  DE: ['deutschland', 'federal republic of germany', 'brd'],
  NL: ['holland', 'nederland'],
  KR: ['korea', 'south korea', 'korea south', 'korea republic of', 'rok'],
  KP: ['north korea', 'korea north', 'dprk', 'democratic peoples republic of korea', 'korea democratic peoples republic of'],
  RU: ['russia', 'rossiya'],
  CZ: ['czech republic', 'czechia'],
  VN: ['viet nam'],
  IR: ['iran', 'iran islamic republic of'],
  SY: ['syria'],
  LA: ['laos', 'lao pdr'],
  MD: ['moldova'],
  BO: ['bolivia plurinational state of'],
  VE: ['venezuela bolivarian republic of'],
  TZ: ['tanzania united republic of'],
  PS: ['palestine state of'],
  TW: ['taiwan', 'republic of china', 'roc'],
  CN: ['prc', 'peoples republic of china', 'mainland china', 'zhongguo'],
  MK: ['macedonia', 'fyrom', 'macedonia the former yugoslav republic of'],
  CI: ['ivory coast', 'cote divoire'],
  CV: ['cabo verde'],
  SZ: ['swaziland'],
  MM: ['burma'],
  TL: ['east timor'],
  VA: ['vatican', 'vatican city', 'holy see'],
  BN: ['brunei'],
  AE: ['uae', 'u a e', 'emirates'],
  HK: ['hongkong'],
  MO: ['macau', 'macao'],
  ES: ['espana'],
  BR: ['brasil'],
  CH: ['schweiz', 'suisse', 'svizzera'],
  AT: ['osterreich'],
  IT: ['italia'],
  SE: ['sverige'],
  NO: ['norge'],
  DK: ['danmark'],
  FI: ['suomi'],
  PL: ['polska'],
  BE: ['belgique', 'belgie'],
  GR: ['hellas'],
  TR: ['turkiye'],
  IE: ['eire', 'republic of ireland'],
  JP: ['nippon', 'nihon'],
  SA: ['ksa', 'saudi'],
  CD: ['drc', 'dr congo', 'congo kinshasa', 'democratic republic of congo', 'congo the democratic republic of the'],
  CG: ['congo brazzaville', 'republic of congo'],
  FM: ['micronesia'],
  BA: ['bosnia'],
  VG: ['bvi', 'british virgin islands'],
  VI: ['usvi'],
  ZA: ['rsa'],
};

const JOINERS = /[.'`´‘’ʼ]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/** The lookup spelling of a country text: folded, dots and apostrophes removed, `&` → and, no leading "the". */
function countryKey(text: string): string {
  const spaced = foldAccents(text.replace(JOINERS, '')).replaceAll('&', ' and ').replace(NOT_LETTER_OR_DIGIT, ' ').trim();
  return spaced.startsWith('the ') ? spaced.slice(4) : spaced;
}

/** `Korea, Republic of` is also looked up as `Republic of Korea`; `Virgin Islands, U.S.` as `U.S. Virgin Islands`. */
function spellingsOf(name: string): string[] {
  const comma = name.indexOf(',');
  return comma === -1 ? [name] : [name, `${name.slice(comma + 1)} ${name.slice(0, comma)}`];
}

/**
 * Key → alpha-2, built once at module load (about 1,400 entries, fixed). A key two countries share (`Congo`) maps
 * to `null`: guessing would file records under the wrong country. Later sources win: names, then codes, then aliases.
 */
function buildIndex(): ReadonlyMap<string, string | null> {
  const index = new Map<string, string | null>();
  for (const [alpha2, names] of Object.entries(getNames('en', { select: 'all' }))) {
    for (const key of names.flatMap(spellingsOf).map(countryKey)) {
      const known = index.get(key);
      index.set(key, known === undefined || known === alpha2 ? alpha2 : null);
    }
  }
  for (const [alpha2, alpha3] of Object.entries(getAlpha2Codes())) {
    index.set(alpha3.toLowerCase(), alpha2);
    index.set(alpha2.toLowerCase(), alpha2);
  }
  for (const [alpha2, keys] of Object.entries(ALIASES)) for (const key of keys) index.set(key, alpha2);
  return index;
}

const COUNTRIES = buildIndex();

/**
 * The ISO 3166-1 alpha-2 code (uppercase) of a country field's value. Accepts alpha-2 and alpha-3 codes, English
 * names including official and short forms (`Russian Federation`, `Czechia`), and common aliases (`USA`, `U.S.A.`,
 * `America`, `UK`, `England`, `Holland`, `Deutschland`, `South Korea`), ignoring case, accents, punctuation and a
 * leading "the" (`the Netherlands`). England, Scotland, Wales and Northern Ireland give `GB`: ISO has one code for
 * the United Kingdom.
 *
 * @returns the code, or `undefined` for text that names no country or names two (`Congo`).
 */
export function countryCode(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  return COUNTRIES.get(countryKey(raw)) ?? undefined;
}
