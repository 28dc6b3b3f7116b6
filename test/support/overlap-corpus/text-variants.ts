import type { SeededRandom } from './random.ts';

/** Neighbouring keys on a US QWERTY keyboard: FEBRL draws typing errors from the keys around the intended one. */
const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qwsz', b: 'vghn', c: 'xdfv', d: 'serfcx', e: 'wsdr', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', i: 'ujko',
  j: 'huikmn', k: 'jiolm', l: 'kop', m: 'njk', n: 'bhjm', o: 'iklp', p: 'ol', q: 'wa', r: 'edft', s: 'awedxz',
  t: 'rfgy', u: 'yhji', v: 'cfgb', w: 'qase', x: 'zsdc', y: 'tghu', z: 'asx',
};

/** Characters an OCR reading of a business card confuses (FEBRL's OCR error table has the same kind of pairs). */
const OCR_CONFUSIONS: Readonly<Record<string, string>> = { l: 'I1', I: 'l1', O: '0', o: 'c', e: 'c', c: 'e', u: 'v', m: 'n', n: 'm', S: '5', B: '8', i: 'l' };

export type TypoKind = 'insert' | 'delete' | 'substitute' | 'transpose';

/**
 * One typing or OCR error: a character inserted, deleted, substituted or two adjacent ones transposed, so the result
 * is always at edit distance 1 (optimal string alignment, where a transposition counts once) from `value`.
 * Letters keep the case of the character they stand beside. `value` must not be empty.
 */
export function typo(value: string, random: SeededRandom, kind: TypoKind = random.pick(['insert', 'delete', 'substitute', 'transpose'] as const)): string {
  if (value.length === 0) throw new Error('a typo needs at least one character');
  const transposable = [...value.slice(1)].flatMap((c, i) => (c !== value[i] ? [i] : []));
  if (kind === 'transpose' && transposable.length > 0) {
    const i = random.pick(transposable);
    return value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
  }
  // A one-character string would vanish if deleted: it gets a substitute instead.
  if (kind === 'delete' && value.length > 1) {
    const i = random.int(value.length);
    return value.slice(0, i) + value.slice(i + 1);
  }
  const i = random.int(value.length);
  const at = value[i] as string;
  if (kind === 'insert') return value.slice(0, i) + likeCase(random.pick([...neighboursOf(at)]), at) + value.slice(i);
  const ocr = OCR_CONFUSIONS[at];
  const replacement = ocr && random.chance(0.3) ? random.pick([...ocr]) : likeCase(random.pick([...neighboursOf(at)]), at);
  return value.slice(0, i) + replacement + value.slice(i + 1);
}

function neighboursOf(c: string): string {
  // Any character that is not a plain letter (an accent, a digit, an apostrophe) is mistyped as a vowel nearby.
  return KEYBOARD_NEIGHBOURS[c.toLowerCase()] ?? 'aeiou'.replace(c.toLowerCase(), '');
}

function likeCase(c: string, model: string): string {
  return model !== model.toLowerCase() ? c.toUpperCase() : c;
}

/**
 * Edit distance in the optimal-string-alignment sense: insertions, deletions, substitutions and transpositions of
 * adjacent characters, each costing one.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The text without accents ("José Núñez" → "Jose Nunez"), as systems or integrations that fold to ASCII hold it. */
export function foldAccents(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '');
}

/** A name as an address's local part uses it: accents folded, lower case, letters only. */
export function mailboxWord(value: string): string {
  return foldAccents(value).toLowerCase().replace(/[^a-z]/g, '');
}

/**
 * The same address in another case, as a form or a rep typed it: capitalized words ("Robert.Smith@Acme-Example.com")
 * or all capitals. Mailbox providers treat the local part case-insensitively in practice; the domain always is.
 */
export function recaseEmail(email: string, random: SeededRandom): string {
  if (random.chance(0.3)) return email.toUpperCase();
  return email.replace(/(^|[.@_-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** Upper-cases the first letter of each word ("smith-jones" → "Smith-Jones"). */
export function titleCase(value: string): string {
  return value.replace(/(^|[\s'-])(\p{Ll})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}
