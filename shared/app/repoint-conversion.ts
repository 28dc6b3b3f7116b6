import { recordKey, type ChangeEvent } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import type { ChangeReader } from '#ports/crm';
import { MetricName, type Metrics } from '#ports/metrics';
import type { EntityState, StateStore } from '#ports/stores';

export type ConversionOutcome = { status: 'repointed'; entityId: string } | { status: 'ignored'; reason: 'not-linked' | 'no-news' | 'not-propagated' };

/** A link's spelling, `Object:id`. */
const LINK = /^[A-Za-z_][A-Za-z0-9_]*:[A-Za-z0-9]+$/;

/**
 * A source converted a record into another: Salesforce's lead conversion turns a Lead into a Contact (vendor-apis
 * §1.9). The event is about the record it became (`Contact:<id>`) and names the converted one in `convertedFrom`
 * (`Lead:<id>`). The entity of the Lead takes the Contact as its record in that system, so other systems' changes
 * update the Contact by its Id and the Contact's own changes update the same records elsewhere, never new ones.
 *
 * What Syncline knew the Lead to hold (`written`) carries over: conversion copies the mapped fields onto the Contact,
 * and any difference shows up as news in the Contact's own change. The Lead's link item stays (the state port has no
 * unlink) but routes nothing: the feed reports a converted Lead only as its conversion and its reader as gone.
 * When the Contact already belongs to another entity (the Lead was converted into a Contact Syncline knows as
 * someone else), Syncline does not merge the two on its own: the conversion is quarantined with the reason, as a
 * merge of two entities is.
 */
export async function repointConversion(deps: { state: StateStore; metrics: Metrics }, event: ChangeEvent): Promise<ConversionOutcome> {
  const from = String(event.fields['convertedFrom'] ?? '');
  // A conversion that names no converted record (no source but Salesforce sends one) has nothing to move.
  if (!LINK.test(from)) return { status: 'ignored', reason: 'not-propagated' };
  const to = `${event.objectType}:${event.sourceId}`;
  const entityId = await deps.state.entityOf(`${event.source}:${from}`);
  // Syncline never knew the Lead: the Contact's own change is a record like any other.
  if (!entityId) return { status: 'ignored', reason: 'not-linked' };
  const other = await deps.state.entityOf(recordKey(event.source, event.objectType, event.sourceId));
  if (other !== undefined && other !== entityId) {
    throw new PermanentError('CONVERT_CONFLICT', `${event.source} converted ${from} into ${to}, which Syncline links to another entity (${other}, not ${entityId}); merge their records in the other systems first`);
  }
  const state = await deps.state.getEntity(entityId);
  if (!state) return { status: 'ignored', reason: 'not-linked' };
  const held = state.links[event.source];
  // A second report of the conversion, or the Contact's change got there first (repointConvertedLead).
  if (held === to) return { status: 'ignored', reason: 'no-news' };
  if (held !== undefined && held !== from) {
    throw new PermanentError('CONVERT_CONFLICT', `${event.source} converted ${from} into ${to}, but entity ${entityId} holds ${event.source}:${held} there now`);
  }
  await deps.state.putEntity({ ...state, links: { ...state.links, [event.source]: to } });
  deps.metrics.count(MetricName.LinksRepointed);
  return { status: 'repointed', entityId };
}

/**
 * For identity matching, when an unlinked record of `event` matched `state` but the entity already holds another
 * record of the same system: if that record was converted into this one (a Lead into this Contact), the link moves
 * here (in place; the caller stores the entity) and this answers true, since the record is the person's record now,
 * not a duplicate. Otherwise it changes nothing and answers false. The source is asked (`convertedInto`), because a
 * Contact with the person's e-mail may as well be a duplicate someone made by hand.
 */
export async function repointConvertedLead(
  deps: { readers: Partial<Record<string, ChangeReader>>; metrics: Metrics },
  state: EntityState,
  event: Pick<ChangeEvent, 'source' | 'objectType' | 'sourceId'>,
): Promise<boolean> {
  const held = state.links[event.source];
  const here = `${event.objectType}:${event.sourceId}`;
  const [object, id] = held?.split(':') ?? [];
  const reader = deps.readers[event.source];
  if (!object || !id || held === here || !reader?.convertedInto) return false;
  if ((await reader.convertedInto(object, id)) !== here) return false;
  state.links[event.source] = here;
  deps.metrics.count(MetricName.LinksRepointed);
  return true;
}
