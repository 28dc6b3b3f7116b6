import type { Enricher } from '#ports/enricher';
import { guardEnricher } from './enricher-guard.ts';
import { zoominfoEnricher } from './zoominfo/enricher.ts';

/**
 * Data vendors the processor enriches records from, built from their secret. Inside the pipeline an answer must
 * come quickly: a 3-second timeout, and a 429 is waited out only when the wait is a second or less. ZoomInfo allows
 * one `/authenticate` per second, so processors starting together take turns (up to 4 tries, a second apart, once
 * per token). After a failure the vendor is left alone for a minute (the batch's other changes are written without
 * it), and a retried change reuses its answer.
 */
export const enricherConnectors: Readonly<Record<string, (secret: Record<string, unknown>) => Enricher>> = {
  zoominfo: (secret) => guardEnricher(zoominfoEnricher(secret, { timeoutMs: 3_000, maxWaitMs: 1_000, attempts: 4 })),
};

/**
 * Data vendors built for the daily batch, which has time: a 15-second timeout, 429s waited out up to 5 seconds in
 * place (longer waits fail the chunk, and the state machine retries it with backoff), no answer cache.
 */
export const batchEnricherConnectors: Readonly<Record<string, (secret: Record<string, unknown>) => Enricher>> = {
  zoominfo: (secret) => zoominfoEnricher(secret, { timeoutMs: 15_000, maxWaitMs: 5_000, attempts: 3 }),
};

export function batchEnricherFor(name: string): ((secret: Record<string, unknown>) => Enricher) | undefined {
  return batchEnricherConnectors[name];
}

export function enricherFor(name: string): ((secret: Record<string, unknown>) => Enricher) | undefined {
  return enricherConnectors[name];
}
