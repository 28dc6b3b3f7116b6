import type { EnrichInput, EnrichKind, EnrichResult, Enricher } from '#ports/enricher';

export interface EnricherGuardOptions {
  /** How long an answer (match or no-match) is reused for the same input. @default 15 minutes */
  cacheTtlMs?: number;
  /** Answers kept at most; the oldest go first. @default 1,000 */
  cacheSize?: number;
  /** After a failed lookup, how long the vendor is not asked at all. @default 60 seconds */
  pauseMs?: number;
  now?: () => number;
}

const cacheKey = (kind: EnrichKind, input: EnrichInput): string => JSON.stringify([kind, Object.entries(input).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);

/**
 * An enricher fit for the processor's path, where every second counts and a change may be delivered again:
 * - the same lookup within `cacheTtlMs` is answered from memory, so a change that is retried (a target was down, the
 *   record was quarantined and replayed) does not ask the vendor again;
 * - once a lookup fails (timeout, 5xx, rate limit, credits used up), the vendor is left alone for `pauseMs`: the
 *   rest of the batch is written without enrichment at once instead of each change waiting out its own timeout.
 * While paused, every input answers `failed` with `VENDOR_PAUSED`.
 */
export function guardEnricher(enricher: Enricher, options: EnricherGuardOptions = {}): Enricher {
  const ttl = options.cacheTtlMs ?? 15 * 60_000;
  const size = options.cacheSize ?? 1_000;
  const pauseMs = options.pauseMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; result: EnrichResult }>();
  let pausedUntil = 0;

  const remember = (key: string, result: EnrichResult) => {
    cache.delete(key);
    cache.set(key, { at: now(), result });
    while (cache.size > size) cache.delete(cache.keys().next().value as string);
  };

  return {
    name: enricher.name,
    objects: enricher.objects,
    maxBatch: enricher.maxBatch,
    async enrich(kind, inputs) {
      const keys = inputs.map((input) => cacheKey(kind, input));
      const results: (EnrichResult | undefined)[] = keys.map((key) => {
        const hit = cache.get(key);
        return hit && now() - hit.at < ttl ? hit.result : undefined;
      });
      const missing = results.flatMap((result, index) => (result === undefined ? [index] : []));
      if (missing.length === 0) return results as EnrichResult[];
      if (now() < pausedUntil) {
        const paused: EnrichResult = { status: 'failed', code: 'VENDOR_PAUSED', message: `${enricher.name} is not asked until ${new Date(pausedUntil).toISOString()} after a failed lookup`, retryable: true, resumeAt: pausedUntil };
        return results.map((result) => result ?? paused);
      }
      let answers: EnrichResult[];
      try {
        answers = await enricher.enrich(kind, missing.map((index) => inputs[index] as EnrichInput));
      } catch (error) {
        pausedUntil = now() + pauseMs;
        throw error;
      }
      missing.forEach((index, j) => {
        // An answer short of its inputs is the vendor's failure for the rest, not a reason to crash or to forget them.
        const answer = answers[j] ?? { status: 'failed', code: 'NO_RESULT', message: `${enricher.name} answered ${answers.length} of ${missing.length} lookups`, retryable: true };
        results[index] = answer;
        if (answer.status === 'failed') pausedUntil = now() + pauseMs;
        else if (answer.status !== 'not-asked') remember(keys[index] as string, answer);
      });
      return results as EnrichResult[];
    },
  };
}
