import type { Company } from '#test/support/overlap-corpus/companies';
import { PERSONAL_MAIL_DOMAIN, Population, type Person } from '#test/support/overlap-corpus/population';
import type { SeededRandom } from '#test/support/overlap-corpus/random';
import { mailboxWord } from '#test/support/overlap-corpus/text-variants';
import { TITLES } from '#test/support/overlap-corpus/vocabulary';

/**
 * Attendees who register with a personal Gmail address rather than their work one; with the overlap corpus's own
 * personal addresses, also moved to Gmail, about 15 %.
 */
export const GMAIL_SHARE = 0.12;

/** Attendees per company on average: a conference draws a few people from many companies. */
const ATTENDEES_PER_COMPANY = 4;

/** A real person on the list: always an e-mail address (lower case) and a job title, since the form asks for both. */
export interface Attendee extends Person {
  email: string;
  title: readonly [string, string];
}

/**
 * Hands out distinct attendees. Names, companies, domains, phones and work addresses come from the overlap corpus's
 * {@link Population}, which keeps addresses unique and people at one company distinguishable; Gmail addresses are
 * kept unique here, as Gmail counts them (dots ignored).
 */
export class Attendees {
  private readonly population: Population;
  private readonly companies: Company[];
  private readonly gmail = new Set<string>();

  constructor(
    private readonly random: SeededRandom,
    rows: number,
  ) {
    this.population = new Population(random);
    this.companies = Array.from({ length: Math.max(8, Math.ceil(rows / ATTENDEES_PER_COMPANY)) }, () => this.population.company());
  }

  /** Someone not handed out before. */
  next(): Attendee {
    // A quarter come from a few big sponsors and exhibitors (a heavy head), the rest from anywhere.
    const company = this.random.chance(0.25) ? this.random.pickSkewed(this.companies) : this.random.pick(this.companies);
    const person = this.population.person(company);
    const work = person.email as string;
    const email = work.endsWith(`@${PERSONAL_MAIL_DOMAIN}`) || this.random.chance(GMAIL_SHARE) ? this.gmailOf(person) : work;
    return { ...person, email, title: person.title ?? this.random.pick(TITLES) };
  }

  private gmailOf(person: Person): string {
    const f = mailboxWord(person.first);
    const l = mailboxWord(person.last);
    const base = this.random.pick([`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}.${l}${10 + this.random.int(90)}`]);
    for (let n = 1; ; n++) {
      const email = `${base}${n === 1 ? '' : n}@gmail.com`;
      // Gmail ignores dots in the local part (support.google.com/mail/answer/7436150): `carlos.roberts@` and
      // `carlosroberts@` are one mailbox, so one person; two people never share one.
      const mailbox = email.replaceAll('.', '').replace(/@gmailcom$/, '');
      if (!this.gmail.has(mailbox)) {
        this.gmail.add(mailbox);
        return email;
      }
    }
  }
}
