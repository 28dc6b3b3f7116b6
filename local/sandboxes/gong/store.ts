import type { PersistentStore } from '../kit/index.ts';
import { buildCall, type CallInput, type GongCall } from './model.ts';

/** Gong call ids are 19-digit numbers; the sandbox counts up from this one, so a reset gives the same ids. */
const FIRST_CALL_ID = 7_782_342_274_025_900_000n;

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
    const lo = from ? Date.parse(from) : Number.NEGATIVE_INFINITY;
    const hi = to ? Date.parse(to) : Number.POSITIVE_INFINITY;
    return [...this.#calls.values()]
      .map((c) => c.call)
      .filter((c) => Date.parse(c.metaData.started) >= lo && Date.parse(c.metaData.started) < hi)
      .sort((a, b) => Date.parse(a.metaData.started) - Date.parse(b.metaData.started))
      .map((c) => structuredClone(c));
  }

  clear(): void {
    this.#calls.clear();
    this.#seq = 0;
  }
}
