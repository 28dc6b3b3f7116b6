/**
 * Blocking: the keys that bring candidate records together, so that a dedupe compares a record only with records
 * sharing one of them, never all pairs. Each fuzzy rule names its keys (`domain` + family-name sound, `phone` +
 * given name, ...); the exact and external-id rules block on their own key.
 *
 * Block size is the caller's to cap. A block that grows past the cap (a switchboard shared by 5,000 people, a
 * generic `info@` mailbox) is split by {@link finerBlockingKey}, which adds the family name and the given name's
 * initial, and is never compared all-pairs; if a finer block is still too big, the caller compares each record
 * only with its nearest predecessors in it (see `dedupeRecords`). Recall can only suffer inside such blocks.
 */
import { fieldValue } from '#domain/identity/matcher';
import type { MatchRecord } from '#domain/identity/match-record';
import type { BlockingKey, BlockingPart, MatchRules } from '#domain/identity/rules';

/** The cap on block size that `dedupeRecords` uses by default. */
export const DEFAULT_MAX_BLOCK_SIZE = 1000;

const NONE: readonly string[] = [];

/**
 * The given and the family name as an unordered pair (`namePair`): `Harrison Philip` and `Philip Harrison`, written
 * the wrong way round, give one key. None without both names.
 */
function namesOf(record: MatchRecord): readonly string[] {
  const { firstName, lastName } = record;
  if (firstName === undefined || lastName === undefined) return NONE;
  return [firstName < lastName ? `${firstName}+${lastName}` : `${lastName}+${firstName}`];
}

/** The values of one part; several for the sound of a name (two codes) and for a given name (its formal forms). */
function partValues(part: BlockingPart, record: MatchRecord): readonly string[] {
  switch (part) {
    case 'lastNamePhonetic':
      return record.lastPhonetic;
    case 'givenName':
      return record.givenForms;
    case 'link':
      return record.link === undefined ? NONE : [record.link];
    case 'namePair':
      return namesOf(record);
    default: {
      const value = fieldValue(record, part);
      return value === undefined ? NONE : [value];
    }
  }
}

/** Every combination of the parts' values, as `part=value` joined by `|`; none when a part has no value. */
function combinations(key: BlockingKey, record: MatchRecord): string[] {
  let keys = [''];
  for (const part of key) {
    const values = partValues(part, record);
    if (values.length === 0) return [];
    keys = keys.flatMap((prefix) => values.map((value) => `${prefix}|${part}=${value}`));
  }
  return keys;
}

/**
 * The blocking keys of a record under `rules`: deterministic strings prefixed by the rule's name
 * (`name-and-domain|domain=acme.com|lastNamePhonetic=SM0`), distinct and in rule order. Two records are
 * compared when they share at least one key.
 */
export function blockingKeys(rules: MatchRules, record: MatchRecord): string[] {
  const keys: string[] = [];
  for (const rule of rules.rules) {
    if (rule.kind === 'exact') {
      const key = fieldValue(record, rule.field);
      if (key !== undefined) keys.push(`${rule.name}|${rule.field}=${key}`);
    } else if (rule.kind === 'external-id') {
      if (record.link !== undefined) keys.push(`${rule.name}|link=${record.link}`);
    } else {
      // Fuzzy and probabilistic rules alike.
      for (const key of rule.blocking) for (const combination of combinations(key, record)) keys.push(rule.name + combination);
    }
  }
  return [...new Set(keys)];
}

/**
 * A finer key for a record in an oversized block: the key plus the folded family name and the given name's
 * initial. Records that lack both stay together, which the caller's window then bounds.
 */
export function finerBlockingKey(key: string, record: MatchRecord): string {
  return `${key}|last=${record.lastName ?? ''}|initial=${record.firstName?.charAt(0) ?? ''}`;
}
