import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, keepState, type PersistentStore } from '#local/sandboxes/kit/index';

/** A store shaped like the sandboxes' own: tables of records in Maps, a Set index and an id counter. */
class CounterStore implements PersistentStore<{ rows: Map<string, { name: string }>; tags: Set<string>; next: number }> {
  rows = new Map<string, { name: string }>();
  tags = new Set<string>();
  next = 1;

  add(name: string): string {
    const id = String(this.next++);
    this.rows.set(id, { name });
    this.tags.add(name);
    return id;
  }

  exportState() {
    return { rows: this.rows, tags: this.tags, next: this.next };
  }

  importState(state: { rows: Map<string, { name: string }>; tags: Set<string>; next: number }): void {
    Object.assign(this, state);
  }
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'syncline-sandbox-')), 'sandboxes', 'counter.json');

describe('sandbox state encoding', () => {
  it('reads back Maps, Sets, arrays and plain values as they were written', () => {
    // As JSON has it: -0 is written as 0 by any JSON encoder, so it is not a value a JSON file can keep.
    const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, json, fc.array(tie('node'), { maxLength: 3 }), tie('map'), tie('set')),
      map: fc.array(fc.tuple(fc.oneof(fc.string(), fc.integer()), tie('node')), { maxLength: 3 }).map((entries) => new Map(entries)),
      set: fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }).map((values) => new Set(values)),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeState(encodeState(v))).toStrictEqual(v);
      }),
    );
  });

  it('keeps a Map of Maps and a Set whole', () => {
    const state = { tables: new Map([['contacts', new Map([['1001', { email: 'ada@example.com' }]])]]), links: new Set([7, 9]), next: 1002 };

    expect(decodeState(encodeState(state))).toEqual(state);
  });
});

describe('keepState', () => {
  it('seeds when no file exists, and writes the seeded state at once', () => {
    // Prepare
    const file = tempFile();
    const store = new CounterStore();

    // Act
    const saved = keepState(file, { counter: store }, () => store.add('seeded'));
    saved.close();

    // Assess
    expect(saved.restored).toBe(false);
    expect(decodeState(readFileSync(file, 'utf8'))).toEqual({ counter: { rows: new Map([['1', { name: 'seeded' }]]), tags: new Set(['seeded']), next: 2 } });
  });

  it('restores instead of seeding, and new ids continue after the kept ones', () => {
    // Prepare
    const file = tempFile();
    const before = new CounterStore();
    const first = keepState(file, { counter: before }, () => before.add('seeded'));
    before.add('written later');
    first.close();

    // Act
    const after = new CounterStore();
    let seeded = false;
    const second = keepState(file, { counter: after }, () => (seeded = true));
    const id = after.add('after restart');
    second.close();

    // Assess
    expect(second.restored).toBe(true);
    expect(seeded).toBe(false);
    expect([...after.rows.values()].map((r) => r.name)).toEqual(['seeded', 'written later', 'after restart']);
    expect(id).toBe('3');
  });

  it('leaves no partial file beside the state file', () => {
    const file = tempFile();
    const store = new CounterStore();
    const saved = keepState(file, { counter: store }, () => store.add('a'));
    store.add('b');
    saved.save();
    saved.close();

    expect(readdirSync(join(file, '..'))).toEqual(['counter.json']);
  });

  it('keeps nothing without a file, and seeds', () => {
    const store = new CounterStore();

    const saved = keepState(undefined, { counter: store }, () => store.add('seeded'));

    expect(saved.restored).toBe(false);
    expect(store.rows.size).toBe(1);
  });

  it('fails with the file named and the way out when the state cannot be read', () => {
    const file = tempFile();
    keepState(file, { counter: new CounterStore() }, () => undefined).close();
    writeFileSync(file, '{"counter":');

    expect(() => keepState(file, { counter: new CounterStore() }, () => undefined)).toThrow(/counter\.json cannot be read .*npm start -- --fresh starts clean/);
    expect(existsSync(file)).toBe(true);
  });
});
