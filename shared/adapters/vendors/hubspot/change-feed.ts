import { associationTarget } from './associations.ts';
import type { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/Filter';
import type { ChangeEvent, FieldValues } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import type { ChangeFeed, ChangePage } from '#ports/change-feed';
import type { Clock } from '#ports/clock';
import { classifyHubspotError } from './classify-error.ts';

/** Options of {@link hubspotChangeFeed}. */
export interface HubspotChangeFeedOptions {
  clock: Clock;
  /** How far back the very first poll (no cursor yet) starts. @default 0: from now */
  lookbackMs?: number;
  /** Changes younger than this are left for the next poll. @default {@link HUBSPOT_SEARCH_SETTLE_MS} */
  settleMs?: number;
}

/**
 * How long a poll leaves the newest changes alone. Writes reach HubSpot's search index only after a delay ("it may
 * take a few moments for newly created or updated CRM objects to appear in search results", search guide [C]), and
 * not the same delay for every write: an update has been seen to take up to a minute, a create seconds [?]. A poll
 * that read a later, already indexed change would move its cursor past an earlier one still being indexed, and
 * never see it (the test shows it with the sandbox's lag). So the window ends a minute and a margin ago: a
 * HubSpot that is only polled syncs about 75 s late, and misses nothing the index shows within a minute.
 */
export const HUBSPOT_SEARCH_SETTLE_MS = 75_000;

/** Search pages hold at most 100 results here ([T] 200 elsewhere; 100 is safe), and `after` never reaches 10,000. */
const PAGE = 100;
const SEARCH_CAP = 10_000;

/** Contacts stamp `lastmodifieddate`; companies, deals and the rest `hs_lastmodifieddate` (vendor-apis §2.4). */
export function modifiedProperty(objectType: string): string {
  return objectType === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** Where a poll resumes: the last modification time read, and the ids already read at exactly that time. */
interface Position {
  ms: number;
  ids: string[];
}

/** `<epoch ms>|<id>,<id>…`: the ids are those already seen at that millisecond, so ties are neither lost nor repeated. */
export function formatHubspotCursor(p: Position): string {
  return `${p.ms}|${p.ids.join(',')}`;
}

export function parseHubspotCursor(cursor: string): Position {
  const [ms = '', ids = '', ...rest] = cursor.split('|');
  if (rest.length > 0 || !/^\d+$/.test(ms) || !/^(\d+(,\d+)*)?$/.test(ids)) throw new PermanentError('BAD_CURSOR', `"${cursor}" is not a HubSpot poll cursor (<epoch ms>|<ids>)`);
  return { ms: Number(ms), ids: ids === '' ? [] : ids.split(',') };
}

interface Found {
  id: string;
  properties: Record<string, string | null>;
}

function toEvent(objectType: string, fields: readonly string[], record: Found, ms: number): ChangeEvent {
  const values: FieldValues = {};
  // A search returns properties only: a record's company (an association) stays unknown, absent from the event.
  for (const field of fields) if (associationTarget(field) === undefined) values[field] = record.properties[field] ?? null;
  return { source: 'hubspot', objectType, sourceId: record.id, eventId: `poll-${record.id}-${ms}`, occurredAt: new Date(ms).toISOString(), kind: 'upsert', fields: values };
}

/**
 * HubSpot polled through CRM search on the last-modified property, for portals whose app cannot receive webhooks
 * (or as a safety net beside them). Search stops at 10,000 results per query, so a backlog is never paged that deep:
 * each poll starts again from the cursor's time, a moving window. Archived records are not searchable; deletions
 * still need the webhook (`contact.deletion`) to reach Syncline.
 */
export function hubspotChangeFeed(client: Client, options: HubspotChangeFeedOptions): ChangeFeed {
  const settleMs = options.settleMs ?? HUBSPOT_SEARCH_SETTLE_MS;
  return {
    async poll(objectType, fields, cursor, limit): Promise<ChangePage> {
      const from = cursor ? parseHubspotCursor(cursor) : { ms: options.clock.nowMs() - (options.lookbackMs ?? 0), ids: [] };
      const until = options.clock.nowMs() - settleMs;
      const modified = modifiedProperty(objectType);
      const events: ChangeEvent[] = [];
      let position = from;
      let after = 0;
      let full = false;
      // Each page is a fresh search from the position reached, not an offset into the first one: between requests a
      // record edited again leaves the window and every later result would move up a place, so offset paging could
      // skip one for good. Records at the position's millisecond come again and are skipped by id; only when a whole
      // page is such repeats (over 100 records in one millisecond) does the offset move on within it.
      while (events.length < limit && after + PAGE <= SEARCH_CAP) {
        const filters = [
          { propertyName: modified, operator: 'GTE' as FilterOperatorEnum, value: String(position.ms) },
          { propertyName: modified, operator: 'LTE' as FilterOperatorEnum, value: String(Math.max(from.ms, until)) },
        ];
        let page;
        try {
          // `sorts` is typed string[] in the SDK but documented as objects; the objects are what the API reads ([?]).
          const sorts = [{ propertyName: modified, direction: 'ASCENDING' }] as unknown as string[];
          page = await client.crm.objects.searchApi.doSearch(objectType, { filterGroups: [{ filters }], sorts, properties: [...new Set([...fields.filter((f) => associationTarget(f) === undefined), modified])], limit: PAGE, after: String(after) });
        } catch (error) {
          throw classifyHubspotError(error);
        }
        const before = events.length;
        for (const record of page.results) {
          const ms = Number(record.properties[modified] ?? Number.NaN) || Date.parse(String(record.properties[modified]));
          if (!Number.isFinite(ms) || ms < position.ms || (ms === position.ms && position.ids.includes(record.id))) continue;
          events.push(toEvent(objectType, fields, record, ms));
          position = ms === position.ms ? { ms, ids: [...position.ids, record.id] } : { ms, ids: [record.id] };
          if (events.length >= limit) break;
        }
        full = page.results.length === PAGE;
        if (!full || events.length >= limit) break;
        after = events.length === before ? after + PAGE : 0;
      }
      return { events, cursor: formatHubspotCursor(position), more: events.length >= limit || full };
    },
  };
}
