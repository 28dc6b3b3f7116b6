import type { ContactFields } from '#test/support/dedupe-corpus/generate';
import {
  EMAIL_FORMAT_NAMES, EXTENSION_STYLE_COUNT, LOSSLESS_EMAIL_FORMATS, PHONE_STYLES, WEBSITE_STYLES,
  formatPhone, renderEmail, type EmailFormat, type PhoneNumber,
} from '#test/support/linkage-corpus/formats';
import { NICKNAMES } from '#test/support/linkage-corpus/nicknames';
import { COMPANY_ABBREVIATIONS, NAME_VARIANTS, type Country } from '#test/support/linkage-corpus/pools';
import type { Rng } from '#test/support/linkage-corpus/random';

/**
 * The variation catalogue: what differs between a duplicate and its original. Each class is drawn independently per
 * duplicate with its `rate` (FEBRL's model: several modifications per duplicate record, each class with its own
 * probability — Christen, "Probabilistic data generation for deduplication and data linkage", IDEAL 2005, and the
 * FEBRL dsgen/generate.py field dictionaries), except the three e-mail classes, of which at most one is drawn.
 * A duplicate that draws none gets one class picked in proportion to the rates, so every duplicate differs.
 * A class that does not apply (no phone to reformat) or that would break the evidence rule (evidence.ts) is skipped.
 */

/** A duplicate being built. */
export type Draft = { -readonly [K in keyof ContactFields]: ContactFields[K] };

/** What a variation may know about the real person behind the duplicate. */
export interface VariationContext {
  readonly rng: Rng;
  /** Canonical given name, lower case, a key of NICKNAMES. */
  readonly givenName: string;
  readonly surname: string;
  readonly country: Country;
  readonly phone: PhoneNumber | undefined;
  readonly companyDomain: string;
  readonly companyFormat: EmailFormat;
  readonly personalEmail: string;
  /** True when the person's own address is at a personal provider (no work address exists). */
  readonly personalPrimary: boolean;
  /** True when `email` belongs to another person at the company (an alias must not take it). */
  readonly emailTaken: (email: string) => boolean;
  /** False when the CRM stores addresses in lower case (HubSpot [?]), so an upper-cased address cannot occur. */
  readonly emailCaseKept: boolean;
}

interface VariationClass {
  readonly rate: number;
  readonly source: string;
  readonly apply: (draft: Draft, ctx: VariationContext) => boolean;
}

const capitalize = (s: string) => (s ? `${s[0]?.toUpperCase()}${s.slice(1)}` : s);

/** Matches the case of `model` (all caps, capitalised or lower) on `value`. */
function sameCase(model: string, value: string): string {
  if (model.length > 1 && model === model.toUpperCase()) return value.toUpperCase();
  return model[0] === model[0]?.toUpperCase() ? capitalize(value) : value;
}

// QWERTY neighbours: keys adjacent in the same row or touching in the row above or below (rows offset by a quarter
// and a half key, as on a staggered keyboard). Derived from the layout, as FEBRL's keyboard substitution is.
const ROWS = [['qwertyuiop', 0], ['asdfghjkl', 0.25], ['zxcvbnm', 0.75]] as const;
const NEIGHBOURS: Record<string, string> = {};
for (const [r, [keys, offset]] of ROWS.entries()) {
  for (let i = 0; i < keys.length; i++) {
    let near = '';
    for (const [r2, [keys2, offset2]] of ROWS.entries()) {
      if (Math.abs(r - r2) > 1) continue;
      for (let j = 0; j < keys2.length; j++) {
        const dx = Math.abs(i + offset - (j + offset2));
        if ((r === r2 && dx === 1) || (r !== r2 && dx < 1)) near += keys2[j];
      }
    }
    NEIGHBOURS[keys[i] as string] = near;
  }
}

function neighbour(rng: Rng, ch: string): string {
  const near = NEIGHBOURS[ch.toLowerCase()];
  if (!near) return ch;
  const out = rng.pick([...near]);
  return ch === ch.toUpperCase() ? out.toUpperCase() : out;
}

/** Typo position: Pollock and Zamora (1984, quoted in FEBRL generate.py) found the first letter wrong in 7.8% of misspellings. */
function typoPosition(rng: Rng, length: number): number {
  return rng.chance(0.078) ? 0 : 1 + rng.int(length - 1);
}

/** Damerau (1964, quoted in FEBRL generate.py): 59% substitutions, 16% deletions, 10% insertions, 2% transpositions. */
function keyboardTypo(value: string, rng: Rng): string {
  const i = typoPosition(rng, value.length);
  const ch = value[i] ?? '';
  const op = rng.weighted(['sub', 'del', 'ins', 'trans'] as const, [59, 16, 10, 2]);
  if (op === 'sub') return value.slice(0, i) + neighbour(rng, ch) + value.slice(i + 1);
  if (op === 'del') return value.slice(0, i) + value.slice(i + 1);
  if (op === 'ins') return value.slice(0, i + 1) + neighbour(rng, ch) + value.slice(i + 1);
  const j = Math.min(i + 1, value.length - 1);
  return i === j ? value : value.slice(0, i) + (value[j] ?? '') + ch + value.slice(j + 1);
}

/**
 * Character confusions of OCR (business-card scanners feed CRMs): a subset of FEBRL's dsgen/librules/lib_ocr_rules.txt
 * (m/rn, cl/d, w/vv, l/1/I, O/0, S/5, B/8, h/b, u/v, g/q) plus e/c, a frequent confusion in scanned text. [?]
 */
const OCR_CONFUSIONS: readonly (readonly [string, string])[] = [
  ['m', 'rn'], ['rn', 'm'], ['cl', 'd'], ['d', 'cl'], ['w', 'vv'], ['l', '1'], ['l', 'I'], ['I', 'l'], ['O', '0'], ['o', '0'],
  ['S', '5'], ['B', '8'], ['h', 'b'], ['b', 'h'], ['u', 'v'], ['v', 'u'], ['e', 'c'], ['g', 'q'], ['n', 'ri'],
];

function ocrError(value: string, rng: Rng): string {
  const options = OCR_CONFUSIONS.filter(([from]) => value.includes(from));
  if (options.length === 0) return value;
  const [from, to] = rng.pick(options);
  const positions: number[] = [];
  for (let i = value.indexOf(from); i >= 0; i = value.indexOf(from, i + 1)) positions.push(i);
  const at = rng.pick(positions);
  return value.slice(0, at) + to + value.slice(at + from.length);
}

/**
 * Sound-alike respellings when no listed variant pair fits: patterns of FEBRL generate2's phonetic rules
 * (dsgen/librules/lib_phonetic_rules.txt: ph/f, c/k, double letters, th/t, final y/ie, z/s) and -son/-sen. [?]
 */
const PHONETIC_RULES: readonly (readonly [RegExp, string])[] = [
  [/ph/, 'f'], [/ck/, 'k'], [/([bdfglmnprst])\1/, '$1'], [/y$/, 'ie'], [/ie$/, 'y'], [/c([aou])/, 'k$1'], [/th/, 't'],
  [/ei/, 'ie'], [/son$/, 'sen'], [/sen$/, 'son'], [/z/, 's'], [/mann$/, 'man'],
];

function phoneticVariant(value: string, rng: Rng): string {
  const lower = value.toLowerCase();
  const pairs = NAME_VARIANTS.filter(([a, b]) => a === lower || b === lower);
  if (pairs.length > 0) {
    const [a, b] = rng.pick(pairs);
    return sameCase(value, a === lower ? b : a);
  }
  const rules = PHONETIC_RULES.filter(([re]) => re.test(lower));
  if (rules.length === 0) return value;
  const [re, to] = rng.pick(rules);
  return sameCase(value, lower.replace(re, to));
}

function pickNameField(rng: Rng, draft: Draft): 'firstName' | 'lastName' {
  // FEBRL generate.py selects the surname a little more often than the given name (select_prob 0.15 vs 0.10).
  return rng.weighted(['firstName', 'lastName'] as const, [10, 15]) === 'firstName' && draft.firstName.length > 0 ? 'firstName' : 'lastName';
}

function changeField(draft: Draft, field: keyof Draft, value: string): boolean {
  if (value === draft[field]) return false;
  draft[field] = value;
  return true;
}

function companyVariant(company: string, rng: Rng, country: Country): string {
  const options: (() => string)[] = [];
  for (const spellings of country.legalForms) {
    for (const spelling of spellings) {
      if (!company.endsWith(` ${spelling}`)) continue;
      const stem = company.slice(0, -spelling.length - 1);
      options.push(() => stem, () => `${stem} ${rng.pick(spellings.filter((s) => s !== spelling))}`, () => `${stem}, ${spelling}`);
    }
  }
  if (!country.legalForms.some((forms) => forms.some((s) => company.endsWith(` ${s}`)))) {
    options.push(() => `${company} ${rng.pick(country.legalForms)[0]}`);
  }
  for (const [full, short] of COMPANY_ABBREVIATIONS) {
    if (company.includes(full)) options.push(() => company.replace(full, short));
  }
  options.push(() => company.toUpperCase(), () => `The ${company}`);
  return rng.pick(options)();
}

const EMAIL_CLASSES = ['email-alias', 'personal-email', 'missing-email'] as const;

export const VARIATIONS = {
  nickname: {
    rate: 0.1,
    source: 'carltonnorthern/nickname-and-diminutive-names-lookup (nicknames.ts); rate is an assumption [?]',
    apply: (d, ctx) => {
      if (d.firstName.toLowerCase() !== ctx.givenName) return false;
      return changeField(d, 'firstName', sameCase(d.firstName, ctx.rng.pick(NICKNAMES[ctx.givenName] ?? [ctx.givenName])));
    },
  },
  initial: {
    rate: 0.05,
    source: 'FEBRL/GeCo abbreviation of given names; rate is an assumption [?]',
    apply: (d, ctx) => d.firstName.toLowerCase() === ctx.givenName && changeField(d, 'firstName', `${ctx.givenName[0]?.toUpperCase()}${ctx.rng.chance(0.6) ? '.' : ''}`),
  },
  'phonetic-variant': {
    rate: 0.06,
    source: 'FEBRL generate2 pho_prob 0.30 on a field selected with p 0.10 (~0.03 per name field); variant pairs hand-listed (pools.ts)',
    apply: (d, ctx) => {
      const field = pickNameField(ctx.rng, d);
      const other = field === 'firstName' ? 'lastName' : 'firstName';
      return changeField(d, field, phoneticVariant(d[field], ctx.rng)) || changeField(d, other, phoneticVariant(d[other], ctx.rng));
    },
  },
  'ocr-error': {
    rate: 0.03,
    source: 'FEBRL generate2 ocr_prob and lib_ocr_rules.txt; GeCo OCR corruptor; rate raised from FEBRL 0.01 per field [?]',
    apply: (d, ctx) => {
      const field = pickNameField(ctx.rng, d);
      return changeField(d, field, ocrError(d[field], ctx.rng));
    },
  },
  'keyboard-typo': {
    rate: 0.25,
    source: 'FEBRL generate.py ins/del/sub/trans with keyboard neighbours; op mix from Damerau 1964; field mix from FEBRL select_prob',
    apply: (d, ctx) => {
      const field = ctx.rng.weighted(['firstName', 'lastName', 'company'] as const, [10, 15, 10]);
      return d[field].length >= 3 && changeField(d, field, keyboardTypo(d[field], ctx.rng));
    },
  },
  'swapped-names': {
    rate: 0.02,
    source: 'FEBRL val_swap/wrd_swap (0.02); given name and surname entered in each other\'s field',
    apply: (d) => {
      if (!d.firstName || !d.lastName || d.firstName === d.lastName) return false;
      [d.firstName, d.lastName] = [d.lastName, d.firstName];
      return true;
    },
  },
  'case-whitespace': {
    rate: 0.06,
    source: 'FEBRL spc_ins/spc_del; CRM imports in capitals or with stray spaces [?]',
    apply: (d, ctx) => {
      const pick = ctx.rng.int(4);
      if (pick === 0) return changeField(d, 'lastName', d.lastName.toUpperCase()) || changeField(d, 'firstName', d.firstName.toUpperCase());
      if (pick === 1) return changeField(d, 'firstName', d.firstName.toLowerCase()) || changeField(d, 'lastName', d.lastName.toLowerCase());
      if (pick === 2) return changeField(d, 'lastName', `${d.lastName} `);
      return d.email.length > 0 && ctx.emailCaseKept ? changeField(d, 'email', d.email.toUpperCase()) : changeField(d, 'firstName', ` ${d.firstName}`);
    },
  },
  'email-alias': {
    rate: 0.12,
    source: 'work address in another alias format at the same domain (formats.ts EMAIL_FORMATS); rate is an assumption [?]',
    apply: (d, ctx) => {
      if (ctx.personalPrimary || !d.email) return false;
      const given = ctx.rng.chance(0.3) ? ctx.rng.pick(NICKNAMES[ctx.givenName] ?? [ctx.givenName]) : ctx.givenName;
      const formats = EMAIL_FORMAT_NAMES.filter((f) => f !== ctx.companyFormat);
      for (const format of [ctx.rng.pick(formats), ctx.rng.pick(LOSSLESS_EMAIL_FORMATS)]) {
        const alias = renderEmail(format, given, ctx.surname, ctx.companyDomain);
        if (alias !== d.email.toLowerCase() && !ctx.emailTaken(alias)) return changeField(d, 'email', alias);
      }
      return false;
    },
  },
  'personal-email': {
    rate: 0.07,
    source: 'same person with a personal mailbox on one record and the work one on the other; rate is an assumption [?]',
    apply: (d, ctx) => !ctx.personalPrimary && d.email.length > 0 && changeField(d, 'email', ctx.personalEmail),
  },
  'phone-format': {
    rate: 0.3,
    source: 'E.164 (ITU-T) vs national writing with spaces, dashes, dots, parentheses (formats.ts); rate is an assumption [?]',
    apply: (d, ctx) => {
      const phone = ctx.phone;
      if (!phone || !d.phone) return false;
      for (let tries = 0; tries < 3; tries++) {
        if (changeField(d, 'phone', formatPhone(phone, ctx.rng.pick(PHONE_STYLES), ctx.rng.int(EXTENSION_STYLE_COUNT)))) return true;
      }
      return false;
    },
  },
  'phone-extension': {
    rate: 0.04,
    source: 'an extension added to or dropped from the same line (RFC 3966 ext, "x123"); rate is an assumption [?]',
    apply: (d, ctx) => {
      if (!ctx.phone || !d.phone) return false;
      const style = ctx.rng.pick(PHONE_STYLES);
      const number = ctx.phone.extension ? { ...ctx.phone, extension: undefined } : { ...ctx.phone, extension: String(100 + ctx.rng.int(900)) };
      return changeField(d, 'phone', formatPhone(number, style, ctx.rng.int(EXTENSION_STYLE_COUNT)));
    },
  },
  'company-variant': {
    rate: 0.18,
    source: 'legal-form spellings (Inc./Incorporated, Ltd/Limited, GmbH/G.m.b.H.), dropped legal form, Intl./International, case (pools.ts)',
    apply: (d, ctx) => d.company.length > 0 && changeField(d, 'company', companyVariant(d.company, ctx.rng, ctx.country)),
  },
  'website-variant': {
    rate: 0.1,
    source: 'scheme, www. and trailing slash typed differently, or the website left out; rate is an assumption [?]',
    apply: (d, ctx) => {
      if (d.website && ctx.rng.chance(0.3)) return changeField(d, 'website', '');
      return changeField(d, 'website', ctx.rng.pick(WEBSITE_STYLES)(ctx.companyDomain));
    },
  },
  'country-variant': {
    rate: 0.05,
    source: 'country typed as a name or a code (United States / USA / US); rate is an assumption [?]',
    apply: (d, ctx) => changeField(d, 'country', ctx.rng.pick(ctx.country.names.filter((n) => n !== d.country))),
  },
  'missing-email': {
    rate: 0.04,
    source: 'FEBRL miss_prob (0.02-0.10 per field); CRM contacts created from calls or events without an address [?]',
    apply: (d) => changeField(d, 'email', ''),
  },
  'missing-phone': {
    rate: 0.1,
    source: 'FEBRL phone_number miss_prob 0.05 raised: phone is the CRM field most often left empty [?]',
    apply: (d) => changeField(d, 'phone', ''),
  },
  'missing-company': {
    rate: 0.04,
    source: 'FEBRL miss_prob; HubSpot contacts whose Company Name property was never filled [?]',
    apply: (d) => changeField(d, 'company', ''),
  },
} as const satisfies Record<string, VariationClass>;

export type VariationName = keyof typeof VARIATIONS;
export const VARIATION_NAMES = Object.keys(VARIATIONS) as VariationName[];

/** The classes to try on one duplicate, in the order they are applied (rewrites before blanking, so a blanked field
 * does not hide a rewrite drawn for it). */
export function drawVariations(rng: Rng, keepEmail: boolean): VariationName[] {
  const drawn: VariationName[] = [];
  const u = rng.next();
  let acc = 0;
  let emailClass: VariationName | undefined;
  for (const name of EMAIL_CLASSES) {
    acc += VARIATIONS[name].rate;
    if (emailClass === undefined && u < acc) emailClass = name;
  }
  for (const name of VARIATION_NAMES) {
    if ((EMAIL_CLASSES as readonly string[]).includes(name)) {
      if (name === emailClass && !keepEmail) drawn.push(name);
    } else if (rng.chance(VARIATIONS[name].rate)) {
      drawn.push(name);
    }
  }
  if (drawn.length === 0) {
    const pool = VARIATION_NAMES.filter((n) => !keepEmail || !(EMAIL_CLASSES as readonly string[]).includes(n));
    drawn.push(rng.weighted(pool, pool.map((n) => VARIATIONS[n].rate)));
  }
  return drawn;
}
