import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSyncRunEvent } from '#config/sync-run-event';

const name = fc.stringMatching(/^[a-z][a-z-]{0,15}$/);
const job = fc.oneof(
  fc.record({ kind: fc.constant('initial-sync' as const), object: name, dryRun: fc.boolean() }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constant('backfill' as const), system: name, object: name, since: fc.nat() }, { requiredKeys: ['kind', 'system', 'object'] }),
  fc.record({ kind: fc.constant('import' as const), object: name, file: fc.string({ minLength: 1 }), digest: fc.stringMatching(/^[0-9a-f]{16}$/), rows: fc.nat() }),
);

describe('parseSyncRunEvent', () => {
  it('returns every start and step event the state machine sends unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(job.map((j) => ({ action: 'start' as const, job: j })), fc.string({ minLength: 1 }).map((runId) => ({ action: 'step' as const, runId }))), (event) => {
        expect(parseSyncRunEvent(structuredClone(event))).toEqual(event);
      }),
    );
  });

  it('rejects an unknown job kind, naming its path', () => {
    expect(() => parseSyncRunEvent({ action: 'start', job: { kind: 'export' } })).toThrow(/job\.kind/);
  });

  it('rejects a backfill without its system and a step without its run id, listing every problem', () => {
    expect(() => parseSyncRunEvent({ action: 'start', job: { kind: 'backfill', object: 'person', since: -1 } })).toThrow(/job\.system: .*; job\.since: /);
    expect(() => parseSyncRunEvent({ action: 'step', runId: '' })).toThrow(/runId: /);
  });

  it('rejects an import whose digest is not the file digest the command writes', () => {
    expect(() => parseSyncRunEvent({ action: 'start', job: { kind: 'import', object: 'person', file: 'a.csv', digest: 'not-hex', rows: 1 } })).toThrow(/job\.digest/);
  });

  it('rejects an event that is no sync-run event', () => {
    expect(() => parseSyncRunEvent({ source: 'aws.events' })).toThrow(/invalid sync-run event: action: /);
    expect(() => parseSyncRunEvent(null)).toThrow(/invalid sync-run event/);
  });
});
