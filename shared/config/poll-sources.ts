import type { Contract } from './contract-schema.ts';
import { activeSyncs } from './load-contract.ts';

/**
 * Connectors Syncline can poll (their CRM connector has a `changeFeed`). Kept here rather than read from the
 * connector registry so `cdk synth` loads no vendor SDK; a unit test keeps the two in step.
 */
export const POLLABLE_CONNECTORS: readonly string[] = ['salesforce'];

/** Connectors that get a scheduled poller: pollable, enabled, and the source of at least one active sync. */
export function pollSources(contract: Contract): string[] {
  const sources = new Set<string>(activeSyncs(contract).map((s) => s.from));
  return POLLABLE_CONNECTORS.filter((name) => sources.has(name)).sort();
}
