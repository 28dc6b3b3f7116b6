import { describe, expect, it } from 'vitest';
import { initialSync, type InitialSyncDeps } from '#app/initial-sync';
import { reconcile } from '#app/reconcile';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import type { FieldValues } from '#domain/change-event';
import type { ListedRecord, ListOptions, RecordLister } from '#ports/crm';
import type { EntityState } from '#ports/stores';
import { CountingMetrics, FakeClock, MemoryCursors, MemoryQuarantine, MemoryQueue, MemoryReviews, MemoryState } from '#test/support/fakes';

const plan = toSyncPlan(loadContract('syncline.yaml'));
const CONTACT = '003000000000001AAA';
const OTHER_CONTACT = '003000000000002AAA';

/** A lister over fixed records per object type, recording what each read asked for. */
function listerOf(records: Record<string, { id: string; values: FieldValues; modifiedAt?: number }[]>, objectTypes?: string[]) {
  const reads: { objectType: string; options: ListOptions }[] = [];
  const lister: RecordLister = {
    ...(objectTypes ? { objectTypes } : {}),
    async *list(objectType, _fields, options = {}) {
      reads.push({ objectType, options });
      yield (records[objectType] ?? []).map((r): ListedRecord => ({ id: r.id, record: { values: r.values, ...(r.modifiedAt === undefined ? {} : { modifiedAt: r.modifiedAt }) } }));
    },
  };
  return { lister, reads };
}

const task = (id: string, values: FieldValues) => ({ id, values: { Subject: 'Call', Type: 'Call', ActivityDate: '2026-06-01', WhoId: null, WhatId: null, CallDurationInSeconds: null, Outreach_Activity_Id__c: null, Gong_Call_Id__c: null, ...values } });
const gongCall = (id: string, contactId: string | null) => ({ id, values: { title: 'Discovery', started: '2026-06-01T10:00:00.000Z', duration: 600, kind: 'call', url: 'https://app.gong.io/call?id=1', contactId, opportunityId: null, accountId: null }, modifiedAt: Date.parse('2026-06-01T10:00:00.000Z') });

function depsWith(listers: InitialSyncDeps['listers'], state = new MemoryState(), extra: Partial<InitialSyncDeps> = {}): InitialSyncDeps {
  return {
    plan,
    listers,
    state,
    reviews: new MemoryReviews(),
    quarantine: new MemoryQuarantine(),
    idempotency: { completedOf: async () => new Set<string>() },
    queue: new MemoryQueue(),
    clock: new FakeClock(Date.parse('2026-12-01T00:00:00.000Z')),
    sleep: async () => undefined,
    ...extra,
  };
}

describe('the initial sync of activities', () => {
  it('pairs a Task with the Outreach record its typed id names, never the other type with the same number', async () => {
    // Prepare: mailing 7001 and call 7001 both exist; the Task holds `call:7001`.
    const salesforce = listerOf({ Task: [task('00T000000000001AAA', { Outreach_Activity_Id__c: 'call:7001' })] });
    const outreach = listerOf({ mailing: [{ id: '7001', values: { subject: 'Intro', kind: 'mailing', occurredAt: '2026-06-01T09:00:00.000Z', prospectId: null } }], call: [{ id: '7001', values: { subject: 'Call: Answered', kind: 'call', occurredAt: '2026-06-01T09:00:00.000Z', prospectId: null, duration: 60 } }] }, ['mailing', 'call']);

    // Act
    const [report] = await initialSync(depsWith({ salesforce: salesforce.lister, outreach: outreach.lister }), { object: 'activity', dryRun: true });

    // Assess: the call is linked to its Task; the mailing has none and is to be logged.
    expect(report).toMatchObject({ object: 'activity', read: { salesforce: 1, outreach: 2 }, linked: 1, toCreate: { salesforce: 1 }, missing: 1 });
  });

  it('reads only the Tasks that carry a source id, and no prospects from Outreach', async () => {
    const salesforce = listerOf({});
    const outreach = listerOf({}, ['mailing', 'call']);

    await initialSync(depsWith({ salesforce: salesforce.lister, outreach: outreach.lister }), { object: 'activity', dryRun: true });

    expect(salesforce.reads).toEqual([{ objectType: 'Task', options: { withAnyOf: ['Outreach_Activity_Id__c', 'Gong_Call_Id__c'] } }]);
    expect(outreach.reads.map((r) => r.objectType)).toEqual(['mailing', 'call']);
  });

  it('counts a call whose person was held as a Salesforce id before that Contact was linked as in step, and one naming another person as differing', async () => {
    // Prepare: the call was logged while its Contact was not linked (golden `id:salesforce:…`); the Contact is now.
    const state = new MemoryState();
    const entity = (entityId: string, gongId: string, taskId: string): EntityState => ({
      entityId,
      object: 'activity',
      golden: { version: 1, fields: Object.fromEntries(Object.entries({ person: `id:salesforce:${CONTACT}`, subject: 'Discovery', type: 'Call', activityDate: '2026-06-01', durationSeconds: 600 }).map(([field, value]) => [field, { value, source: 'gong', observedAt: 1, eventId: 'e' }])) },
      links: { gong: `call:${gongId}`, salesforce: `Task:${taskId}` },
      written: {},
      version: 0,
    });
    await state.putEntity(entity('gong:call:1', '1', '00T000000000001AAA'));
    await state.putEntity(entity('gong:call:2', '2', '00T000000000002AAA'));
    await state.putEntity({ entityId: 'person-1', object: 'person', golden: { version: 0, fields: {} }, links: { salesforce: `Contact:${CONTACT}` }, written: {}, version: 0 });
    const gong = listerOf({ call: [gongCall('1', CONTACT), gongCall('2', OTHER_CONTACT)] }, ['call']);

    // Act
    const [report] = await initialSync(depsWith({ gong: gong.lister }, state), { object: 'activity', dryRun: true });

    // Assess
    expect(report).toMatchObject({ read: { gong: 2 }, inStep: 1, differing: 1, missing: 0 });
  });

  it('names a system it cannot read, and reads nothing when only the Tasks could be read', async () => {
    const salesforce = listerOf({ Task: [task('00T000000000001AAA', { Gong_Call_Id__c: '1' })] });

    const [report] = await initialSync(depsWith({ salesforce: salesforce.lister }, new MemoryState(), { unreadable: { gong: 'its secret holds no API credentials for a full read' } }), { object: 'activity', dryRun: true });

    expect(report).toMatchObject({ read: {}, notRead: { gong: 'its secret holds no API credentials for a full read' }, missing: 0 });
    expect(salesforce.reads).toEqual([]);
  });
});

describe('reconcile', () => {
  it('compares activities from two days before its previous run (before now, the first time), and people in full', async () => {
    // Prepare
    const clock = new FakeClock(Date.parse('2026-12-01T03:30:00.000Z'));
    const gong = listerOf({ call: [] }, ['call']);
    const salesforce = listerOf({});
    const cursors = new MemoryCursors();
    const deps = { ...depsWith({ gong: gong.lister, salesforce: salesforce.lister }, new MemoryState(), { clock }), cursors, metrics: new CountingMetrics() };

    // Act: a first run, then one each day after.
    await reconcile(deps, { dryRun: false });
    clock.now = Date.parse('2026-12-02T03:30:00.000Z');
    await reconcile(deps, { dryRun: false });
    clock.now = Date.parse('2026-12-03T03:31:00.000Z');
    await reconcile(deps, { dryRun: false });

    // Assess
    const since = gong.reads.map((r) => new Date(r.options.modifiedSince ?? 0).toISOString());
    expect(since).toEqual(['2026-11-29T03:30:00.000Z', '2026-11-29T03:30:00.000Z', '2026-11-30T03:30:00.000Z']);
    expect(salesforce.reads.filter((r) => r.objectType === 'Contact').map((r) => r.options.modifiedSince)).toEqual([undefined, undefined, undefined]);
  });
});
