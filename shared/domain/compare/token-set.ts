/**
 * Token-set similarity in the style of fuzzywuzzy's `token_set_ratio`: good for company names and full names whose
 * words come in a different order or where one side has extra words (`Acme Widgets` vs `Widgets Acme Holdings`).
 */
import { foldAccents } from '#domain/normalize/person-name';

const WORD = /[\p{L}\p{N}]+/gu;

/** The distinct words of a text, accent-folded and lowercased. */
function tokenSet(text: string): Set<string> {
  return new Set(foldAccents(text).match(WORD) ?? []);
}

/** Length of the longest common subsequence of two strings (by UTF-16 code unit), in one DP row. */
function lcsLength(a: string, b: string): number {
  const [s, t] = a.length <= b.length ? [a, b] : [b, a];
  const row = new Uint32Array(s.length + 1);
  for (let i = 1; i <= t.length; i++) {
    const c = t.charCodeAt(i - 1);
    let diagonal = 0;
    for (let j = 1; j <= s.length; j++) {
      const above = row[j] ?? 0;
      row[j] = c === s.charCodeAt(j - 1) ? diagonal + 1 : Math.max(above, row[j - 1] ?? 0);
      diagonal = above;
    }
  }
  return row[s.length] ?? 0;
}

/**
 * Normalized indel similarity, `2 · LCS(a, b) / (|a| + |b|)`: 1 for equal strings, 0 with nothing in common.
 * This is rapidfuzz's `fuzz.ratio`; fuzzywuzzy's difflib-based `ratio` approximates the same quantity (difflib's
 * matching blocks can fall short of the LCS), so scores can differ from fuzzywuzzy's in the second decimal.
 */
export function indelRatio(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * lcsLength(a, b)) / total;
}

/** `first` and `rest` joined by a space, either may be empty. */
function joined(first: string, rest: readonly string[]): string {
  const tail = rest.join(' ');
  return first.length === 0 ? tail : tail.length === 0 ? first : `${first} ${tail}`;
}

/**
 * Token-set similarity in [0, 1]. Both texts become sets of words (accent-folded, lowercased, punctuation
 * ignored); with `I` the sorted intersection and `A`, `B` the sorted remainders, the score is the best
 * {@link indelRatio} among `I` vs `I+A`, `I` vs `I+B` and `I+A` vs `I+B`. So it is 1 when one word set contains
 * the other (`Acme` vs `The Acme Company`), independent of word order and repetition, and symmetric.
 *
 * @returns the score; 0 when either text has no word (an empty name is no evidence of a match).
 */
export function tokenSetRatio(a: string, b: string): number {
  const setA = tokenSet(a);
  const setB = tokenSet(b);
  if (setA.size === 0 || setB.size === 0) return 0;
  const common = [...setA].filter((w) => setB.has(w)).sort();
  const onlyA = [...setA].filter((w) => !setB.has(w)).sort();
  const onlyB = [...setB].filter((w) => !setA.has(w)).sort();
  if (common.length > 0 && (onlyA.length === 0 || onlyB.length === 0)) return 1;
  const sect = common.join(' ');
  const withA = joined(sect, onlyA);
  const withB = joined(sect, onlyB);
  return Math.max(indelRatio(sect, withA), indelRatio(sect, withB), indelRatio(withA, withB));
}
