import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm start -- <flags>` asks for. */
export interface StartOptions {
  /** Delete the kept state (tables, queues, sandbox records, secrets) before starting: a clean, seeded hub. */
  fresh: boolean;
  /**
   * A fresh start whose Salesforce org and HubSpot portal lack the custom fields and properties the contract maps, as
   * a new org does, for `syncline setup --apply` to create.
   */
  bare: boolean;
}

/** The folder under the state folder where synthesized templates are cached: `--fresh` keeps it (it is no state). */
export const SYNTH_CACHE_DIR = 'synth-cache';

const USAGE = `usage: npm start [-- --fresh | --bare]
  --fresh  delete the state kept in .syncline/ and start clean
  --bare   start clean with a Salesforce org and HubSpot portal that lack Syncline's fields (see syncline setup --apply)`;

/** An argument `npm start` does not know; its message is the whole answer (no stack). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The file in the state folder that says its CRMs started bare, so a later plain start keeps them as they are. */
const BARE_MARKER = 'bare-crms';

/**
 * Whether the kept state's Salesforce org and HubSpot portal are bare ones (`--bare`), writing the mark on a bare
 * start: a plain restart must not bring back the fields a bare org never had, nor `setup --apply` find them there.
 */
export function bareCrms(stateDir: string, options: StartOptions): boolean {
  const marker = join(stateDir, BARE_MARKER);
  if (options.bare) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(marker, 'The Salesforce org and HubSpot portal in this state started without Syncline\'s fields (npm start -- --bare).\n');
  }
  return options.bare || existsSync(marker);
}

/** Reads `npm start`'s own arguments (what follows `--`); an unknown one is refused with the usage line. */
export function parseStartArgs(argv: readonly string[]): StartOptions {
  const options: StartOptions = { fresh: false, bare: false };
  for (const arg of argv) {
    if (arg === '--fresh') options.fresh = true;
    // A bare org is a new one: kept records would name fields it does not have.
    else if (arg === '--bare') Object.assign(options, { fresh: true, bare: true });
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return options;
}

/**
 * Deletes what a hub kept in `stateDir` (DynamoDB Local's tables, the queues, the sandboxes' records, the secrets
 * and hub files, the cloud assembly), leaving the synthesis cache, so the next start is clean and still quick.
 */
export function clearLocalState(stateDir: string): void {
  if (!existsSync(stateDir)) return;
  for (const entry of readdirSync(stateDir)) {
    if (entry !== SYNTH_CACHE_DIR) rmSync(join(stateDir, entry), { recursive: true, force: true });
  }
}
