import type { ContactSuggestion, EnrichInput, EnrichKind, EnrichResult, Enricher, SuggestCriteria } from '#ports/enricher';
import { RateLimitGate } from '../rate-limit-gate.ts';
import { chunk } from './chunk.ts';
import { ZoominfoClient, type ZoominfoEntity } from './client.ts';
import { toEnrichResult } from './map-result.ts';
import { toVendorInput } from './match-input.ts';
import { ZoominfoSecret } from './secret.ts';
import { ZoominfoSession } from './session.ts';

/** Inputs per enrich request (vendor-apis §3). */
export const ZOOMINFO_MAX_BATCH = 25;

/**
 * The fields asked for by default: every ZoomInfo field syncline.yaml maps, plus ids and the match score. The lists
 * `techAttributes` and `externalUrls` come back as the scalars `techStack` and `linkedinUrl` (map-result.ts).
 */
export const DEFAULT_OUTPUT_FIELDS: Readonly<Record<EnrichKind, readonly string[]>> = {
  company: ['id', 'name', 'website', 'industry', 'employeeCount', 'revenue', 'city', 'state', 'country', 'techAttributes'],
  person: ['id', 'firstName', 'lastName', 'email', 'phone', 'jobTitle', 'companyId', 'companyName', 'contactAccuracyScore', 'externalUrls'],
};

/** [C] Contact Search's largest page (`rpp`). */
const SEARCH_PAGE = 100;

/**
 * The Contact Search request for people at up to 25 companies: [C] `companyId` takes a comma-separated list,
 * `managementLevel` one too, `jobTitle` words joined by ` OR `; the most accurate first, one page of 100.
 */
export function contactSearchRequest(companyVendorIds: readonly string[], criteria: SuggestCriteria): Record<string, string | number> {
  return {
    companyId: companyVendorIds.join(','),
    ...(criteria.managementLevels?.length ? { managementLevel: criteria.managementLevels.join(',') } : {}),
    ...(criteria.jobTitles?.length ? { jobTitle: criteria.jobTitles.join(' OR ') } : {}),
    ...(criteria.minScore === undefined ? {} : { contactAccuracyScoreMin: criteria.minScore }),
    rpp: SEARCH_PAGE,
    sortBy: 'contactAccuracyScore',
    sortOrder: 'desc',
  };
}

/** The previews as suggestions: named people only, at most `perAccount` per company, in the vendor's order. */
export function toSuggestions(previews: readonly { id: string; firstName: string; lastName: string; jobTitle?: string | undefined; contactAccuracyScore?: number | undefined; company?: { id: string } | undefined }[], perAccount: number): ContactSuggestion[] {
  const taken = new Map<string, number>();
  const out: ContactSuggestion[] = [];
  for (const p of previews) {
    const company = p.company?.id;
    if (!company || p.lastName.trim() === '' || (taken.get(company) ?? 0) >= perAccount) continue;
    taken.set(company, (taken.get(company) ?? 0) + 1);
    out.push({ vendorId: p.id, companyVendorId: company, firstName: p.firstName.trim(), lastName: p.lastName.trim(), ...(p.jobTitle ? { title: p.jobTitle } : {}), ...(p.contactAccuracyScore === undefined ? {} : { score: p.contactAccuracyScore }) });
  }
  return out;
}

/** Tuning of {@link zoominfoEnricher}; the defaults suit production. */
export interface ZoominfoEnricherOptions {
  /** Output fields per kind. @default DEFAULT_OUTPUT_FIELDS */
  outputFields?: Partial<Record<EnrichKind, readonly string[]>>;
  /** The longest 429 wait honoured in place; longer ones throw RetryableError with retryAfterMs. @default 5,000 */
  maxWaitMs?: number;
  /** Attempts per request while told to wait (429), the first included. @default 3 */
  attempts?: number;
  /** Per-request timeout. @default 15,000 */
  timeoutMs?: number;
  /** Longest age of a cached token. @default 55 minutes */
  tokenRefreshMs?: number;
  /** Injected for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const ENTITY: Record<EnrichKind, ZoominfoEntity> = { company: 'company', person: 'contact' };

/**
 * The ZoomInfo legacy Enterprise API as an {@link Enricher}. Inputs are sent 25 per request, one request at a
 * time, so a batch never bursts past the per-second limit by itself; 429s are waited out within `maxWaitMs`.
 * When the record credits run out (403), that request's inputs and every later one fail with QUOTA_EXHAUSTED
 * (not retryable: waiting a few minutes does not restore a contract quota) and no further requests are sent.
 */
export function zoominfoEnricher(secret: Record<string, unknown>, options: ZoominfoEnricherOptions = {}): Enricher {
  const parsed = ZoominfoSecret.parse(secret);
  const now = options.now ?? Date.now;
  const http = { fetch: options.fetch ?? globalThis.fetch, timeoutMs: options.timeoutMs ?? 15_000 };
  const gateOptions = { maxWaitMs: options.maxWaitMs ?? 5_000, attempts: options.attempts ?? 3, now, ...(options.sleep ? { sleep: options.sleep } : {}) };
  const session = new ZoominfoSession(parsed, { http, gate: new RateLimitGate(gateOptions), now, ...(options.tokenRefreshMs ? { refreshMs: options.tokenRefreshMs } : {}) });
  const client = new ZoominfoClient(parsed.baseUrl, session, new RateLimitGate(gateOptions), http, now);
  const outputFields = { ...DEFAULT_OUTPUT_FIELDS, ...options.outputFields };

  return {
    name: 'zoominfo',
    objects: { company: 'company', contact: 'person' },
    maxBatch: ZOOMINFO_MAX_BATCH,
    canLookUp: (kind, input) => toVendorInput(kind, input) !== undefined,
    async suggestContacts(companyVendorIds, criteria) {
      const ids = [...new Set(companyVendorIds.filter((id) => /^\d+$/.test(id)))];
      const suggestions: ContactSuggestion[] = [];
      for (const part of chunk(ids, ZOOMINFO_MAX_BATCH)) suggestions.push(...toSuggestions((await client.searchContacts(contactSearchRequest(part, criteria))).data, criteria.perAccount));
      return suggestions;
    },
    async enrich(kind: EnrichKind, inputs: readonly EnrichInput[]): Promise<EnrichResult[]> {
      const results: EnrichResult[] = inputs.map(() => ({ status: 'not-asked', reason: 'INSUFFICIENT_INPUT' }));
      const sendable = inputs.flatMap((input, index) => {
        const vendorInput = toVendorInput(kind, input);
        return vendorInput ? [{ index, vendorInput }] : [];
      });
      let exhausted: EnrichResult | undefined;
      for (const part of chunk(sendable, ZOOMINFO_MAX_BATCH)) {
        if (!exhausted) {
          const answer = await client.enrich(ENTITY[kind], part.map((p) => p.vendorInput), outputFields[kind]);
          if (answer.kind === 'ok') {
            // An input ZoomInfo was asked about but gave no result entry for has failed, not been skipped.
            part.forEach((p, j) => {
              const entry = answer.results[j];
              results[p.index] = entry ? toEnrichResult(entry) : { status: 'failed', code: 'NO_RESULT', message: `ZoomInfo answered ${answer.results.length} of ${part.length} inputs`, retryable: true };
            });
            continue;
          }
          exhausted = { status: 'failed', code: 'QUOTA_EXHAUSTED', message: answer.message, retryable: false };
        }
        for (const p of part) results[p.index] = { ...exhausted };
      }
      return results;
    },
  };
}
