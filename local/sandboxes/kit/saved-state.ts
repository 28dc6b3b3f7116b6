import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A store whose records survive a restart. `exportState` may hand out its live Maps, Sets and arrays (they are
 * serialized at once); `importState` takes back what an earlier `exportState` gave, id counters included, so new
 * ids continue where the last run stopped.
 */
export interface PersistentStore<S = unknown> {
  exportState(): S;
  importState(state: S): void;
}

/** A sandbox's kept state: written on every `save()` that finds a change, and by `close()` once more. */
export interface SavedState {
  /** True when the state was read back from the file (the sandbox then does not seed). */
  readonly restored: boolean;
  save(): void;
  /** Saves and stops the periodic save. */
  close(): void;
}

/** How often a sandbox's state is written while it runs, so even a killed process loses only the last seconds. */
const SAVE_EVERY_MS = 5_000;
const TAG = '$kept';

/** JSON.stringify replacer that keeps Maps and Sets (the stores' tables), which JSON alone writes as `{}`. */
function keepCollections(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { [TAG]: 'Map', entries: [...value] };
  if (value instanceof Set) return { [TAG]: 'Set', values: [...value] };
  return value;
}

function reviveCollections(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !(TAG in value)) return value;
  const tagged = value as { [TAG]: string; entries?: [unknown, unknown][]; values?: unknown[] };
  if (tagged[TAG] === 'Map') return new Map(tagged.entries ?? []);
  if (tagged[TAG] === 'Set') return new Set(tagged.values ?? []);
  return value;
}

/** Serializes a store's exported state the way {@link keepState} writes it. */
export function encodeState(state: unknown): string {
  return JSON.stringify(state, keepCollections);
}

/** Reads back what {@link encodeState} wrote. */
export function decodeState(text: string): unknown {
  return JSON.parse(text, reviveCollections) as unknown;
}

/** Writes aside, then renames: a crash mid-write leaves the previous file whole. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text, { mode: 0o600 });
  renameSync(partial, file);
}

/**
 * Keeps `stores` (named parts of one sandbox's state) in `file`: restores them from it when it exists, otherwise
 * calls `seed`; then saves every few seconds while something changed, and on `close()`. Without a file nothing is
 * kept and `seed` runs, as before.
 */
export function keepState(file: string | undefined, stores: Readonly<Record<string, PersistentStore>>, seed: () => void): SavedState {
  if (!file) {
    seed();
    return { restored: false, save: () => undefined, close: () => undefined };
  }
  const restored = existsSync(file);
  if (restored) {
    let saved: Record<string, unknown>;
    try {
      saved = decodeState(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`the sandbox state in ${file} cannot be read (${error instanceof Error ? error.message : String(error)}); npm start -- --fresh starts clean`, { cause: error });
    }
    for (const [name, store] of Object.entries(stores)) if (name in saved) store.importState(saved[name]);
  } else {
    seed();
  }
  let written = restored ? readFileSync(file, 'utf8') : '';
  const save = (): void => {
    const text = encodeState(Object.fromEntries(Object.entries(stores).map(([name, store]) => [name, store.exportState()])));
    if (text === written) return;
    writeAtomically(file, text);
    written = text;
  };
  save();
  const timer = setInterval(() => {
    try {
      save();
    } catch {
      // A full disk or a vanished folder: the next tick, or close(), tries again.
    }
  }, SAVE_EVERY_MS);
  timer.unref();
  return {
    restored,
    save,
    close: () => {
      clearInterval(timer);
      save();
    },
  };
}
