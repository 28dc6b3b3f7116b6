import { recordKey, type ChangeEvent } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import { MetricName, type Metrics } from '#ports/metrics';
import type { StateStore } from '#ports/stores';

export type MergeOutcome = { status: 'repointed'; entityId: string } | { status: 'ignored'; reason: 'not-linked' };

/**
 * A source merged records (HubSpot's merge, possibly under a new id): the entity of a merged record now belongs to
 * the survivor, so the survivor's later changes update the same records elsewhere instead of creating new ones.
 * When the survivor and a merged record lead to two different entities, Syncline does not merge other systems'
 * records on its own: the merge is quarantined with the reason, for a person to merge them there first.
 */
export async function repointMerge(deps: { state: StateStore; metrics: Metrics }, event: ChangeEvent): Promise<MergeOutcome> {
  const survivorKey = recordKey(event.source, event.objectType, event.sourceId);
  const mergedIds = String(event.fields['mergedIds'] ?? '').split(',').filter(Boolean);
  const survivorEntity = await deps.state.entityOf(survivorKey);
  const mergedEntities = new Set<string>();
  for (const id of mergedIds) {
    const entity = await deps.state.entityOf(recordKey(event.source, event.objectType, id));
    if (entity) mergedEntities.add(entity);
  }
  const entities = new Set([...mergedEntities, ...(survivorEntity ? [survivorEntity] : [])]);
  if (entities.size === 0) return { status: 'ignored', reason: 'not-linked' };
  if (entities.size > 1) {
    throw new PermanentError('MERGE_CONFLICT', `${event.source} merged records that Syncline links to ${entities.size} different entities (${[...entities].join(', ')}); merge their records in the other systems first`);
  }
  const [entityId] = [...entities] as [string];
  const state = await deps.state.getEntity(entityId);
  if (!state) return { status: 'ignored', reason: 'not-linked' };
  await deps.state.putEntity({ ...state, links: { ...state.links, [event.source]: `${event.objectType}:${event.sourceId}` } });
  deps.metrics.count(MetricName.LinksRepointed);
  return { status: 'repointed', entityId };
}
