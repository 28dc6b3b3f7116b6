import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processChange, type ProcessChangeDeps } from '#app/process-change';
import type { ChangeEvent, FieldValues } from '#domain/change-event';
import { RetryableError } from '#domain/errors';
import { shippedPlan } from '#test/support/processor-setup';
import type { ChangeReader, CrmWriter, UpdateRecord, UpsertRecord, UpsertResult } from '#ports/crm';
import { CountingMetrics, FakeClock, MemoryAudit, MemoryIdempotency, MemoryQuarantine, MemoryReviews, MemoryState } from '#test/support/fakes';

/**
 * One CRM as both ends see it: users edit its records, Syncline reads and writes them, and every change (a user's
 * or Syncline's own) produces a notification, as webhooks and pollers do. Each record carries a modification stamp.
 */
class MemoryCrm implements ChangeReader, CrmWriter {
  readonly records = new Map<string, { values: FieldValues; modifiedAt: number; extId?: string }>();
  readonly writes: { id: string; fields: FieldValues; before: FieldValues }[] = [];
  readonly notifications: ChangeEvent[] = [];
  private seq = 0;
  constructor(
    readonly system: 'hubspot' | 'salesforce',
    readonly object: string,
    private readonly clock: { tick(): number },
  ) {}

  /** A user's (or Syncline's) change to a record. */
  change(id: string, fields: FieldValues): void {
    const record = this.records.get(id) ?? { values: {}, modifiedAt: 0 };
    const modifiedAt = this.clock.tick();
    this.records.set(id, { ...record, values: { ...record.values, ...fields }, modifiedAt });
    this.notifications.push({ source: this.system, objectType: this.object, sourceId: id, eventId: `${this.system}-${++this.seq}`, occurredAt: new Date(modifiedAt).toISOString(), kind: 'upsert', fields: {} });
  }

  async read(_object: string, id: string, fields: readonly string[]) {
    const record = this.records.get(id);
    return record ? { values: Object.fromEntries(fields.map((f) => [f, record.values[f] ?? null])), modifiedAt: record.modifiedAt } : null;
  }

  async upsert(_object: string, _field: string, records: readonly UpsertRecord[]): Promise<UpsertResult[]> {
    return records.map((r) => {
      const existing = [...this.records.entries()].find(([, v]) => v.extId === r.externalId);
      const id = existing?.[0] ?? `${this.system}-rec-${this.records.size + 1}`;
      this.writes.push({ id, fields: r.fields, before: existing?.[1].values ?? {} });
      this.change(id, r.fields);
      const created = this.records.get(id);
      if (created) created.extId = r.externalId;
      return { ok: true, id, created: !existing };
    });
  }

  async update(_object: string, records: readonly UpdateRecord[]): Promise<UpsertResult[]> {
    return records.map((r) => {
      this.writes.push({ id: r.id, fields: r.fields, before: this.records.get(r.id)?.values ?? {} });
      this.change(r.id, r.fields);
      return { ok: true, id: r.id, created: false };
    });
  }
}

type Command = { kind: 'edit'; system: 'hubspot' | 'salesforce'; field: 'title' | 'activity'; n: number } | { kind: 'deliver'; pick: number; duplicate: boolean };

const VENDOR = { hubspot: { title: 'jobtitle', activity: 'notes_last_updated' }, salesforce: { title: 'Title', activity: 'Syncline_Last_Activity__c' } } as const;

function setup() {
  let now = Date.parse('2026-11-23T09:00:00Z');
  const clock = { tick: () => (now += 1000) };
  const hubspot = new MemoryCrm('hubspot', 'contacts', clock);
  const salesforce = new MemoryCrm('salesforce', 'Contact', clock);
  const state = new MemoryState();
  const deps: ProcessChangeDeps = {
    plan: shippedPlan(),
    readers: { hubspot, salesforce },
    writers: { hubspot, salesforce },
    idempotency: new MemoryIdempotency(),
    state,
    quarantine: new MemoryQuarantine(),
    reviews: new MemoryReviews(),
    audit: new MemoryAudit(),
    metrics: new CountingMetrics(),
    clock: new FakeClock(),
  };
  return { deps, hubspot, salesforce, state };
}

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), system: fc.constantFrom('hubspot' as const, 'salesforce' as const), field: fc.constantFrom('title' as const, 'activity' as const), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), duplicate: fc.boolean() }),
);

describe('two-way sync between HubSpot and Salesforce (processor with in-memory CRMs)', () => {
  it('converges for any interleaving, duplication and reordering of both systems\' events: no field regresses, no write repeats, no ping-pong', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
        const { deps, hubspot, salesforce, state } = setup();
        hubspot.change('101', { email: 'ada@example.com', lastname: 'Lovelace', jobtitle: 'Analyst' });
        const pending: ChangeEvent[] = [];
        const collect = () => pending.push(...hubspot.notifications.splice(0), ...salesforce.notifications.splice(0));
        const observedAt = new Map<string, number>();
        let salesforceEditedTitle: string | undefined;
        let steps = 0;

        const deliver = async (event: ChangeEvent) => {
          try {
            await processChange(deps, event);
          } catch (error) {
            if (!(error instanceof RetryableError)) throw error;
            pending.push(event); // back to the queue
          }
          collect();
          // No field regresses: each golden field's observation time never goes back.
          const entity = await state.getEntity('hubspot:contacts:101');
          for (const [field, o] of Object.entries(entity?.golden.fields ?? {})) {
            expect(o.observedAt).toBeGreaterThanOrEqual(observedAt.get(field) ?? 0);
            observedAt.set(field, o.observedAt);
          }
          expect(++steps).toBeLessThan(500); // no ping-pong: the queue drains
        };

        collect();
        await deliver(pending.shift() as ChangeEvent); // the contact is created in Salesforce first
        for (const [i, c] of commands.entries()) {
          if (c.kind === 'edit') {
            const crm = c.system === 'hubspot' ? hubspot : salesforce;
            const id = c.system === 'hubspot' ? '101' : [...salesforce.records.keys()][0];
            if (!id) continue;
            const value = c.field === 'title' ? `${c.system} title ${i}` : new Date(Date.parse('2026-01-01T00:00:00Z') + i * 86_400_000).toISOString();
            crm.change(id, { [VENDOR[c.system][c.field]]: value });
            collect();
            if (c.system === 'salesforce' && c.field === 'title') salesforceEditedTitle = value;
          } else if (pending.length > 0) {
            const [event] = pending.splice(c.pick % pending.length, 1) as [ChangeEvent];
            if (c.duplicate) pending.push(event);
            await deliver(event);
          }
        }
        while (pending.length > 0) await deliver(pending.shift() as ChangeEvent);

        // Converged: both systems hold the golden values of the two-way fields.
        const golden = (await state.getEntity('hubspot:contacts:101'))?.golden.fields ?? {};
        const [sfId] = [...salesforce.records.keys()];
        const hs = hubspot.records.get('101')?.values ?? {};
        const sf = (sfId ? salesforce.records.get(sfId)?.values : undefined) ?? {};
        expect(sf['Title']).toBe(golden['title']?.value);
        expect(hs['jobtitle']).toBe(golden['title']?.value);
        expect(sf['Syncline_Last_Activity__c'] ?? null).toBe(golden['lastActivityDate']?.value ?? null);
        expect(hs['notes_last_updated'] ?? null).toBe(golden['lastActivityDate']?.value ?? null);
        // Salesforce owns the title: once its users set it, their latest value is the one everywhere.
        if (salesforceEditedTitle !== undefined) expect(golden['title']?.value).toBe(sf['Title']);
        if (salesforceEditedTitle !== undefined) expect(sf['Title']).toBe(salesforceEditedTitle);
        // No write repeats: every write Syncline made changed something in its target.
        for (const w of [...hubspot.writes, ...salesforce.writes]) {
          expect(Object.entries(w.fields).some(([f, v]) => (w.before[f] ?? null) !== v)).toBe(true);
        }
      }),
      // FC_SEED and FC_PATH replay a reported failure.
      { numRuns: 1000, ...(process.env['FC_SEED'] ? { seed: Number(process.env['FC_SEED']), path: process.env['FC_PATH'], endOnFailure: true } : {}) },
    );
  }, 120_000);
});
