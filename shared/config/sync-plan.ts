import type { SyncPlan } from '#domain/mapping';
import type { Contract } from './contract-schema.ts';
import { enricherConnectorNames, pollSources } from './connector-catalog.ts';
import { activeSyncs, enabledConnectors } from './load-contract.ts';
import { matchRulesFor } from './match-rules.ts';

/** Lookups a day may spend, unless the enricher's connector says `dailyCredits`. */
export const DEFAULT_DAILY_CREDITS = 1_000;

/** Days after which an enriched record is looked up again, unless its connector says `staleAfterDays`. */
export const DEFAULT_STALE_AFTER_DAYS = 90;

/** The processor's view of a validated contract. */
export function toSyncPlan(contract: Contract): SyncPlan {
  const identity = Object.fromEntries(Object.keys(contract.objects).flatMap((name) => {
    const rules = matchRulesFor(contract, name);
    return rules ? [[name, rules]] : [];
  }));
  const enrichers = Object.fromEntries(
    enabledConnectors(contract)
      .filter((name) => enricherConnectorNames().includes(name))
      .map((name) => {
        const connector = contract.connectors[name as keyof Contract['connectors']];
        const suggest = connector?.suggestContacts;
        return [name, { staleAfterDays: connector?.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS, dailyCredits: connector?.dailyCredits ?? DEFAULT_DAILY_CREDITS, ...(suggest && { suggestContacts: suggest }) }];
      }),
  );
  return { objects: contract.objects, syncs: activeSyncs(contract), deleteGraceDays: contract.defaults.deleteGraceDays, identity, phoneCountry: contract.defaults.phoneCountry, enrichers, polledSources: pollSources(contract) };
}
