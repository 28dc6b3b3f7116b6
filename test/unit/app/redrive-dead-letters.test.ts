import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listDeadLetters, redriveDeadLetters, showDeadLetter } from '#app/redrive-dead-letters';
import type { ChangeEvent } from '#domain/change-event';
import type { DeadLetter, DeadLetterQueue, DeadLetterWalk } from '#ports/dead-letter-queue';
import type { FailureLog, FailureRecord } from '#ports/stores';

/** A dead-letter queue in memory: `reachable` are the messages a walk sees; `hidden` more are in the queue. */
class MemoryDeadLetters implements DeadLetterQueue {
  readonly movedBack: DeadLetter[] = [];
  constructor(
    public reachable: DeadLetter[],
    private readonly hidden = 0,
    private readonly refuse = new Set<string>(),
  ) {}
  async walk(decide: (letter: DeadLetter) => 'move' | 'keep'): Promise<DeadLetterWalk> {
    const walk: DeadLetterWalk = { kept: [], moved: [], failed: [], approximateCount: this.reachable.length + this.hidden };
    for (const letter of this.reachable) {
      if (decide(letter) === 'keep') walk.kept.push(letter);
      else if (this.refuse.has(letter.id)) walk.failed.push({ letter, reason: 'not sent' });
      else walk.moved.push(letter);
    }
    this.movedBack.push(...walk.moved);
    this.reachable = [...walk.kept, ...walk.failed.map((f) => f.letter)];
    return walk;
  }
}

class MemoryFailures implements FailureLog {
  readonly asked: string[][] = [];
  constructor(private readonly records: FailureRecord[] = []) {}
  async record(failure: FailureRecord): Promise<void> {
    this.records.push(failure);
  }
  async lastOf(keys: readonly string[]): Promise<Map<string, FailureRecord>> {
    this.asked.push([...keys]);
    return new Map(this.records.filter((r) => keys.includes(r.key)).map((r) => [r.key, r]));
  }
}

const change = (sourceId: string, eventId: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: '2026-12-01T10:00:00Z', kind: 'upsert', fields: {} });
const letter = (id: string, body: string): DeadLetter => ({ id, body, groupId: 'g', receiveCount: 6 });
const failure: FailureRecord = { key: 'hubspot:e1', error: 'RetryableError', message: 'salesforce answered 500', receiveCount: 5, at: '2026-12-01T10:05:00Z' };

describe('dead letters', () => {
  it('lists each change with its record and the last failure of its idempotency key, and counts what it could not reach', async () => {
    const queue = new MemoryDeadLetters([letter('m1', JSON.stringify(change('1042', 'e1'))), letter('m2', JSON.stringify(change('7', 'e2')))], 3);
    const failures = new MemoryFailures([failure]);

    const { letters, notShown } = await listDeadLetters({ deadLetters: queue, failures });

    expect(letters.map((l) => [l.id, l.record, l.lastError?.message])).toEqual([
      ['m1', 'hubspot:contacts:1042', 'salesforce answered 500'],
      ['m2', 'hubspot:contacts:7', undefined],
    ]);
    expect(notShown).toBe(3);
    expect(failures.asked).toEqual([['hubspot:e1', 'hubspot:e2']]);
    expect(queue.movedBack).toEqual([]);
  });

  it('shows a body that is not a change event as unreadable, and finds no message it cannot reach', async () => {
    const deps = { deadLetters: new MemoryDeadLetters([letter('m1', '{"source":"hubspot"}')]), failures: new MemoryFailures() };

    expect(await showDeadLetter(deps, 'm1')).toMatchObject({ id: 'm1', event: null, record: '(unreadable body)' });
    expect(await showDeadLetter(deps, 'm9')).toBeNull();
  });

  it('redrives the chosen ids only, and reports the ones not found and the ones that failed', async () => {
    const queue = new MemoryDeadLetters(['m1', 'm2', 'm3'].map((id, i) => letter(id, JSON.stringify(change(String(i), `e${i}`)))), 0, new Set(['m3']));

    const result = await redriveDeadLetters({ deadLetters: queue, failures: new MemoryFailures() }, ['m1', 'm3', 'm9', 'm1']);

    expect(result.moved.map((l) => l.id)).toEqual(['m1']);
    expect(result.missing).toEqual(['m9']);
    expect(result.failed).toEqual([{ id: 'm3', reason: 'not sent' }]);
    expect(queue.reachable.map((l) => l.id)).toEqual(['m2', 'm3']);
  });

  it('reads any body without throwing: a change event yields its record, anything else is unreadable', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.constantFrom(JSON.stringify(change('1', 'e1')))), async (body) => {
        const { letters } = await listDeadLetters({ deadLetters: new MemoryDeadLetters([letter('m', body)]), failures: new MemoryFailures() });
        expect(letters[0]?.record).toBe(body === JSON.stringify(change('1', 'e1')) ? 'hubspot:contacts:1' : '(unreadable body)');
      }),
    );
  });
});
