import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Window, type WindowTask } from '#app/window';
import { windowedDeps } from '#app/windowed-deps';
import { PermanentError, RetryableError } from '#domain/errors';
import { processorSetup } from '#test/support/processor-setup';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await (i % 2 === 0 ? tick() : Promise.resolve());
}

describe('Window', () => {
  it('gathers the loads of changes that reach them at different depths into one call', async () => {
    // Prepare
    const window = new Window();
    const calls: number[][] = [];
    const double = window.batched<number, number>(async (_key, items) => {
      calls.push(items);
      return items.map((i) => i * 2);
    });

    // Act: three changes, each after its own number of other awaits (store calls, say).
    const results = await window.runAll([0, 3, 7].map((depth, i) => async (task: WindowTask) => (await ticks(depth), double(task, 'k', i + 1))));

    // Assess
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual([2, 4, 6]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('counts a change waiting on two calls at once as one waiting change', async () => {
    const window = new Window();
    const calls: string[] = [];
    const echo = window.batched<string, string>(async (key, items) => {
      calls.push(`${key}:${items.join(',')}`);
      return items;
    });

    const results = await window.runAll<unknown>([async (task) => Promise.all([echo(task, 'a', 'x'), echo(task, 'b', 'y')]), async (task) => (await ticks(5), echo(task, 'a', 'z'))]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(calls.sort()).toEqual(['a:x,z', 'b:y']);
  });

  it('fails every item of a call that throws, and only those', async () => {
    const window = new Window();
    const load = window.batched<string, string>(async (key, items) => {
      if (key === 'bad') throw new RetryableError('vendor down');
      return items;
    });

    const results = await window.runAll([(t) => load(t, 'bad', 'a'), (t) => load(t, 'good', 'b'), (t) => load(t, 'bad', 'c')]);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
  });

  it('fails an item the call returned no result for, alone', async () => {
    const window = new Window();
    const load = window.batched<string, string>(async (_key, items) => items.slice(0, 1));

    const results = await window.runAll([(t) => load(t, 'k', 'a'), (t) => load(t, 'k', 'b')]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('sends the items of a batch refused for one of them again one by one, so only that one fails', async () => {
    const window = new Window();
    const calls: string[][] = [];
    const load = window.batched<string, string>(
      async (_key, items) => {
        calls.push(items);
        if (items.includes('bad')) throw new PermanentError('VALIDATION_ERROR', 'one input is invalid');
        return items;
      },
      { splitOn: (error) => error instanceof PermanentError },
    );

    const results = await window.runAll([(t) => load(t, 'k', 'a'), (t) => load(t, 'k', 'bad'), (t) => load(t, 'k', 'c')]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('fails the whole batch on an error that concerns the call, not its items', async () => {
    const window = new Window();
    let calls = 0;
    const load = window.batched<string, string>(
      async () => {
        calls++;
        throw new RetryableError('HubSpot answered 503');
      },
      { splitOn: (error) => !(error instanceof RetryableError) },
    );

    const results = await window.runAll([(t) => load(t, 'k', 'a'), (t) => load(t, 'k', 'b')]);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
  });

  it('makes a load outside a run at once, alone', async () => {
    const window = new Window();
    const calls: string[][] = [];
    const load = window.batched<string, string>(async (_key, items) => (calls.push(items), items));

    await expect(load(undefined, 'k', 'solo')).resolves.toBe('solo');
    expect(calls).toEqual([['solo']]);
  });

  it('answers every load with its own result, in no more calls per key than the most loads one change makes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c'), depth: fc.nat(4) }), { maxLength: 5 }), { minLength: 1, maxLength: 8 }), async (changes) => {
        const window = new Window();
        const calls = new Map<string, number>();
        const load = window.batched<string, string>(async (key, items) => {
          calls.set(key, (calls.get(key) ?? 0) + 1);
          return items.map((item) => `${key}:${item}`);
        });

        const results = await window.runAll(
          changes.map((steps, c) => async (task: WindowTask) => {
            const answers: string[] = [];
            for (const [s, step] of steps.entries()) {
              await ticks(step.depth);
              answers.push(await load(task, step.key, `${c}.${s}`));
            }
            return answers;
          }),
        );

        results.forEach((r, c) => expect(r).toEqual({ status: 'fulfilled', value: (changes[c] ?? []).map((step, s) => `${step.key}:${c}.${s}`) }));
        const most = Math.max(...changes.map((steps) => steps.length));
        for (const count of calls.values()) expect(count).toBeLessThanOrEqual(most);
      }),
      { numRuns: 60 },
    );
  });
});

describe('windowedDeps', () => {
  it('writes one target record twice in two calls, in order, and everything else in the first', async () => {
    const { deps, salesforce } = processorSetup();
    const window = new Window();
    const forTask = windowedDeps(window, deps);
    const upsert = (externalId: string, name: string) => (task: WindowTask) => forTask(task).writers.salesforce!.upsert('Contact', 'HubSpot_Id__c', [{ externalId, fields: { LastName: name } }]);

    const results = await window.runAll([upsert('1', 'First'), upsert('2', 'Other'), upsert('1', 'Second')]);

    expect(results.every((r) => r.status === 'fulfilled' && r.value[0]?.ok)).toBe(true);
    expect(salesforce.calls.map((c) => c.records.map((r) => `${r.externalId}=${String(r.fields['LastName'])}`))).toEqual([['1=First', '2=Other'], ['1=Second']]);
    expect(salesforce.records.get('1')?.['LastName']).toBe('Second');
  });

  it('keeps the writes that landed when a later call of the same flush fails, and fails only the changes whose write did not', async () => {
    const { deps } = processorSetup();
    const calls: string[][] = [];
    const writer = {
      upsert: async (_object: string, _field: string, records: readonly { externalId: string }[]) => {
        calls.push(records.map((r) => r.externalId));
        if (calls.length === 2) throw new RetryableError('Salesforce timed out');
        return records.map((r) => ({ ok: true as const, id: `003${r.externalId}`, created: true }));
      },
    };
    const window = new Window();
    const forTask = windowedDeps(window, { ...deps, writers: { salesforce: writer } });
    const upsert = (externalId: string) => (task: WindowTask) => forTask(task).writers.salesforce!.upsert('Contact', 'HubSpot_Id__c', [{ externalId, fields: {} }]);

    const results = await window.runAll([upsert('a'), upsert('b'), upsert('a')]);

    expect(calls).toEqual([['a', 'b'], ['a']]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });

  it('reads for the whole window in one call per object, and looks up in one call per object where the vendor takes no lookups together', async () => {
    const { deps, hubspotRecords, salesforceRecords } = processorSetup();
    hubspotRecords.records.set('1', { email: 'a@example.com' });
    salesforceRecords.records.set('003A', { Email: 'A@example.com' });
    const window = new Window();
    const withoutAcross = { read: salesforceRecords.read.bind(salesforceRecords), findIdsMany: salesforceRecords.findIdsMany.bind(salesforceRecords) };
    const forTask = windowedDeps(window, { ...deps, readers: { ...deps.readers, salesforce: withoutAcross } });
    const readers = (task: WindowTask) => forTask(task).readers;

    const [read1, read2, found] = await window.runAll<unknown>([
      (task) => readers(task).hubspot!.read('contacts', '1', ['email']),
      (task) => readers(task).hubspot!.read('contacts', '2', ['email']),
      (task) => readers(task).salesforce!.findIds!('Contact', 'Email', 'a@example.com'),
    ]);

    expect(read1).toMatchObject({ status: 'fulfilled', value: { values: { email: 'a@example.com' } } });
    expect(read2).toEqual({ status: 'fulfilled', value: null });
    expect(found).toEqual({ status: 'fulfilled', value: ['003A'] });
    expect(hubspotRecords.calls).toEqual([{ method: 'readMany', ids: ['1', '2'] }]);
    expect(salesforceRecords.lookups).toEqual([{ method: 'findIdsMany', objectType: 'Contact', values: ['a@example.com'] }]);
  });
});
