import type { SeededRandom } from '#test/support/overlap-corpus/random';
import { mailboxWord } from '#test/support/overlap-corpus/text-variants';
import type { Attendee } from './attendees.ts';
import type { BadReason, ListRow } from './types.ts';

/** How the rows to refuse are spread over their reasons. */
export const BAD_REASONS = { 'no-email': 35, 'malformed-email': 45, 'no-name': 20 } as const satisfies Record<BadReason, number>;

/**
 * Addresses as people mistype them in a form that does not check them: cut short before or after the `@`, a
 * doubled `@`, the name with a space in it, no dot in the domain, or no `@` at all.
 */
const MALFORMED = {
  'no-domain': (local: string) => `${local}@`,
  'double-at': (local: string, domain: string) => `${local}@@${domain}`,
  'space-in-local': (_: string, domain: string, a: Attendee) => `${mailboxWord(a.first)} ${mailboxWord(a.last)}@${domain}`,
  'dotless-domain': (local: string, domain: string) => `${local}@${domain.split('.')[0] as string}`,
  'no-at': (local: string, domain: string) => `${local}.${domain}`,
} as const;

/** A row to refuse, drawn from a person no other row names, and the trimmed, lower-case e-mail-like cell it holds. */
export function badRow(a: Attendee, row: ListRow, random: SeededRandom): { reason: BadReason; row: ListRow; email?: string } {
  const reason = random.weighted(BAD_REASONS);
  switch (reason) {
    case 'no-email':
      // Left blank, or only spaces where the field was tabbed through.
      return { reason, row: { ...row, email: random.pick(['', ' ']) } };
    case 'no-name':
      return { reason, row: { ...row, firstName: '', lastName: random.pick(['', ' ']) }, email: a.email };
    case 'malformed-email': {
      const [local, domain] = a.email.split('@') as [string, string];
      const email = MALFORMED[random.pick(Object.keys(MALFORMED) as (keyof typeof MALFORMED)[])](local, domain, a);
      return { reason, row: { ...row, email }, email };
    }
  }
}
