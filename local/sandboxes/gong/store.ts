import type { PersistentStore } from '../kit/index.ts';
import { buildCall, type CallInput, type GongCall } from './model.ts';

/** Gong call ids are 19-digit numbers; the sandbox counts up from this one, so a reset gives the same ids. */
const FIRST_CALL_ID = 7_782_342_274_025_900_000n;

/** What `/v2/calls` and `/v2/calls/extensive` filter on (ISO bounds, ids). */
export interface CallFilter {
  fromDateTime?: string | undefined;
  toDateTime?: string | undefined;
  workspaceId?: string | undefined;
  callIds?: string[] | undefined;
  primaryUserIds?: string[] | undefined;
}

/** The listing order of calls' `metaData`: `started` ascending (to the millisecond), then the numeric id. */
export function compareCalls(a: Pick<GongCall['metaData'], 'started' | 'id'>, b: Pick<GongCall['metaData'], 'started' | 'id'>): number {
  const byStart = Date.parse(a.started) - Date.parse(b.started);
  if (byStart !== 0) return byStart;
  const [x, y] = [BigInt(a.id), BigInt(b.id)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A stored call and whether the rule treated it as a test. */
export interface StoredCall {
  call: GongCall;
  isTest: boolean;
}

/** What Gong keeps across a restart: the calls and the id sequence. */
export interface GongState {
  calls: Map<string, StoredCall>;
  seq: number;
}

/** In-memory calls. */
export class GongStore implements PersistentStore<GongState> {
  #calls = new Map<string, StoredCall>();
  #seq = 0;

  exportState(): GongState {
    return { calls: this.#calls, seq: this.#seq };
  }

  importState(state: GongState): void {
    this.#calls = state.calls;
    this.#seq = state.seq;
  }

  /** Creates a call from trigger input. */
  create(input: CallInput): StoredCall {
    this.#seq += 1;
    const id = String(FIRST_CALL_ID + BigInt(this.#seq));
    const stored = { call: buildCall(id, input, this.#seq), isTest: input.isTest ?? false };
    this.#calls.set(id, stored);
    return structuredClone(stored);
  }

  get(id: string): StoredCall | undefined {
    const c = this.#calls.get(id);
    return c && structuredClone(c);
  }

  /** Calls started in [from, to) (ISO bounds, either optional), oldest first. */
  list(from?: string, to?: string): GongCall[] {
    return this.find({ fromDateTime: from, toDateTime: to });
  }

  /**
   * Calls matching every given criterion, oldest first and ties by id, so the order is total and pages cut from it
   * never overlap: `started` in [fromDateTime, toDateTime) ("on or after" / "up to but excluding", help.gong.io
   * /v2/calls/extensive), and `workspaceId`, `callIds`, `primaryUserIds` when given (an empty list counts as not
   * given [?]).
   */
  find(filter: CallFilter): GongCall[] {
    const lo = filter.fromDateTime ? Date.parse(filter.fromDateTime) : Number.NEGATIVE_INFINITY;
    const hi = filter.toDateTime ? Date.parse(filter.toDateTime) : Number.POSITIVE_INFINITY;
    const ids = filter.callIds?.length ? new Set(filter.callIds) : undefined;
    const users = filter.primaryUserIds?.length ? new Set(filter.primaryUserIds) : undefined;
    return [...this.#calls.values()]
      .map((c) => c.call)
      .filter((c) => {
        const started = Date.parse(c.metaData.started);
        if (started < lo || started >= hi) return false;
        if (filter.workspaceId !== undefined && c.metaData.workspaceId !== filter.workspaceId) return false;
        return (!ids || ids.has(c.metaData.id)) && (!users || users.has(c.metaData.primaryUserId));
      })
      .sort((a, b) => compareCalls(a.metaData, b.metaData))
      .map((c) => structuredClone(c));
  }

  clear(): void {
    this.#calls.clear();
    this.#seq = 0;
  }
}
