/**
 * Waiting for records to reach other systems through the pipeline on their own (the source's webhooks or polls),
 * judged by the links Syncline stores, never by reading the vendors.
 */
import type { InitialSyncDeps } from './initial-sync.ts';

/** Records whose arrival one round checks. */
const WINDOW = 1_000;

export interface Arrivals {
  /** The records that arrived, with the systems their entity links. */
  arrived: Map<string, string[]>;
  /** Nothing arrived for the quiet time over a full pass of the waiting records: the rest will not come on its own. */
  quiet: boolean;
}

/**
 * Waits while the records in `keys` reach every one of `systems`, checking a window of the waiting records a round
 * (the oldest first, then the next window while a window brings nothing), so a few stuck records do not hide the
 * others' progress. Stops when all arrived, when it is quiet, or at `deadline` (epoch ms).
 */
export async function awaitArrivals(deps: Pick<InitialSyncDeps, 'state' | 'clock' | 'sleep' | 'progress'>, object: string, keys: readonly string[], systems: readonly string[], quietMs: number, deadline: number): Promise<Arrivals> {
  const arrived = new Map<string, string[]>();
  let pending = [...keys];
  let progressAt = deps.clock.nowMs();
  let offset = 0;
  let windowsWithout = 0;
  for (let round = 0; pending.length > 0 && systems.length > 0; round++) {
    if (round > 0) {
      const now = deps.clock.nowMs();
      const fullPass = windowsWithout >= Math.ceil(pending.length / WINDOW);
      if (fullPass && now - progressAt >= quietMs) return { arrived, quiet: true };
      if (now >= deadline) return { arrived, quiet: false };
      await deps.sleep(Math.min(2_000, 250 * round));
    }
    if (offset >= pending.length) offset = 0;
    const window = pending.slice(offset, offset + WINDOW);
    const { links, entities } = await deps.state.linkedEntities(window);
    let more = 0;
    for (const key of window) {
      const linked = Object.keys(entities.get(links.get(key) ?? '')?.links ?? {});
      if (systems.every((s) => linked.includes(s))) {
        arrived.set(key, linked);
        more++;
      }
    }
    if (more > 0) {
      progressAt = deps.clock.nowMs();
      windowsWithout = 0;
    } else {
      windowsWithout++;
      offset += WINDOW;
    }
    pending = pending.filter((key) => !arrived.has(key));
    deps.progress?.({ phase: 'settle', object, settled: arrived.size, total: keys.length });
  }
  return { arrived, quiet: false };
}
