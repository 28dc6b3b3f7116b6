import { drawCountry, drawDomain, drawLegalForm, type Company } from './companies.ts';
import { PhoneBook, type Phone } from './phones.ts';
import type { SeededRandom } from './random.ts';
import { RATES } from './rates.ts';
import { editDistance, foldAccents, mailboxWord } from './text-variants.ts';
import { COINED_HEADS, COINED_TAILS, COMPANY_ADJECTIVES, COMPANY_NOUNS, COMPANY_TRADES, FIRST_NAMES, INDUSTRIES, LAST_NAMES, NICKNAMES, TITLES } from './vocabulary.ts';

/** A person as they really are; each CRM holds a rendering of them. */
export interface Person {
  /** The formal first name ("Robert"); a rendering may use a nickname. */
  first: string;
  last: string;
  /** A son who shares his father's name and goes by "Jr.". */
  junior: boolean;
  email?: string;
  phone?: Phone;
  title?: readonly [string, string];
  company: Company;
}

/** Surnames a firm is named after ("Harper & Stone"): single words only. */
const PARTNER_NAMES = LAST_NAMES.filter((n) => /^\p{L}+$/u.test(n));

type MailboxPattern = 'first.last' | 'flast' | 'firstl' | 'first_last' | 'first';

/** A free-mail provider's domain: some people give a personal address to sales. */
export const PERSONAL_MAIL_DOMAIN = 'inbox.example';

/**
 * The real companies and people behind both CRMs. It keeps what must stay unique: company name stems and domains,
 * e-mail addresses, and at one company any two people a careful reader could not tell apart by name (the same
 * first name or nickname and last names within one typo).
 */
export class Population {
  private readonly stems = new Set<string>();
  private readonly usedSlugs = new Set<string>();
  private readonly domains = new Set<string>();
  private readonly emails = new Set<string>();
  private readonly slugs = new Map<Company, string>();
  private readonly patterns = new Map<Company, MailboxPattern>();
  private readonly staff = new Map<Company, Person[]>();
  private readonly phones = new PhoneBook();

  constructor(private readonly random: SeededRandom) {}

  /** A company unlike every other so far. */
  company(): Company {
    const { stem, slug, canTakeThe } = this.freshStem();
    const country = drawCountry(this.random);
    return this.register(slug, {
      stem,
      ...optional('legalForm', drawLegalForm(country, this.random)),
      leadingThe: canTakeThe && this.random.chance(RATES.leadingThe),
      domain: drawDomain(slug, country, this.random, this.domains),
      country,
      ...optional('phone', this.random.chance(RATES.companyPhone) ? this.phones.next(country) : undefined),
      ...optional('industry', this.random.chance(RATES.industry) ? this.random.pick(INDUSTRIES) : undefined),
    });
  }

  /** Another company with the same name stem as `original`, in another country, with another domain. */
  lookalikeOf(original: Company): Company {
    let country = drawCountry(this.random);
    while (country === original.country) country = drawCountry(this.random);
    const slug = this.slugs.get(original) as string;
    return this.register(slug, {
      stem: original.stem,
      ...optional('legalForm', drawLegalForm(country, this.random, original.legalForm)),
      leadingThe: original.leadingThe,
      domain: drawDomain(slug, country, this.random, this.domains),
      country,
      ...optional('phone', this.phones.next(country)),
    });
  }

  /**
   * A person at `company` no one there could be mistaken for; `email: false` leaves the address out, `firstNames`
   * narrows the first names drawn from.
   */
  person(company: Company, email = true, firstNames: readonly string[] = FIRST_NAMES): Person {
    for (let attempt = 0; attempt < 200; attempt++) {
      const first = this.random.pickSkewed(firstNames);
      const last = this.random.pickSkewed(LAST_NAMES);
      if (!this.confusable(company, first, last)) return this.hire(company, first, last, false, email);
    }
    throw new Error(`no distinguishable name left at ${company.domain}`);
  }

  /** A second person at `of`'s company who shares a last name, a first name, or the whole name plus "Jr.". */
  lookalike(of: Person, kind: 'same-last-name' | 'same-first-name' | 'junior'): Person {
    if (kind === 'junior') return this.hire(of.company, of.first, of.last, true, true);
    for (let attempt = 0; attempt < 200; attempt++) {
      const first = kind === 'same-first-name' ? of.first : this.random.pickSkewed(FIRST_NAMES);
      const last = kind === 'same-last-name' ? of.last : this.random.pickSkewed(LAST_NAMES);
      if (!this.confusable(of.company, first, last)) return this.hire(of.company, first, last, false, true);
    }
    throw new Error(`no look-alike name left at ${of.company.domain}`);
  }

  private register(slug: string, company: Company): Company {
    this.domains.add(company.domain);
    this.slugs.set(company, slug);
    this.patterns.set(company, this.random.weighted({ 'first.last': 50, flast: 22, firstl: 8, first_last: 12, first: 8 }));
    return company;
  }

  private freshStem(): { stem: string; slug: string; canTakeThe: boolean } {
    const r = this.random;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const kind = r.weighted({ pair: 35, trade: 30, partners: 15, coined: 20 });
      const adjective = r.pick(COMPANY_ADJECTIVES);
      const noun = r.pick(COMPANY_NOUNS.filter((n) => n !== adjective));
      const [left, right] = [r.pick(PARTNER_NAMES), r.pick(PARTNER_NAMES)] as [string, string];
      const coined = r.pick(COINED_HEADS) + r.pick(COINED_TAILS);
      const trade = r.pick(COMPANY_TRADES);
      const stem = { pair: `${adjective} ${noun}`, trade: `${adjective} ${noun} ${trade}`, partners: `${left} & ${right}`, coined: r.chance(0.4) ? `${coined} ${trade}` : coined }[kind];
      // Two companies whose names differ only by a trade word or by order ("Stone & Harper") would be look-alikes.
      const core = { pair: adjective + noun, trade: adjective + noun, partners: [left, right].sort().join('&'), coined }[kind];
      if (left === right || this.stems.has(mailboxWord(core))) continue;
      this.stems.add(mailboxWord(core));
      const slug = kind === 'trade' && r.chance(0.5) ? mailboxWord(adjective + noun) : mailboxWord(stem);
      if (this.usedSlugs.has(slug)) continue;
      this.usedSlugs.add(slug);
      return { stem, slug, canTakeThe: kind === 'trade' };
    }
    throw new Error('company names ran out');
  }

  private confusable(company: Company, first: string, last: string): boolean {
    const names = aliases(first);
    const plainLast = plain(last);
    return (this.staff.get(company) ?? []).some((p) => {
      const sameFirst = [...aliases(p.first)].some((a) => names.has(a));
      const swapped = plain(p.first) === plainLast && plain(p.last) === plain(first);
      return (sameFirst && editDistance(plain(p.last), plainLast) <= 1) || swapped;
    });
  }

  private hire(company: Company, first: string, last: string, junior: boolean, withEmail: boolean): Person {
    const person: Person = {
      first,
      last,
      junior,
      ...optional('email', withEmail ? this.mailbox(company, first, last, junior) : undefined),
      ...optional('phone', this.random.chance(RATES.personPhone) ? this.phones.next(company.country) : undefined),
      ...optional('title', this.random.chance(RATES.title) ? this.random.pick(TITLES) : undefined),
      company,
    };
    this.staff.set(company, [...(this.staff.get(company) ?? []), person]);
    return person;
  }

  private mailbox(company: Company, first: string, last: string, junior: boolean): string {
    const f = mailboxWord(first);
    const l = mailboxWord(last);
    const personal = this.random.chance(RATES.personalEmail);
    const pattern = personal ? 'first.last' : (this.patterns.get(company) as MailboxPattern);
    const local = { 'first.last': `${f}.${l}`, flast: `${f[0]}${l}`, firstl: `${f}${l[0]}`, first_last: `${f}_${l}`, first: f }[pattern] + (junior ? 'jr' : '');
    const domain = personal ? PERSONAL_MAIL_DOMAIN : company.domain;
    for (let n = 1; ; n++) {
      const email = `${local}${n === 1 ? '' : n}@${domain}`;
      if (!this.emails.has(email)) {
        this.emails.add(email);
        return email;
      }
    }
  }
}

function plain(name: string): string {
  return foldAccents(name).toLowerCase();
}

function aliases(first: string): Set<string> {
  return new Set([first, ...(NICKNAMES[first] ?? [])].map(plain));
}

/** `{[key]: value}` when the value is defined, else nothing: records carry no `undefined` properties. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
