/**
 * The comparisons of the probabilistic person model (see `probabilistic.ts`): for a pair of match records, one
 * level per comparison, the first level being the strongest agreement, as Splink's comparison levels are ordered
 * (Splink docs, "Comparisons and comparison levels" [?]). A comparison whose value one side lacks is at the null
 * level ({@link NULL_LEVEL}), which carries no evidence either way (Splink's `-1` gamma value [C]).
 *
 * Everything here works on the keys `toMatchRecord` computed once per record; a pair costs a few Jaro-Winkler
 * calls at most, and a token-set ratio only when two company keys differ (the dedupe compares millions of pairs).
 */
import { jaroWinkler } from '#domain/compare/jaro-winkler';
import { tokenSetRatio } from '#domain/compare/token-set';
import type { MatchRecord } from '#domain/identity/match-record';
import { GIVEN_NAME_FORMS, GIVEN_NAME_INITIALS } from '#domain/normalize/nicknames';
import { callingCodeOf } from '#domain/normalize/phone';

/** The level of a comparison whose value one side (or both) lacks: it contributes weight 0. */
export const NULL_LEVEL = 255;

/**
 * The comparisons and their levels, in the order of a level vector. Level names are what an explanation shows
 * (`e-mail: same domain, local part agrees with the name`).
 */
const EMAIL_LEVELS = [
  'same address',
  'same domain, local part agrees with the name',
  'same domain, local part names someone else',
  'different company domains',
  'free-mail on a side, both local parts spell the names',
  'free-mail on a side, the work address names someone else',
  'free-mail on a side, local parts do not spell the names',
] as const;
const PHONE_LEVELS = ['same number', 'same number under another calling code', 'different'] as const;

/**
 * E-mail and phone are compared twice over, each pair at exactly one of the two (the other is null): between
 * people of one employer (same company name or domain) and between anyone else. Their u then differ as they
 * should: a shared number is one in 12,000 for random pairs but one in three for colleagues (a switchboard), and
 * two addresses at one domain are common among colleagues; with a single comparison the employer would be counted
 * again in the e-mail and the phone (conditional independence fails: P(phone, company | non-match) is not the
 * product), and colleagues on a switchboard would match. u of the `AtEmployer` comparisons comes from random pairs
 * of one employer (`randomPairsWithin`), i.e. P(level | non-match, same employer), the chain rule's second factor.
 */
export const PERSON_COMPARISONS = [
  { name: 'email', label: 'e-mail', levels: EMAIL_LEVELS },
  { name: 'emailAtEmployer', label: 'e-mail (same employer)', levels: EMAIL_LEVELS },
  {
    name: 'givenName',
    label: 'given name',
    levels: ['exact', 'nickname', 'Jaro-Winkler ≥ 0.92', 'initial', 'Jaro-Winkler ≥ 0.80', 'swapped with family name', 'different'],
  },
  { name: 'familyName', label: 'family name', levels: ['exact', 'Jaro-Winkler ≥ 0.92', 'sounds alike', 'Jaro-Winkler ≥ 0.80', 'swapped with given name', 'different'] },
  { name: 'suffix', label: 'generational suffix', levels: ['same', 'different'] },
  { name: 'phone', label: 'phone', levels: PHONE_LEVELS },
  { name: 'phoneAtEmployer', label: 'phone (same employer)', levels: PHONE_LEVELS },
  { name: 'company', label: 'company', levels: ['same name', 'token-set ≥ 0.90', 'different'] },
  // Compared only when the company names are missing or differ (see compareLevels).
  { name: 'domain', label: 'company domain', levels: ['same', 'different'] },
] as const;

export type ComparisonName = (typeof PERSON_COMPARISONS)[number]['name'];

/** How many comparisons a level vector holds. */
export const COMPARISON_COUNT = PERSON_COMPARISONS.length;

/**
 * A short fingerprint of the comparisons and their levels (FNV-1a of their names): a label made under other levels
 * (a level added, or two reordered) would be read wrongly by this model, so a label carries the scheme it was made in.
 */
export const LEVEL_SCHEME: string = (() => {
  let hash = 0x811c9dc5;
  for (const c of PERSON_COMPARISONS.flatMap((c) => [c.name, ...c.levels])) {
    for (let i = 0; i < c.length; i++) hash = Math.imul(hash ^ c.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x7c, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
})();

/** Each comparison's position in a level vector. */
const AT = Object.fromEntries(PERSON_COMPARISONS.map((c, i) => [c.name, i])) as Readonly<Record<ComparisonName, number>>;

/** Level indices by name, so that the code below reads as the catalogue above. */
const EMAIL = { same: 0, localAgrees: 1, localDisagrees: 2, otherDomains: 3, freeMailAgrees: 4, freeMailOther: 5, freeMail: 6 } as const;
const GIVEN = { exact: 0, nickname: 1, close: 2, initial: 3, similar: 4, swapped: 5, different: 6 } as const;
const FAMILY = { exact: 0, close: 1, phonetic: 2, similar: 3, swapped: 4, different: 5 } as const;

/** Jaro-Winkler bands of the name levels. */
const CLOSE = 0.92;
const SIMILAR = 0.8;
/** How close a local-part token must be to a name to stand for it (one typo in a name of five letters or more). */
const LOCAL_GIVEN = 0.88;
const LOCAL_FAMILY = 0.9;
const COMPANY_TOKEN_SET = 0.9;
const SEPARATORS = /[._-]+/;
const TRAILING_DIGITS = /\d+$/;
const SPACES = / /g;
const GENERATIONAL: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
const GLUED = ['jr', 'sr', 'iii', 'ii'] as const;

const jw = (a: string, b: string): number => (a === b ? 1 : jaroWinkler(a, b));

function intersects(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/** Best Jaro-Winkler between the names or their formal forms (Jonathon/Jonathan via their forms). */
function bestGivenSimilarity(a: MatchRecord, b: MatchRecord, fa: string, fb: string): number {
  let best = jaroWinkler(fa, fb);
  if (best >= CLOSE) return best;
  for (const x of a.givenForms) for (const y of b.givenForms) if (x !== fa || y !== fb) best = Math.max(best, jaroWinkler(x, y));
  return best;
}

function isInitialOf(short: string, long: string): boolean {
  return short.length === 1 && long.length > 1 && long.charCodeAt(0) === short.charCodeAt(0);
}

/** Whether a name is a formal given name of the nickname table (not only someone's nickname). */
function isFormalName(name: string): boolean {
  return GIVEN_NAME_FORMS.get(name)?.has(name) === true;
}

/**
 * Whether two given names are two names, not one name and its typo: both formal names of the table, neither a
 * spelling or nickname of the other (`Alexander` and `Alexandra`, `Christina` and `Christine`, `Daniel` and
 * `Danielle`). Siblings and colleagues carry such pairs; a typo seldom turns one real name into another.
 */
function distinctNames(x: string, y: string): boolean {
  if (!isFormalName(x) || !isFormalName(y)) return false;
  const forms = GIVEN_NAME_FORMS.get(y);
  for (const form of GIVEN_NAME_FORMS.get(x) ?? []) if (forms?.has(form) === true) return false;
  return true;
}

function givenLevel(a: MatchRecord, b: MatchRecord, fa: string, fb: string): number {
  if (fa === fb) return GIVEN.exact;
  if (intersects(a.givenForms, b.givenForms)) return GIVEN.nickname;
  if (isInitialOf(fa, fb) || isInitialOf(fb, fa)) return GIVEN.initial;
  if (distinctNames(fa, fb)) return GIVEN.different;
  const similarity = bestGivenSimilarity(a, b, fa, fb);
  return similarity >= CLOSE ? GIVEN.close : similarity >= SIMILAR ? GIVEN.similar : GIVEN.different;
}

function familyLevel(a: MatchRecord, b: MatchRecord, la: string, lb: string): number {
  if (la === lb) return FAMILY.exact;
  const similarity = jaroWinkler(la, lb);
  if (similarity >= CLOSE) return FAMILY.close;
  if (intersects(a.lastPhonetic, b.lastPhonetic)) return FAMILY.phonetic;
  return similarity >= SIMILAR ? FAMILY.similar : FAMILY.different;
}

/**
 * Whether the given name of one record is the family name of the other and the other way round, each within a typo:
 * one crosswise pair close (Jaro-Winkler ≥ 0.92), the other at least similar (≥ 0.80), as a typo in a short name
 * costs more (`Pcrry Gregorie` beside `Gregory Perry`).
 */
function namesSwapped(a: MatchRecord, b: MatchRecord): boolean {
  const { firstName: fa, lastName: la } = a;
  const { firstName: fb, lastName: lb } = b;
  if (fa === undefined || la === undefined || fb === undefined || lb === undefined) return false;
  // Either record may be the one written the wrong way round: its family-name field then holds the given name.
  return (jw(fa, lb) >= CLOSE && crossGiven(la, b, fb)) || (jw(la, fb) >= CLOSE && crossGiven(lb, a, fa));
}

/**
 * Whether `name`, found in the family-name field, is the given name `given` of the other record as the given-name
 * comparison would accept it: similar (a typo), its initial (`Sanders J` and `Jacqueline Sanders`), or a nickname of
 * it (`Smith Bob` and `Robert Smith`).
 */
function crossGiven(name: string, other: MatchRecord, given: string): boolean {
  if (jw(name, given) >= SIMILAR || isInitialOf(name, given) || isInitialOf(given, name)) return true;
  const forms = GIVEN_NAME_FORMS.get(name);
  return forms !== undefined && other.givenForms.some((f) => forms.has(f));
}

/** A person's names as the local part of an address spells them: no spaces, every formal form of the given name. */
interface LocalNames {
  readonly given: readonly string[];
  /** The first letters the given name goes by, its nicknames' included (`br` for Rebecca, who may be Becky). */
  readonly initials: string;
  readonly family: readonly string[];
}

function addNames(record: MatchRecord, given: string[], family: string[]): void {
  const first = record.firstName?.replace(SPACES, '');
  if (first !== undefined && !given.includes(first)) given.push(first);
  for (const form of record.givenForms) if (!given.includes(form)) given.push(form);
  const last = record.lastName?.replace(SPACES, '');
  if (last !== undefined && !family.includes(last)) family.push(last);
}

/**
 * The names a mailbox may spell: the record's, and with `alike` the other record's too. Two records whose names
 * agree (within a typo, a nickname or an initial) are one name spelt twice, and either spelling is the person's:
 * `ed.myers@` spells Edward Myers, and so `Edwadd Myers` too.
 */
function localNames(record: MatchRecord, alike?: MatchRecord): LocalNames {
  if (alike === undefined) {
    let own = OWN_NAMES.get(record);
    if (own === undefined) OWN_NAMES.set(record, (own = namesOf(record)));
    return own;
  }
  return namesOf(record, alike);
}

/** A record's own local names, made once: a dedupe compares each record's mailbox with many others. */
const OWN_NAMES = new WeakMap<MatchRecord, LocalNames>();

function namesOf(record: MatchRecord, alike?: MatchRecord): LocalNames {
  const given: string[] = [];
  const family: string[] = [];
  addNames(record, given, family);
  if (alike !== undefined) addNames(alike, given, family);
  let initials = '';
  for (const name of given) initials += GIVEN_NAME_INITIALS.get(name) ?? name.charAt(0);
  return { given, initials, family };
}

/**
 * Within one typo: Jaro-Winkler at least `threshold` and the lengths at most one apart (Jaro-Winkler alone takes
 * `whitaker` for `white`). `longer` says whether the token may be the longer one: not in a local part without
 * separators, where one more letter is an initial (`marianag` is Mariana G., not a typo for Mariana).
 */
function withinTypo(token: string, name: string, threshold: number, longer: boolean): boolean {
  const extra = token.length - name.length;
  return token.length >= 3 && extra <= (longer ? 1 : 0) && extra >= -1 && jaroWinkler(token, name) >= threshold;
}

/** Whether a token of a local part is the given name: itself, a nickname of it, within a typo, or its initial. */
function isGiven(token: string, names: LocalNames, longer = true): boolean {
  if (token.length === 0) return false;
  const forms = GIVEN_NAME_FORMS.get(token);
  for (const name of names.given) {
    if (name === token || forms?.has(name) === true) return true;
    // A record that holds only an initial (`C. Roberts`) agrees with any local part starting with it.
    if (name.length === 1 ? token.charCodeAt(0) === name.charCodeAt(0) : withinTypo(token, name, LOCAL_GIVEN, longer) && !distinctNames(token, name)) return true;
  }
  return false;
}

function isGivenInitial(token: string, names: LocalNames): boolean {
  return token.length === 1 && names.initials.includes(token);
}

function isFamily(token: string, names: LocalNames, longer = true): boolean {
  return token.length > 0 && names.family.some((family) => token === family || withinTypo(token, family, LOCAL_FAMILY, longer));
}

function isFamilyInitial(token: string, names: LocalNames): boolean {
  return token.length === 1 && names.family.some((family) => family.charCodeAt(0) === token.charCodeAt(0));
}

/** `first.last`, `f.last`, `last.first`, `last.f`, `first.l` (and `_`/`-` for the dot), for one split of the tokens. */
function agreesSeparated(x: string, y: string, names: LocalNames): boolean {
  return (
    ((isGiven(x, names) || isGivenInitial(x, names)) && isFamily(y, names)) ||
    (isFamily(x, names) && (isGiven(y, names) || isGivenInitial(y, names))) ||
    (isGiven(x, names) && isFamilyInitial(y, names))
  );
}

/**
 * `first`, `flast`, `firstl`, `lastf`, `firstlast`, `lastfirst`, for a local part without separators, a nickname
 * allowed for the given name and its initial (`mandyhunt`, `bcox`): every split of the part is tried.
 */
function agreesJoined(t: string, names: LocalNames): boolean {
  if (isGiven(t, names, false)) return true;
  if (t.length < 3) return false;
  for (let k = 1; k < t.length; k++) {
    const head = t.slice(0, k);
    const rest = t.slice(k);
    if ((isGivenInitial(head, names) || isGiven(head, names, false)) && isFamily(rest, names, false)) return true;
    if (isFamily(head, names, false) && (isGivenInitial(rest, names) || isGiven(rest, names, false))) return true;
    if (isGiven(head, names, false) && isFamilyInitial(rest, names)) return true;
  }
  return names.family.some((family) => names.given.some((g) => g.length > 1 && jw(t, g + family) >= CLOSE));
}

/**
 * Removes a generational suffix from the end of the local part's tokens and returns it: a token of its own
 * (`smith.jr`), or written onto the family name (`smithjr`, `mcintyreii`); `iv` only as a token of its own, as
 * names end in it. A record's own suffix is recognised in either form.
 */
function addressSuffix(tokens: string[], own: string | undefined): string | undefined {
  const last = tokens.at(-1) ?? '';
  if (tokens.length > 1 && GENERATIONAL.has(last)) return tokens.pop();
  for (const suffix of own === undefined ? GLUED : [own, ...GLUED]) {
    if (last.length > suffix.length + 2 && last.endsWith(suffix)) {
      tokens[tokens.length - 1] = last.slice(0, -suffix.length);
      return suffix;
    }
  }
  return undefined;
}

/**
 * Whether the local part of an address is one of the usual formats of a person's name (first.last, f.last, flast,
 * firstlast, first_last, first-last, last.first, lastf, first, first.l, firstl), tolerating a nickname, an initial
 * or a typo on either side, and a number appended (`jsmith2`, as mail systems number namesakes). With `alike`, the
 * other record of a pair whose names agree, either record's spelling of the names counts (see `localNames`).
 */
export function localPartAgreesWithName(local: string, record: MatchRecord, alike?: MatchRecord): boolean {
  const names = localNames(record, alike);
  if (names.given.length === 0 && names.family.length === 0) return false;
  const tokens = local.replace(TRAILING_DIGITS, '').split(SEPARATORS).filter((t) => t.length > 0);
  // `john.smith.jr@` and `john.smithjr@` are the son's: a suffix in the address must be the record's own.
  const suffix = addressSuffix(tokens, record.suffix);
  if (suffix !== undefined && suffix !== record.suffix) return false;
  const [head, ...tail] = tokens;
  if (head === undefined) return false;
  if (tail.length === 0) return agreesJoined(head, names);
  // A double-barrelled or particle name spreads over several tokens: try it on either side.
  return agreesSeparated(head, tail.join(''), names) || agreesSeparated(tokens.slice(0, -1).join(''), tokens.at(-1) ?? '', names);
}

/**
 * Two mailboxes that differ only in a number (`jsmith@` and `jsmith2@`, `c.robert@` and `c.robert2@`) are two
 * people: mail administrators number the second person whose name would take the first one's address.
 */
function numberedApart(la: string, lb: string): boolean {
  return la.replace(TRAILING_DIGITS, '') === lb.replace(TRAILING_DIGITS, '');
}

/** Whether each local part spells the other record's names (`alike`: the names agree, so either spelling counts). */
function localPartsAgree(a: MatchRecord, b: MatchRecord, la: string, lb: string, alike: boolean): boolean {
  return localPartAgreesWithName(la, b, alike ? a : undefined) && localPartAgreesWithName(lb, a, alike ? b : undefined);
}

function emailLevel(a: MatchRecord, b: MatchRecord, ka: string, kb: string, alike: boolean): number {
  if (ka === kb) return EMAIL.same;
  const atA = ka.lastIndexOf('@');
  const atB = kb.lastIndexOf('@');
  const [la, lb] = [ka.slice(0, atA), kb.slice(0, atB)];
  // A personal address beside a work one: evidence for one person only when both spell the names (most personal
  // addresses do, `julia_watson10561@`); one that spells someone else is the colleague's or a namesake's.
  if (a.emailIsFreeMail || b.emailIsFreeMail) {
    const aSpellsB = localPartAgreesWithName(la, b, alike ? a : undefined);
    const bSpellsA = localPartAgreesWithName(lb, a, alike ? b : undefined);
    if (aSpellsB && bSpellsA) return EMAIL.freeMailAgrees;
    if ((a.emailIsFreeMail && b.emailIsFreeMail) || (a.emailIsFreeMail ? bSpellsA : aSpellsB)) return EMAIL.freeMail;
    // A work address spells its owner: `chloe.smith@` beside Charles Smith's `csmith@gmail.com` names Chloe.
    const [owner, work] = a.emailIsFreeMail ? [b, lb] : [a, la];
    return localPartAgreesWithName(work, owner) ? EMAIL.freeMailOther : EMAIL.freeMail;
  }
  if (ka.slice(atA + 1) !== kb.slice(atB + 1)) return EMAIL.otherDomains;
  // Two mailboxes at one company are one person's only when each is a spelling of the other record's name too:
  // `caleb.roberts@` and `c.roberts@` are; `jane.doe@` and `john.doe@` name two people.
  if (numberedApart(la, lb)) return EMAIL.localDisagrees;
  return localPartsAgree(a, b, la, lb, alike) ? EMAIL.localAgrees : EMAIL.localDisagrees;
}

function typoApart(x: string | undefined, y: string | undefined): boolean {
  return x !== undefined && y !== undefined && Math.abs(x.length - y.length) <= 1;
}

function exactOrDifferent<T>(va: T | undefined, vb: T | undefined): number {
  if (va === undefined || vb === undefined) return NULL_LEVEL;
  return va === vb ? 0 : 1;
}

function phoneLevel(pa: string | undefined, pb: string | undefined): number {
  if (pa === undefined || pb === undefined) return NULL_LEVEL;
  if (pa === pb) return 0;
  // The same subscriber number read under two calling codes (a number written nationally in the wrong country). Two
  // numbers of one country sharing their last seven digits are two lines (`902-555-0125`, `204-555-0125`).
  return pa.length >= 7 && pb.length >= 7 && pa.slice(-7) === pb.slice(-7) && callingCodeOf(pa) !== callingCodeOf(pb) ? 1 : 2;
}

function companyLevel(ca: string | undefined, cb: string | undefined): number {
  if (ca === undefined || cb === undefined) return NULL_LEVEL;
  if (ca === cb) return 0;
  return tokenSetRatio(ca, cb) >= COMPANY_TOKEN_SET ? 1 : 2;
}

/**
 * Writes the level of every comparison of the pair (a, b) into `out` from `offset` (in {@link PERSON_COMPARISONS}
 * order; {@link NULL_LEVEL} where a side lacks the value). Symmetric, and allocation-free but for the local-part
 * check of two addresses at one company domain.
 */
export function compareLevels(a: MatchRecord, b: MatchRecord, out: Uint8Array, offset = 0): void {
  // One linked company (a Contact's Account, a HubSpot contact's company, once linked) is the employer by record,
  // not by name: as good as the same company name. Two linked companies may still be one company's duplicates, so
  // the names decide then.
  const sameDomain = a.domain !== undefined && a.domain === b.domain;
  const named = a.account !== undefined && a.account === b.account ? 0 : companyLevel(a.companyKey, b.companyKey);
  // Where a side lacks the company name, the same company domain says the same employer as the same name would, and
  // weighs as much: a comparison of its own, estimated where no name was there to speak, weighed a shared domain
  // twice as heavily as a shared name.
  const company = named === NULL_LEVEL && sameDomain ? 0 : named;
  const employer = company === 0 || company === 1 || sameDomain;
  const given = a.firstName === undefined || b.firstName === undefined ? NULL_LEVEL : givenLevel(a, b, a.firstName, b.firstName);
  const family = a.lastName === undefined || b.lastName === undefined ? NULL_LEVEL : familyLevel(a, b, a.lastName, b.lastName);
  // Names within a typo or a nickname of each other: either spelling counts for the local parts (see `localNames`).
  // `Martin` and `Martinez` are close by Jaro-Winkler (a shared prefix), but two names: a typo is a letter at most.
  const alike =
    (given <= GIVEN.nickname || (given === GIVEN.close && typoApart(a.firstName, b.firstName))) && (family === FAMILY.exact || (family === FAMILY.close && typoApart(a.lastName, b.lastName)));
  const email = a.emailKey === undefined || b.emailKey === undefined ? NULL_LEVEL : emailLevel(a, b, a.emailKey, b.emailKey, alike);
  out[offset + AT.email] = employer ? NULL_LEVEL : email;
  out[offset + AT.emailAtEmployer] = employer ? email : NULL_LEVEL;
  // Given and family name written the wrong way round agree crosswise: both take the reduced "swapped" level.
  const swapped = given >= GIVEN.similar && given !== NULL_LEVEL && family >= FAMILY.similar && family !== NULL_LEVEL && namesSwapped(a, b);
  // Two mailboxes that spell each other's names through one name alone say nothing once the other name differs:
  // `m.smith@` for Mary and for Michael Smith (an initial), `john@` and `john2@` for John Smith and John Doe (the given
  // name, a number for the namesake). The agreement is then the names' own, counted again.
  const partial = (given === GIVEN.different && (a.firstName?.length ?? 0) > 1 && (b.firstName?.length ?? 0) > 1) || family === FAMILY.different;
  if ((email === EMAIL.localAgrees || email === EMAIL.freeMailAgrees) && !swapped && partial) out[offset + (employer ? AT.emailAtEmployer : AT.email)] = NULL_LEVEL;
  out[offset + AT.givenName] = swapped ? GIVEN.swapped : given;
  out[offset + AT.familyName] = swapped ? FAMILY.swapped : family;
  out[offset + AT.suffix] = a.lastName === undefined || b.lastName === undefined ? NULL_LEVEL : (a.suffix ?? '') === (b.suffix ?? '') ? 0 : 1;
  const phone = phoneLevel(a.phone, b.phone);
  out[offset + AT.phone] = employer ? NULL_LEVEL : phone;
  out[offset + AT.phoneAtEmployer] = employer ? phone : NULL_LEVEL;
  out[offset + AT.company] = company;
  // Company name and domain say one thing, the employer: counted both, a shared employer weighs twice and EM learns
  // "colleagues" as its match class (it did, on the generated corpus). So the domain speaks only where the names
  // cannot: one side lacks the company name (a shared domain then counts as the company, above), or the names differ.
  out[offset + AT.domain] = company === 0 || company === 1 ? NULL_LEVEL : exactOrDifferent(a.domain, b.domain);
}

/** The level vector of one pair as plain numbers ({@link NULL_LEVEL} where a side lacks the value): a label's. */
export function pairLevels(a: MatchRecord, b: MatchRecord): number[] {
  const levels = new Uint8Array(COMPARISON_COUNT);
  compareLevels(a, b, levels);
  return Array.from(levels);
}
