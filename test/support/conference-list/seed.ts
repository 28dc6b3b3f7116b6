import { LOAD_CHUNK, postRecords } from '../overlap-corpus/load.ts';
import type { ConferenceList, CrmUrls } from './types.ts';

/** Records a single pre-existing-records request carries at most (as the overlap corpus loads them). */
export const SEED_CHUNK = LOAD_CHUNK;

/**
 * Puts the list's `existing` people into the running sandboxes as records that were there before the import:
 * `POST {salesforce}/__sandbox/records/Contact` and `POST {hubspot}/__sandbox/records/contacts`, up to
 * {@link SEED_CHUNK} records a request. The sandboxes store them as an API create would, but with no webhook,
 * Outbound Message, duplicate rule or API usage (each sandbox's routes/import.ts). Answers the ids given, in
 * `existing` order; a non-2xx answer throws with its status and body.
 */
export async function seedExisting(list: ConferenceList, urls: CrmUrls): Promise<{ salesforce: string[]; hubspot: string[] }> {
  const salesforce = await postRecords(`${trimSlash(urls.salesforce)}/__sandbox/records/Contact`, list.existing.salesforce);
  const hubspot = await postRecords(
    `${trimSlash(urls.hubspot)}/__sandbox/records/contacts`,
    list.existing.hubspot.map((properties) => ({ properties })),
  );
  return { salesforce, hubspot };
}


/** The base URL without a trailing slash. */
export function trimSlash(url: string): string {
  return url.replace(/\/$/, '');
}
