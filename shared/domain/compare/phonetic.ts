/**
 * Phonetic comparison of names with Lawrence Philips' Double Metaphone, which gives a primary and an alternate
 * encoding so that names of several origins (`Schmidt`/`Smith`, `Catherine`/`Kathryn`) can meet.
 */
import { doubleMetaphone } from 'double-metaphone';
import { foldName } from '#domain/normalize/person-name';

/** The two Double Metaphone codes of a name; they are equal when the name has only one pronunciation rule. */
export interface PhoneticKeys {
  primary: string;
  secondary: string;
}

const NOT_LETTER = /[^\p{L}]+/gu;

/**
 * The text Double Metaphone should see: the folded name ({@link foldName}: accents and apostrophes gone) with
 * everything but letters removed, so `Mary-Ann`, `Mary Ann` and `Maryann` encode alike. The algorithm is defined
 * on Latin letters; other scripts give empty codes.
 */
function encodable(name: string | null | undefined): string | undefined {
  const letters = foldName(name)?.replace(NOT_LETTER, '');
  return letters === undefined || letters.length === 0 ? undefined : letters;
}

/**
 * The Double Metaphone codes of a name (`Smith` → `SM0`/`XMT`, `Schmidt` → `XMT`/`SMT`).
 *
 * @returns the codes, or `undefined` when the name has no letter.
 */
export function phoneticKeys(name: string | null | undefined): PhoneticKeys | undefined {
  const text = encodable(name);
  if (text === undefined) return undefined;
  const [primary, secondary] = doubleMetaphone(text);
  return { primary, secondary };
}

/**
 * Whether two names sound alike: some Double Metaphone code of one equals some code of the other (primary or
 * alternate, either side). Empty codes, which a name of vowels-only or of a non-Latin script can produce, never
 * count, and a name with no letters sounds like nothing.
 */
export function soundsAlike(a: string | null | undefined, b: string | null | undefined): boolean {
  const ta = encodable(a);
  const tb = encodable(b);
  if (ta === undefined || tb === undefined) return false;
  const [a1, a2] = doubleMetaphone(ta);
  const [b1, b2] = doubleMetaphone(tb);
  const equal = (x: string, y: string) => x.length > 0 && x === y;
  return equal(a1, b1) || equal(a1, b2) || equal(a2, b1) || equal(a2, b2);
}
