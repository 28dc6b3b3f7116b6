/**
 * The hand-set fuzzy person rules Syncline shipped before the probabilistic person model: four composite rules
 * with thresholds tuned on the seeded corpus and hard vetoes. The fuzzy rule kind stays in the contract for teams
 * that want rules they can read line by line; these are its test fixture, and the benchmark's comparison beside
 * the model (test/bench/dedupe.ts).
 */
import type { FieldComparison, MatchRules } from '#domain/identity/rules';

/** A person's name: the given name nickname-aware, the family name typo-tolerant. */
const nameFields = (given: number, family: number): FieldComparison[] => [
  { field: 'firstName', comparator: 'given-name', threshold: given },
  { field: 'lastName', comparator: 'jaro-winkler', threshold: family },
];

/**
 * The rules:
 *
 * 1. `email`: the same e-mail key (case, `+tags` and Gmail dots ignored) is the same person.
 * 2. `external-id`: the same link to another system's record.
 * 3. `name-and-domain`: a similar name at the same company domain (website, else work e-mail).
 * 4. `name-and-account`: a similar name at the same linked company (a Contact's Account, a HubSpot contact's
 *    company, once Syncline links the two): finds the person one system holds without an e-mail.
 * 5. `name-and-phone`: a similar name on the same number. A shared switchboard alone never matches: the names must.
 * 6. `name-and-company`: a similar name at the same company name, unless the domains say two companies.
 *
 * Fuzzy thresholds (tuned on the generated corpus over several seeds, see test/bench/dedupe.ts): the given name
 * must be nickname-equivalent or ≥ 0.85 Jaro-Winkler on formal forms, the family name ≥ 0.88, and the two
 * together ≥ 0.92 on average: one typo in either name passes, two weak names do not. Different work e-mails and
 * different generational suffixes veto every fuzzy rule.
 */
export const handSetPersonRules: MatchRules = {
  margin: 0.05,
  rules: [
    { kind: 'exact', name: 'email', field: 'email' },
    { kind: 'external-id', name: 'external-id' },
    {
      kind: 'fuzzy',
      name: 'name-and-domain',
      blocking: [['domain', 'lastNamePhonetic'], ['domain', 'givenName']],
      fields: [...nameFields(0.85, 0.88), { field: 'domain', comparator: 'exact', threshold: 1, weight: 0 }],
      threshold: 0.92,
      vetoes: ['different-work-email', 'different-generational-suffix'],
    },
    {
      kind: 'fuzzy',
      name: 'name-and-account',
      blocking: [['account', 'lastNamePhonetic'], ['account', 'givenName']],
      fields: [...nameFields(0.85, 0.88), { field: 'account', comparator: 'exact', threshold: 1, weight: 0 }],
      threshold: 0.92,
      vetoes: ['different-work-email', 'different-generational-suffix'],
    },
    {
      kind: 'fuzzy',
      name: 'name-and-phone',
      blocking: [['phone', 'lastNamePhonetic'], ['phone', 'givenName']],
      fields: [...nameFields(0.85, 0.88), { field: 'phone', comparator: 'exact', threshold: 1, weight: 0 }],
      threshold: 0.92,
      vetoes: ['different-work-email', 'different-generational-suffix'],
    },
    {
      kind: 'fuzzy',
      name: 'name-and-company',
      blocking: [['company', 'lastNamePhonetic'], ['company', 'givenName']],
      fields: [
        ...nameFields(0.85, 0.88),
        { field: 'company', comparator: 'token-set', threshold: 0.95, weight: 0 },
        { field: 'domain', comparator: 'exact', threshold: 1, weight: 0, whenMissing: 'skip' },
      ],
      threshold: 0.92,
      vetoes: ['different-work-email', 'different-generational-suffix'],
    },
  ],
};
