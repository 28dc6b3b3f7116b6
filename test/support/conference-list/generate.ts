import { SeededRandom } from '#test/support/overlap-corpus/random';
import { Attendees, type Attendee } from './attendees.ts';
import { badRow } from './bad-rows.ts';
import { renderCsv } from './csv.ts';
import { hubspotCopy, registrationRow, repeatRow, salesforceCopy } from './rows.ts';
import type { BadLine, ConferenceList, ConferenceListOptions, DuplicateLine, ListRow, SeedContact, SeedHubspotContact } from './types.ts';

export type * from './types.ts';

type RowKind = 'new' | 'existing' | 'duplicate' | 'bad';

/** A person's first registration: who, on which line, as typed. */
interface Registration {
  attendee: Attendee;
  line: number;
  row: ListRow;
}

/**
 * A conference attendee list as `syncline import` meets it, with the CRM records that predate it and the ground
 * truth. The same options always give the same list. Each share is of `rows` and is met exactly (rounded): that
 * many rows are the first registration of someone both CRMs hold, repeat an earlier row's person, or are invalid;
 * the rest register distinct new people. Rows come in a shuffled order, a repeat always after the row it repeats.
 */
export function generateConferenceList(options: ConferenceListOptions): ConferenceList {
  const { rows, seed, existingShare = 0.1, duplicateShare = 0.1, badShare = 0.03, bom = true } = options;
  const counts = countsOf(rows, { existingShare, duplicateShare, badShare });
  const random = new SeededRandom(seed);
  const kinds = orderOf(counts, random);
  const attendees = new Attendees(random, rows);

  const csvRows: ListRow[] = [];
  const registered: Registration[] = [];
  const existing = { salesforce: [] as SeedContact[], hubspot: [] as SeedHubspotContact[] };
  const newPeople: string[] = [];
  const existingPeople: string[] = [];
  const bad: BadLine[] = [];
  const duplicates: DuplicateLine[] = [];

  for (const [index, kind] of kinds.entries()) {
    // The header is line 1 and no cell spans lines.
    const line = index + 2;
    if (kind === 'duplicate') {
      const first = random.pick(registered);
      csvRows.push(repeatRow(first.attendee, first.row, random));
      duplicates.push({ line, firstLine: first.line });
      continue;
    }
    const attendee = attendees.next();
    const row = registrationRow(attendee, random);
    if (kind === 'bad') {
      const refused = badRow(attendee, row, random);
      csvRows.push(refused.row);
      bad.push({ line, reason: refused.reason, ...(refused.email === undefined ? {} : { email: refused.email.trim().toLowerCase() }) });
      continue;
    }
    csvRows.push(row);
    registered.push({ attendee, line, row });
    if (kind === 'new') newPeople.push(attendee.email);
    else {
      existingPeople.push(attendee.email);
      existing.salesforce.push(salesforceCopy(attendee, random));
      existing.hubspot.push(hubspotCopy(attendee, random));
    }
  }

  return {
    csv: renderCsv(csvRows, bom),
    // Each CRM lists its records in its own order, unrelated to the list's.
    existing: { salesforce: random.shuffle(existing.salesforce), hubspot: random.shuffle(existing.hubspot) },
    truth: { rows, newPeople, existingPeople, badLines: bad.map((b) => b.line), bad, duplicateRows: duplicates.length, duplicates },
  };
}

function countsOf(rows: number, shares: { existingShare: number; duplicateShare: number; badShare: number }): Record<RowKind, number> {
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`rows must be a whole number, 0 or more; got ${rows}`);
  for (const [name, share] of Object.entries(shares)) {
    if (!(share >= 0 && share <= 1)) throw new Error(`${name} must be between 0 and 1; got ${share}`);
  }
  const existing = Math.round(rows * shares.existingShare);
  const duplicate = Math.round(rows * shares.duplicateShare);
  const bad = Math.round(rows * shares.badShare);
  const fresh = rows - existing - duplicate - bad;
  if (fresh < 0) throw new Error(`the shares add up to more than all ${rows} rows`);
  if (duplicate > 0 && fresh + existing === 0) throw new Error('a duplicate row needs an earlier valid row to repeat');
  return { new: fresh, existing, duplicate, bad };
}

/** The kinds of the rows in list order: shuffled, but never a repeat before the first registration. */
function orderOf(counts: Record<RowKind, number>, random: SeededRandom): RowKind[] {
  const kinds = random.shuffle((Object.entries(counts) as [RowKind, number][]).flatMap(([kind, n]) => Array<RowKind>(n).fill(kind)));
  const firstDuplicate = kinds.indexOf('duplicate');
  const firstPerson = kinds.findIndex((k) => k === 'new' || k === 'existing');
  if (firstDuplicate !== -1 && firstDuplicate < firstPerson) {
    [kinds[firstDuplicate], kinds[firstPerson]] = [kinds[firstPerson] as RowKind, 'duplicate'];
  }
  return kinds;
}
