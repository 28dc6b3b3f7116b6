import type { FieldValue, FieldValues } from './change-event.ts';

/**
 * The canonical fields that name a record to a person reading a list (a review, an audit trail): a person by name and
 * e-mail, a company or a deal by its name, an activity by its subject.
 */
export const NAMING_FIELDS: Readonly<Record<string, readonly string[]>> = {
  person: ['firstName', 'lastName', 'email'],
  company: ['name'],
  deal: ['name'],
  activity: ['subject'],
};

const text = (value: FieldValue | undefined): string => (value === undefined || value === null ? '' : String(value).trim());

/** The naming values of `values` (canonical) for `object`, those that are set; `{}` for an object with none. */
export function namingValues(object: string, values: Readonly<FieldValues>): FieldValues {
  return Object.fromEntries((NAMING_FIELDS[object] ?? []).flatMap((field) => (text(values[field]) === '' ? [] : [[field, values[field] ?? null]])));
}

/**
 * A record's name in one line: `Ada Lovelace <ada@example.com>` for a person, the name of a company or deal; `''`
 * when nothing names it.
 */
export function recordLabel(object: string, values: Readonly<FieldValues>): string {
  if (object === 'person') {
    const name = [text(values['firstName']), text(values['lastName'])].filter((part) => part !== '').join(' ');
    const email = text(values['email']);
    return email === '' ? name : name === '' ? `<${email}>` : `${name} <${email}>`;
  }
  return (NAMING_FIELDS[object] ?? []).map((field) => text(values[field])).filter((part) => part !== '').join(' ');
}
