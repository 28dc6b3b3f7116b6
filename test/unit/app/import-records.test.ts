import { describe, expect, it } from 'vitest';
import { importRecords, type ImportDeps, type ImportRow } from '#app/import-records';
import type { FieldValues } from '#domain/change-event';
import type { ListedRecord, RecordLister } from '#ports/crm';
import { FakeClock, MemoryAudit, MemoryCursors, MemoryQueue, MemoryQuarantine, MemoryReviews, MemoryState, MemoryWriter } from '#test/support/fakes';
import { shippedPlan } from '#test/support/processor-setup';

/** HubSpot as an import sees it: what the writer holds (keyed by e-mail), listed in full. */
function hubspot(existing: FieldValues[] = []) {
  const writer = new MemoryWriter('50');
  for (const [i, values] of existing.entries()) writer.records.set(String(values['email']), { ...values, Id: `90${i}` });
  const lister: RecordLister = {
    async *list() {
      const page: ListedRecord[] = [...writer.records.entries()].map(([email, { Id, ...values }]) => ({ id: Id, record: { values: { ...values, email } } }));
      yield page;
    },
  };
  return { writer, lister };
}

function setup(existing: { hubspot?: FieldValues[]; salesforce?: FieldValues[] } = {}) {
  const hs = hubspot(existing.hubspot);
  const salesforce: RecordLister = {
    async *list(objectType) {
      yield objectType === 'Contact' ? (existing.salesforce ?? []).map((values, i) => ({ id: `003${i}`, record: { values } })) : [];
    },
  };
  const queue = new MemoryQueue();
  const quarantine = new MemoryQuarantine();
  const audit = new MemoryAudit();
  const cursors = new MemoryCursors();
  const deps: ImportDeps = {
    plan: shippedPlan(),
    listers: { hubspot: hs.lister, salesforce },
    writers: { hubspot: hs.writer },
    createKeys: { hubspot: [{ objectType: 'contacts', field: 'email' }] },
    state: new MemoryState(),
    reviews: new MemoryReviews(),
    quarantine,
    // The pipeline is not part of this test: every change counts as processed at once.
    idempotency: { completedOf: async (keys) => new Set(keys) },
    queue,
    clock: new FakeClock(),
    sleep: async () => undefined,
    cursors,
    audit,
  };
  return { deps, hubspot: hs.writer, queue, quarantine, audit, cursors };
}

let line = 1;
const row = (values: Record<string, string>): ImportRow => ({ line: ++line, canonical: { ...values }, match: { ...values } });
const options = (rows: ImportRow[], digest = 'd1') => ({ object: 'person', file: 'attendees.csv', digest, rows, quietMs: 0 });

describe('importRecords', () => {
  it('creates each new person once, keyed by e-mail in HubSpot, and sends it through the pipeline', async () => {
    // Prepare
    const { deps, hubspot: writer, queue, audit } = setup({ hubspot: [{ email: 'known@acme.test', firstname: 'Kim', lastname: 'Known' }] });
    const rows = [
      row({ email: 'ada@lovelace.test', firstName: 'Ada', lastName: 'Lovelace' }),
      row({ email: 'known@acme.test', firstName: 'Kim', lastName: 'Known' }),
      row({ email: 'ada@lovelace.test', firstName: 'Ada', lastName: 'Lovelace', title: 'Countess' }),
      row({ email: 'alan@turing.test', firstName: 'Alan', lastName: 'Turing' }),
    ];

    // Act
    const report = await importRecords(deps, options(rows));

    // Assess
    expect(writer.calls.flatMap((c) => c.records.map((r) => r.externalId))).toEqual(['ada@lovelace.test', 'alan@turing.test']);
    expect(writer.calls[0]?.externalIdField).toBe('email');
    // The later row of the same person fills what the first left blank.
    expect(writer.records.get('ada@lovelace.test')).toMatchObject({ firstname: 'Ada', jobtitle: 'Countess' });
    expect(report).toMatchObject({ toCreate: 2, duplicatesInFile: 1, existing: { hubspot: 1 }, created: { hubspot: 2 }, rejected: [], unsettled: 0, finished: true });
    expect(queue.events.map((e) => [e.source, e.objectType, e.sourceId])).toEqual(writer.calls[0]?.records.map((_, i) => ['hubspot', 'contacts', `50${String(i + 2).padStart(15, '0')}`]));
    expect(audit.entries.filter((e) => e.field === 'email').map((e) => [e.after, e.before])).toEqual([
      ['ada@lovelace.test', null],
      ['alan@turing.test', null],
    ]);
  });

  it('refuses rows a target would refuse, with the reason, into the quarantine, and creates nothing for them', async () => {
    // Prepare
    const { deps, hubspot: writer, quarantine } = setup();
    const rows = [row({ email: 'no.name@acme.test', firstName: 'Nona' }), row({ email: 'jane@@acme.test', lastName: 'Doe' }), row({ lastName: 'Mail', firstName: 'No' })];

    // Act
    const report = await importRecords(deps, options(rows));

    // Assess
    expect(writer.calls).toEqual([]);
    expect(report.rejected.map((r) => [r.line, r.code])).toEqual(rows.map((r) => [r.line, 'INVALID_ROW']));
    expect(report.rejected[0]?.reason).toContain('lastName is required (salesforce)');
    expect(report.rejected[1]?.reason).toMatch(/^email: /);
    expect(report.rejected[2]?.reason).toContain('email is required (hubspot)');
    const items = await quarantine.list();
    expect(items.map((i) => [i.code, i.event.source])).toEqual(rows.map(() => ['INVALID_ROW', 'import']));
    // The reason names the field, never the value.
    expect(items[1]?.reason).not.toContain('jane@@');
  });

  it('writes nothing in a dry run and reports what it would create', async () => {
    const { deps, hubspot: writer, queue, cursors } = setup();

    const report = await importRecords(deps, { ...options([row({ email: 'grace@hopper.test', lastName: 'Hopper' })]), dryRun: true });

    expect(report.toCreate).toBe(1);
    expect([writer.calls.length, queue.events.length, cursors.puts]).toEqual([0, 0, 0]);
  });

  it('resumes a run that stopped midway: what it created counts as created and goes through again, the rest is written once', async () => {
    // Prepare: the first attempt dies on its second chunk.
    const { deps, hubspot: writer, queue } = setup();
    const rows = ['a', 'b', 'c'].map((n) => row({ email: `${n}@resume.test`, lastName: n.toUpperCase() }));
    const upsert = writer.upsert.bind(writer);
    let calls = 0;
    writer.upsert = async (...args) => {
      if (++calls === 2) throw new Error('killed');
      return upsert(...args);
    };
    await expect(importRecords(deps, { ...options(rows, 'd2'), chunkSize: 1 })).rejects.toThrow('killed');

    // Act
    const report = await importRecords(deps, { ...options(rows, 'd2'), chunkSize: 1 });

    // Assess
    expect(report.resumed).toBe(true);
    expect(report.toCreate).toBe(3);
    expect(report.created).toEqual({ hubspot: 3 });
    expect(writer.calls.flatMap((c) => c.records.map((r) => r.externalId))).toEqual(['a@resume.test', 'b@resume.test', 'c@resume.test']);
    expect(new Set(queue.events.map((e) => e.sourceId)).size).toBe(3);
    expect(writer.records.size).toBe(3);
  });

  it('sends through itself only the records the pipeline has not brought to the other systems on its own', async () => {
    // Prepare: the entry system's notifications bring every record but the first to Salesforce.
    const { deps, queue } = setup();
    const rows = ['p', 'q', 'r'].map((n) => row({ email: `${n}@arrive.test`, lastName: n.toUpperCase() }));
    deps.state.linkedEntities = async (keys) => {
      const arrivedKeys = keys.filter((k) => !k.endsWith('000000000000001'));
      return {
        links: new Map(arrivedKeys.map((k) => [k, k])),
        entities: new Map(arrivedKeys.map((k) => [k, { entityId: k, object: 'person', golden: { fields: {}, version: 1 }, links: { hubspot: k, salesforce: 'Contact:003x' }, written: {}, version: 1 }])),
      };
    };

    // Act
    const report = await importRecords(deps, options(rows, 'd4'));

    // Assess
    expect(queue.events.map((e) => e.sourceId)).toEqual(['50000000000000001']);
    expect(report.created).toEqual({ hubspot: 3, salesforce: 2 });
  });

  it('leaves alone a person who appeared in HubSpot after the full read, and one created by someone else between look-up and write', async () => {
    // Prepare: a form fill creates one attendee after the read; another lands between the look-up and the write.
    const { deps, hubspot: writer, audit } = setup();
    const rows = ['early', 'racer', 'fresh'].map((n) => row({ email: `${n}@race.test`, lastName: n }));
    deps.finders = { hubspot: { findIdsMany: async (_type, _field, values) => new Map(values.filter((v) => v === 'early@race.test').map((v) => [v, ['77']])) } };
    const upsert = writer.upsert.bind(writer);
    writer.upsert = async (type, field, records) => {
      writer.records.set('racer@race.test', { Id: '78', lastname: 'Theirs' });
      return upsert(type, field, records);
    };

    // Act
    const report = await importRecords(deps, options(rows, 'd5'));

    // Assess
    expect(writer.calls[0]?.records.map((r) => r.externalId)).toEqual(['racer@race.test', 'fresh@race.test']);
    expect(report).toMatchObject({ existing: { hubspot: 2 }, created: { hubspot: 1 }, finished: true });
    expect(new Set(audit.entries.map((e) => e.recordKey))).toEqual(new Set([`hubspot:contacts:${writer.records.get('fresh@race.test')?.Id}`]));
  });

  it('tries again the records HubSpot failed for a passing reason, and refuses for good those it refused', async () => {
    const { deps, hubspot: writer } = setup();
    const rows = ['busy', 'bad'].map((n) => row({ email: `${n}@retry.test`, lastName: n }));
    const upsert = writer.upsert.bind(writer);
    let call = 0;
    writer.upsert = async (type, field, records) => {
      if (++call === 1) return records.map((r) => (r.externalId.startsWith('busy') ? { ok: false, code: 'RATE_LIMITS', message: 'slow down', retryable: true } : { ok: false, code: 'VALIDATION_ERROR', message: 'Property values were not valid', retryable: false }));
      return upsert(type, field, records);
    };

    const report = await importRecords(deps, options(rows, 'd6'));

    expect(writer.calls.map((c) => c.records.map((r) => r.externalId))).toEqual([['busy@retry.test']]);
    expect(report.created).toEqual({ hubspot: 1 });
    expect(report.rejected.map((r) => [r.line, r.code])).toEqual([[rows[1]?.line, 'VALIDATION_ERROR']]);
  });

  it('refuses a row with more cells than the header has columns, whatever it holds', async () => {
    const { deps, hubspot: writer } = setup();
    const shifted: ImportRow = { ...row({ email: 'acme@inc.test', lastName: 'Inc.' }), unreadable: '8 cells under 7 columns: quote a cell that holds a comma' };

    const report = await importRecords(deps, options([shifted], 'd7'));

    expect(report.rejected.map((r) => r.code)).toEqual(['UNREADABLE_ROW']);
    expect(writer.calls).toEqual([]);
  });

  it('stops writing before its deadline and says it has not finished; the next call carries the run on', async () => {
    // Prepare: the deadline leaves time for no chunk.
    const { deps, hubspot: writer, queue } = setup();
    const rows = ['x', 'y'].map((n) => row({ email: `${n}@later.test`, lastName: n }));

    // Act
    const first = await importRecords(deps, { ...options(rows, 'd8'), deadline: deps.clock.nowMs() + 30_000 });
    const writesAfterFirst = writer.calls.length;
    const second = await importRecords(deps, options(rows, 'd8'));

    // Assess
    expect([first.finished, writesAfterFirst]).toEqual([false, 0]);
    expect(second).toMatchObject({ finished: true, created: { hubspot: 2 } });
    expect(queue.events).toHaveLength(2);
  });

  it('resumes from its saved plan without reading the CRMs again; of a chunk cut short, only what it wrote counts as written', async () => {
    // Prepare: HubSpot found by e-mail; the first attempt dies halfway through its second chunk (o written, p not).
    const { deps, hubspot: writer, queue } = setup();
    deps.finders = { hubspot: { findIdsMany: async (_type, _field, values) => new Map(values.flatMap((v) => (writer.records.has(v) ? [[v, [writer.records.get(v)?.Id ?? '']] as [string, string[]]] : []))) } };
    let lists = 0;
    const list = deps.listers['hubspot']?.list.bind(deps.listers['hubspot']);
    deps.listers['hubspot'] = { list: (...args) => (lists++, (list as NonNullable<typeof list>)(...args)) };
    const rows = ['m', 'n', 'o', 'p'].map((n) => row({ email: `${n}@plan.test`, lastName: n.toUpperCase() }));
    const upsert = writer.upsert.bind(writer);
    let calls = 0;
    writer.upsert = async (type, field, records) => {
      if (++calls !== 2) return upsert(type, field, records);
      await upsert(type, field, records.slice(0, 1));
      throw new Error('killed halfway through a chunk');
    };
    await expect(importRecords(deps, { ...options(rows, 'd9'), chunkSize: 2 })).rejects.toThrow('killed');

    // Act
    const report = await importRecords(deps, { ...options(rows, 'd9'), chunkSize: 2 });

    // Assess
    expect(lists).toBe(1);
    expect(report).toMatchObject({ resumed: true, finished: true, toCreate: 4, created: { hubspot: 4 } });
    expect(writer.calls.map((c) => c.records.map((r) => r.externalId))).toEqual([['m@plan.test', 'n@plan.test'], ['o@plan.test'], ['p@plan.test']]);
    expect([...writer.records.keys()].sort()).toEqual(['m@plan.test', 'n@plan.test', 'o@plan.test', 'p@plan.test']);
    expect(new Set(queue.events.map((e) => e.sourceId)).size).toBe(4);
  });

  it('creates nothing when the same file is imported again after its run finished', async () => {
    const { deps, hubspot: writer } = setup();
    const rows = [row({ email: 'once@again.test', lastName: 'Once' })];
    await importRecords(deps, options(rows, 'd3'));

    const again = await importRecords(deps, options(rows, 'd3'));

    expect(again).toMatchObject({ resumed: false, toCreate: 0, existing: { hubspot: 1 } });
    expect(writer.calls).toHaveLength(1);
  });
});
