import type { ChangeEvent, FieldValues } from '#domain/change-event';
import type { ChangeQueue } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import type { ChangeReader, CrmWriter, UpsertRecord, UpsertResult } from '#ports/crm';
import type { Metrics, MetricName } from '#ports/metrics';
import type { SecretSource } from '#ports/secret-source';
import type { AuditEntry, AuditLog, Claim, IdempotencyStore, StateStore, TargetSnapshot } from '#ports/stores';

/** In-memory port implementations for unit tests of the use cases. */
export class FakeClock implements Clock {
  constructor(public now = Date.parse('2026-11-23T10:00:00Z')) {}
  nowMs = () => this.now;
}

export class CountingMetrics implements Metrics {
  readonly counts = new Map<string, number>();
  count(name: MetricName, value = 1) {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }
  of(name: MetricName) {
    return this.counts.get(name) ?? 0;
  }
}

export class MemoryQueue implements ChangeQueue {
  readonly events: ChangeEvent[] = [];
  async enqueue(events: readonly ChangeEvent[]) {
    this.events.push(...events);
  }
}

export class MemoryIdempotency implements IdempotencyStore {
  readonly keys = new Map<string, 'INPROGRESS' | 'COMPLETED'>();
  async claim(key: string): Promise<Claim> {
    const status = this.keys.get(key);
    if (status === 'COMPLETED') return { status: 'completed' };
    if (status === 'INPROGRESS') return { status: 'in-progress' };
    this.keys.set(key, 'INPROGRESS');
    return { status: 'claimed', token: key };
  }
  async complete(key: string, token: string) {
    if (token !== key) throw new Error('not the owner');
    this.keys.set(key, 'COMPLETED');
  }
  async release(key: string, token: string) {
    if (token === key) this.keys.delete(key);
  }
}

export class MemoryState implements StateStore {
  readonly snapshots = new Map<string, TargetSnapshot>();
  async getSnapshot(sourceKey: string, target: string) {
    return this.snapshots.get(`${sourceKey}|${target}`) ?? null;
  }
  async putSnapshot(sourceKey: string, target: string, snapshot: TargetSnapshot, expectedVersion: number) {
    const current = this.snapshots.get(`${sourceKey}|${target}`);
    if ((current?.version ?? 0) !== expectedVersion) throw new Error('version conflict');
    this.snapshots.set(`${sourceKey}|${target}`, snapshot);
  }
}

export class MemoryAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async append(entries: readonly AuditEntry[]) {
    this.entries.push(...entries);
  }
  async history(recordKey: string) {
    return this.entries.filter((e) => e.recordKey === recordKey);
  }
}

/** A source system: records by id. */
export class MemoryReader implements ChangeReader {
  readonly records = new Map<string, FieldValues>();
  failNext: Error | undefined;
  async read(_objectType: string, id: string, fields: readonly string[]) {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const record = this.records.get(id);
    return record ? Object.fromEntries(fields.map((f) => [f, record[f] ?? null])) : null;
  }
}

/** A target system: records by external id, and every upsert call it received. */
export class MemoryWriter implements CrmWriter {
  readonly records = new Map<string, FieldValues & { Id: string }>();
  readonly calls: { objectType: string; externalIdField: string; records: UpsertRecord[] }[] = [];
  nextResult: UpsertResult | Error | undefined;
  async upsert(objectType: string, externalIdField: string, records: readonly UpsertRecord[]): Promise<UpsertResult[]> {
    this.calls.push({ objectType, externalIdField, records: [...records] });
    const planned = this.nextResult;
    this.nextResult = undefined;
    if (planned instanceof Error) throw planned;
    if (planned) return [planned];
    return records.map((r) => {
      const existing = this.records.get(r.externalId);
      const id = existing?.Id ?? `003${String(this.records.size + 1).padStart(15, '0')}`;
      this.records.set(r.externalId, { ...existing, ...r.fields, Id: id });
      return { ok: true, id, created: !existing };
    });
  }
}

/** Secrets with a cache: `get` answers the cached value until a `fresh` read copies `stored` over it. */
export class MemorySecrets implements SecretSource {
  readonly stored: Record<string, Record<string, unknown>>;
  private readonly cached: Record<string, Record<string, unknown>>;
  freshReads = 0;
  constructor(initial: Record<string, Record<string, unknown>>) {
    this.stored = { ...initial };
    this.cached = { ...initial };
  }
  async get(connector: string, options?: { fresh?: boolean }) {
    if (options?.fresh) {
      this.freshReads++;
      this.cached[connector] = this.stored[connector] ?? {};
    }
    return this.cached[connector] ?? {};
  }
}
