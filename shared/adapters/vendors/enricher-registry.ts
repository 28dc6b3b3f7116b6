import type { Enricher } from '#ports/enricher';
import { zoominfoEnricher } from './zoominfo/enricher.ts';

/**
 * Data vendors the processor enriches records from, built from their secret. Inside the pipeline an answer must
 * come quickly: one attempt per request, a short timeout and no long 429 waits, so a slow vendor delays a change by
 * seconds at most and the change is written without enrichment (a later change or the next refresh tries again).
 */
export const enricherConnectors: Readonly<Record<string, (secret: Record<string, unknown>) => Enricher>> = {
  zoominfo: (secret) => zoominfoEnricher(secret, { timeoutMs: 5_000, maxWaitMs: 1_000, attempts: 1 }),
};

export function enricherFor(name: string): ((secret: Record<string, unknown>) => Enricher) | undefined {
  return enricherConnectors[name];
}
