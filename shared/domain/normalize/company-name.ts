/**
 * Company names for identity resolution: a match key that survives the ways one company is written across CRMs
 * (`The Acme Company, Inc.`, `ACME Co`, `Acme`).
 */
import { foldAccents } from '#domain/normalize/person-name';

/**
 * Legal-form words and abbreviations, folded and with their dots removed (`l.l.c.` → `llc`, `s.a.` → `sa`,
 * `sp. z o.o.` → `sp z oo`). Multi-word forms (`pty ltd`, `sdn bhd`, `gmbh & co kg`) go word by word, from the end.
 */
const LEGAL_FORMS: ReadonlySet<string> = new Set([
  // English-speaking countries
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'cos', 'company', 'companies', 'llc', 'llp', 'lp', 'lllp', 'pllc',
  'ltd', 'limited', 'plc', 'pty', 'pvt', 'pte', 'cic', 'cio', 'ulc',
  // German-speaking countries, Netherlands, Belgium
  'gmbh', 'mbh', 'ag', 'kg', 'kgaa', 'ohg', 'ug', 'se', 'ev', 'eg', 'bv', 'nv', 'vof', 'cv', 'bvba', 'sprl',
  // France, Spain, Portugal, Italy, Latin America
  'sa', 'sas', 'sasu', 'sarl', 'eurl', 'sca', 'snc', 'cie', 'sl', 'slu', 'sau', 'ltda', 'lda', 'spa', 'srl', 'srls',
  'sapi', 'sab', 'sc',
  // Nordics
  'ab', 'publ', 'as', 'asa', 'aps', 'oy', 'oyj', 'hf', 'ehf',
  // Central and Eastern Europe
  'sp', 'z', 'oo', 'sro', 'kft', 'zrt', 'nyrt', 'doo', 'dd', 'ad', 'ood', 'eood', 'ooo', 'zao', 'oao', 'pao',
  'jsc', 'ojsc', 'pjsc', 'cjsc',
  // Asia-Pacific
  'kk', 'gk', 'yk', 'bhd', 'sdn', 'tbk', 'nl',
]);

/**
 * Words that join a legal form to the name and dangle once it is gone: `Smith & Co.`, `S.A. de C.V.`,
 * `GmbH und Co. KG`, `Dupont et Cie`. Kept short on purpose: `y` or `e` would eat names like `Generation Y`.
 */
const CONNECTORS: ReadonlySet<string> = new Set(['and', 'und', 'et', 'de']);

/** A web TLD written onto a word, as in `Amazon.com, Inc.` or `Monday.com`; `.co` is left alone (it is also "Co."). */
const WEB_TLD = /(?<=[\p{L}\p{N}])\.(?:com|net|org|io|ai)(?=[\s,;)]|$)/giu;
/** Characters removed without a trace so that abbreviations stay one word: `L.L.C.`, `McDonald's`. */
const JOINERS = /[.'`´‘’ʹʻʼʽ＇]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/** The key's words: folded, `&` read as "and", punctuation turned into word breaks. */
function wordsOf(raw: string): string[] {
  // Joiners go before folding (NFKD turns `´` into a space and an accent) and after it (NFKD turns `ŉ` into `ʼn`).
  const text = foldAccents(raw.replace(WEB_TLD, '').replace(JOINERS, '')).replace(JOINERS, '').replaceAll('&', ' and ');
  const spaced = text.replace(NOT_LETTER_OR_DIGIT, ' ').trim();
  return spaced.length === 0 ? [] : spaced.split(' ');
}

/**
 * A company name's match key, for comparing records only (never for display): accents folded, lowercased, `&`
 * read as `and`, dots and apostrophes removed and other punctuation turned into spaces, a leading `the` dropped,
 * a web TLD on a word dropped (`Amazon.com`), and legal forms removed from the end again and again with the
 * connectors they leave behind (`Acme Holdings Pty. Ltd.` → `acme holdings`; `Smith & Co.` → `smith`).
 *
 * The key is never emptied by these rules: the last word that is not a leading `the` always stays, so
 * `The Company Inc` → `company`, `The Inc` → `inc`, `The` → `the`. Names that differ only in a legal form share a
 * key, even where the forms are different legal entities (`Acme Inc` and `Acme Ltd`): matching proposes, survivorship
 * and review dispose.
 *
 * @returns the key, or `undefined` when the name has no letter or digit.
 */
export function normalizeCompanyName(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const words = wordsOf(raw);
  if (words.length === 0) return undefined;
  let start = 0;
  while (start < words.length - 1 && words[start] === 'the') start++;
  let end = words.length;
  while (end - start > 1 && (LEGAL_FORMS.has(words[end - 1] ?? '') || CONNECTORS.has(words[end - 1] ?? ''))) end--;
  return words.slice(start, end).join(' ');
}
