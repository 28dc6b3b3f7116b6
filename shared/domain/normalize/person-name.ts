/**
 * Person names for identity resolution: one folded spelling (`foldName`), nickname-aware comparison of given
 * names (`givenNameForms`, `sameGivenName`) and splitting a one-field full name (`splitFullName`).
 */
import { GIVEN_NAME_FORMS } from '#domain/normalize/nicknames';

/** Anything but printable ASCII: text without it needs no Unicode folding, only lowercasing (the fast path). */
const NOT_PLAIN_ASCII = /[^ -~]/;
/** Combining marks left behind by NFKD decomposition: the accents themselves. */
const MARKS = /\p{M}/gu;
/** Letters that carry their "accent" in the base character, so NFKD does not take them apart. */
const UNDECOMPOSABLE = /[ßæœøłđðþıħŧ]/g;
const UNDECOMPOSED: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't' };
/** Apostrophe look-alikes, including the acute accent and backtick people type for one. */
const APOSTROPHES = /['`´‘’ʹʻʼʽ＇]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/**
 * Lowercases and folds accents: compatibility decomposition (NFKD, so `ﬁ` → `fi` and `Ⅻ` → `xii`), combining
 * marks dropped, and the letters NFKD cannot split spelled out in ASCII (`ß` → `ss`, `ø` → `o`, `ł` → `l`).
 * Other scripts pass through lowercased. `Zoë Ødegård` → `zoe odegard`.
 */
export function foldAccents(text: string): string {
  if (!NOT_PLAIN_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(MARKS, '')
    .replace(UNDECOMPOSABLE, (ch) => UNDECOMPOSED[ch] ?? ch);
}

/**
 * A person's name (or one part of it) folded for comparison: accents folded and lowercased ({@link foldAccents}),
 * apostrophes removed so that `O'Brien`, `O’Brien` and `OBrien` all give `obrien`, and every other run of
 * punctuation or whitespace turned into one space, so that a hyphen separates: `Jean-Luc` and `Jean Luc` both give
 * `jean luc` (double-barrelled names are written both ways in CRM data; written together, `JeanLuc`, they differ).
 *
 * @returns the folded name, or `undefined` when no letter or digit remains.
 */
export function foldName(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  // Apostrophes go before folding (NFKD turns `´` into a space and an accent) and after it (NFKD turns `ŉ` into `ʼn`).
  const folded = foldAccents(raw.replace(APOSTROPHES, '')).replace(APOSTROPHES, '').replace(NOT_LETTER_OR_DIGIT, ' ').trim();
  return folded.length === 0 ? undefined : folded;
}

const NO_FORMS: ReadonlySet<string> = new Set();

/**
 * The formal names a given name may stand for, folded, from the curated nickname table: `Bobby` → {robert},
 * `Chris` → {christopher, kristopher, christina, kristina, christine, kristine}, `Steven` → {steven, stephen}.
 * A name the table does not know stands for itself (`Xavier` → {xavier}); a blank name stands for nothing.
 */
export function givenNameForms(raw: string | null | undefined): ReadonlySet<string> {
  const folded = foldName(raw);
  if (folded === undefined) return NO_FORMS;
  return GIVEN_NAME_FORMS.get(folded) ?? new Set([folded]);
}

/**
 * Whether two given names may be the same person's: their {@link givenNameForms} intersect. `Bob` and `Robert`,
 * `Liz` and `Beth` (both elizabeth), `Stephen` and `Steve` are; `Robert` and `Richard` are not, nor is a blank name
 * the same as anything. Allocates nothing beyond the two folded strings.
 */
export function sameGivenName(a: string | null | undefined, b: string | null | undefined): boolean {
  const fa = foldName(a);
  const fb = foldName(b);
  if (fa === undefined || fb === undefined) return false;
  if (fa === fb) return true;
  const formsA = GIVEN_NAME_FORMS.get(fa);
  const formsB = GIVEN_NAME_FORMS.get(fb);
  if (formsA === undefined) return formsB !== undefined && formsB.has(fa);
  if (formsB === undefined) return formsA.has(fb);
  const [small, large] = formsA.size <= formsB.size ? [formsA, formsB] : [formsB, formsA];
  for (const form of small) if (large.has(form)) return true;
  return false;
}

/** A full name split into the parts CRMs store: the given name and the family name, as written. */
export interface NameParts {
  first: string | undefined;
  last: string | undefined;
}

const HONORIFICS: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'fr', 'herr', 'frau', 'mme', 'mlle', 'sr', 'sra', 'srta']);
const SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'mba', 'cpa', 'dds', 'jd', 'rn', 'obe', 'mbe', 'cbe', 'kbe']);
/** Family-name particles that belong to the surname: `van Beethoven`, `de la Cruz`, `von der Leyen`, `bin Salman`. */
const PARTICLES: ReadonlySet<string> = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'dei', 'di', 'da', 'das', 'dos', 'du', 'la', 'le', 'les', 'lo', 'ter', 'ten', 'bin', 'ibn', 'al', 'el', 'st', 'mac', 'mc', 'af', 'zu']);

/** Words of `text` with commas and surrounding punctuation trimmed off each. */
function words(text: string): string[] {
  return text.split(/\s+/).map((w) => w.replace(/^[,;]+|[,;]+$/g, '')).filter((w) => foldName(w) !== undefined);
}

/** `words` without leading honorifics (`Dr.`) and trailing generational or degree suffixes (`Jr.`, `PhD`). */
function coreWords(text: string): string[] {
  const list = words(text);
  while (list.length > 1 && HONORIFICS.has(foldName(list[0]) ?? '')) list.shift();
  while (list.length > 1 && SUFFIXES.has(foldName(list[list.length - 1]) ?? '')) list.pop();
  return list;
}

/** Index where the surname starts: the last word, extended left over particles (never into the first word). */
function surnameStart(list: readonly string[]): number {
  let start = list.length - 1;
  while (start > 1 && PARTICLES.has(foldName(list[start - 1]) ?? '')) start--;
  return start;
}

/**
 * Splits a one-field full name into given name and family name. `Smith, John` (family name first, comma) and
 * `John Smith` both give `{ first: 'John', last: 'Smith' }`. Honorifics and suffixes are dropped
 * (`Dr. John Smith Jr.`, `Smith, John, PhD`), surname particles are kept with the surname (`Ludwig van Beethoven` →
 * last `van Beethoven`), and middle names are dropped (`Mary Ann Smith` → first `Mary`). A single word is taken
 * as the given name. The parts keep their original spelling; fold them with {@link foldName} to compare.
 *
 * @returns the parts, or `undefined` when the text holds no name.
 */
export function splitFullName(raw: string | null | undefined): NameParts | undefined {
  if (!raw || foldName(raw) === undefined) return undefined;
  const [head = '', ...rest] = raw.split(',');
  const given = rest.map((part) => coreWords(part)).find((list) => list.length > 0 && !SUFFIXES.has(foldName(list[0]) ?? ''));
  if (given !== undefined) {
    const family = coreWords(head);
    return { first: given[0], last: family.length > 0 ? family.join(' ') : undefined };
  }
  const list = coreWords(head);
  if (list.length === 0) return undefined;
  if (list.length === 1) return { first: list[0], last: undefined };
  return { first: list[0], last: list.slice(surnameStart(list)).join(' ') };
}
