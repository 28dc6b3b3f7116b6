/**
 * Jaro and Jaro-Winkler similarity, the usual string comparator for names in record linkage: it rewards
 * characters in common near the same position and, in Winkler's variant, a common prefix (typos are rarer at
 * the start of a name). Definitions follow W. E. Winkler, "String Comparator Metrics and Enhanced Decision Rules
 * in the Fellegi-Sunter Model of Record Linkage" (1990), and match Apache Commons Text's `JaroWinklerSimilarity`.
 *
 * Strings are compared by UTF-16 code unit, case-sensitively: fold them first (`foldName`) to compare names.
 */

/** Tuning of the Winkler prefix bonus; the defaults are Winkler's. */
export interface JaroWinklerOptions {
  /** Weight of each common prefix character, 0.1 by default. `prefixScale × maxPrefix` may not exceed 1. */
  prefixScale?: number;
  /** Longest prefix that earns the bonus, 4 by default. */
  maxPrefix?: number;
  /** Jaro similarity below which no bonus is given, 0.7 by default (Winkler's threshold); 0 always gives it. */
  boostThreshold?: number;
}

const NO_OPTIONS: JaroWinklerOptions = {};

/**
 * Match flags of both strings, reused across calls so that comparing short names allocates nothing. Fixed size,
 * so it never grows: longer inputs get their own array. Safe to share because the comparison is synchronous.
 */
const SCRATCH = new Uint8Array(256);

/**
 * Jaro similarity in [0, 1]: 1 for equal strings (two empty strings included), 0 when one is empty or no
 * character matches within the window of `⌊max(|a|, |b|) / 2⌋ − 1` positions.
 * Symmetric by construction: the shorter string (or on equal lengths the smaller one) is always scanned first,
 * so the greedy matching cannot depend on argument order.
 */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const aFirst = a.length < b.length || (a.length === b.length && a < b);
  const s = aFirst ? a : b;
  const t = aFirst ? b : a;
  const ls = s.length;
  const lt = t.length;
  if (ls === 0) return 0;
  const window = Math.max(0, Math.floor(lt / 2) - 1);
  const flags = ls + lt <= SCRATCH.length ? SCRATCH.fill(0, 0, ls + lt) : new Uint8Array(ls + lt);
  let matches = 0;
  for (let i = 0; i < ls; i++) {
    const c = s.charCodeAt(i);
    const hi = Math.min(lt - 1, i + window);
    for (let j = Math.max(0, i - window); j <= hi; j++) {
      if (flags[ls + j] === 0 && t.charCodeAt(j) === c) {
        flags[i] = 1;
        flags[ls + j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let outOfOrder = 0;
  for (let i = 0, k = 0; i < ls; i++) {
    if (flags[i] === 0) continue;
    while (flags[ls + k] === 0) k++;
    if (s.charCodeAt(i) !== t.charCodeAt(k)) outOfOrder++;
    k++;
  }
  return (matches / ls + matches / lt + (matches - outOfOrder / 2) / matches) / 3;
}

/**
 * Jaro-Winkler similarity in [0, 1]: the {@link jaro} similarity `j`, plus `ℓ · prefixScale · (1 − j)` when
 * `j ≥ boostThreshold`, where ℓ is the length of the common prefix up to `maxPrefix`. Never below `jaro(a, b)`,
 * 1 for equal strings. `MARTHA`/`MARHTA` ≈ 0.961, `DWAYNE`/`DUANE` = 0.84, `DIXON`/`DICKSONX` ≈ 0.813.
 *
 * @throws RangeError when `prefixScale` or `maxPrefix` is negative or their product exceeds 1, which would
 * push the score above 1.
 */
export function jaroWinkler(a: string, b: string, options: JaroWinklerOptions = NO_OPTIONS): number {
  const { prefixScale = 0.1, maxPrefix = 4, boostThreshold = 0.7 } = options;
  if (!(prefixScale >= 0 && maxPrefix >= 0 && prefixScale * maxPrefix <= 1)) {
    throw new RangeError(`jaro-winkler: prefixScale (${prefixScale}) and maxPrefix (${maxPrefix}) must be non-negative with a product of at most 1`);
  }
  const j = jaro(a, b);
  if (j < boostThreshold || j === 1) return j;
  const limit = Math.min(maxPrefix, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return Math.min(1, j + prefix * prefixScale * (1 - j));
}
