/**
 * Backfill: one system's records of one object (all, or those changed since a date) replayed through the normal
 * pipeline, as if each had just changed: identity, merge under the ownership rules, writes, audit. For history the
 * hub never saw (it was installed later, or a source was off); running it twice sends nothing twice, since a record
 * version already processed is skipped as a duplicate.
 */
import { recordKey } from '#domain/change-event';
import { RunInputError } from '#domain/errors';
import type { ObjectMapping, SyncPlan } from '#domain/mapping';
import { changeOf, readAll, readsInFull, settle, type InitialSyncDeps } from './initial-sync.ts';

export interface BackfillOptions {
  system: string;
  object: string;
  /** Only records changed since (epoch ms). */
  since?: number;
  /** How long to wait for the changes to be processed. @default 30 min */
  settleTimeoutMs?: number;
}

export interface BackfillReport {
  system: string;
  object: string;
  read: number;
  enqueued: number;
  /** Processed by the pipeline (synced, no news, held or quarantined) when the run stopped waiting. */
  processed: number;
  /** Of those, waiting in the quarantine with a reason. */
  quarantined: number;
  unsettled: number;
}

/** Why a backfill of `object` from `system` cannot run under `plan`, or undefined. */
export function backfillProblem(plan: Pick<SyncPlan, 'objects' | 'syncs'>, options: Pick<BackfillOptions, 'system' | 'object'>, listers?: InitialSyncDeps['listers']): string | undefined {
  const mapping = plan.objects[options.object];
  if (!mapping) return `the contract has no object ${options.object}; expected one of ${Object.keys(plan.objects).join(', ')}`;
  if (!mapping.systems[options.system]) return `${options.object} does not live in ${options.system}; it lives in ${Object.keys(mapping.systems).join(', ')}`;
  if (listers && !readsInFull(listers, mapping, options.system)) return `${options.system} cannot read ${options.object} in full here (enabled connectors that can: ${Object.keys(listers).filter((s) => mapping.systems[s] && readsInFull(listers, mapping, s)).join(', ') || 'none'})`;
  if (!plan.syncs.some((s) => s.object === options.object && s.from === options.system)) return `the contract syncs no ${options.object} from ${options.system}: nothing to backfill`;
  return undefined;
}

export async function backfill(deps: InitialSyncDeps, options: BackfillOptions): Promise<BackfillReport> {
  const problem = backfillProblem(deps.plan, options, deps.listers);
  if (problem) throw new RunInputError(problem);
  const mapping = deps.plan.objects[options.object] as ObjectMapping;
  const records = await readAll(deps, options.object, mapping, options.system, options.since);
  const events = records.map((r) => changeOf(r));
  for (let i = 0; i < events.length; i += 100) await deps.queue.enqueue(events.slice(i, i + 100));
  const settled = await settle(deps, options.object, events, options.settleTimeoutMs ?? 30 * 60_000);
  const quarantined = await deps.quarantine.presentOf(events.map((e) => recordKey(e.source, e.objectType, e.sourceId)));
  return { system: options.system, object: options.object, read: records.length, enqueued: events.length, processed: settled.size, quarantined: quarantined.size, unsettled: events.length - settled.size };
}
