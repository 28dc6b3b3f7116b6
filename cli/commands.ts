/**
 * The `syncline` commands, one entry each: name, summary, usage (the long help), options and what runs. Adding a
 * command is adding an entry; cli/syncline.ts reads the table for help, option checks and dispatch.
 */
import { existsSync } from 'node:fs';
import type { ParseArgsOptionsConfig } from 'node:util';
import type { HubConnection } from '#local/hub-file';
import { flag, text, UsageError, type Command, type CommandInput } from './command.ts';
import { ACTION_COMMANDS } from './action-commands.ts';

// Each command loads what it runs only when it runs: help, and a mistyped command line, answer at once.
const contractFiles = () => import('./contract-files.ts');
const operations = () => import('./operations.ts');
const dlqs = () => import('./dlq.ts');
const syncJobs = () => import('./sync.ts');
const checks = () => import('./check.ts');

/** What the commands that reach the stores say about where they are. */
export const CONNECTION_HELP = `The sync, backfill, reconcile, enrich, import, quarantine, dlq, review, identity, audit, pause, resume and resync commands use
the running local hub (.syncline/hub.json, written by npm start; --hub FILE names another), or a deployed stack named by
SYNCLINE_STATE_TABLE, SYNCLINE_AUDIT_TABLE and SYNCLINE_CHANGES_QUEUE_URL (dlq also SYNCLINE_DLQ_URL), set from
the stack's outputs.`;

const HUB_OPTION = { hub: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;
/** The options of the commands that run a sync job: the hub, and the contract to follow. */
const JOB_OPTIONS = { ...HUB_OPTION, config: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;

/** The stores of the hub file `--hub` names (default .syncline/hub.json), or of the deployed stack. */
async function connect(input: CommandInput): Promise<HubConnection> {
  return (await operations()).resolveConnection(text(input, 'hub'));
}

/**
 * Where `check` and `setup` read credentials: the hub file `--hub` names (default .syncline/hub.json) when it exists,
 * else the deployed stack's secrets in Secrets Manager (they need no table or queue).
 */
async function secretsConnection(input: CommandInput): Promise<{ secretsFile?: string; contractFile?: string }> {
  const file = text(input, 'hub') ?? '.syncline/hub.json';
  if (!existsSync(file)) return {};
  const { secretsFile, contractFile } = await connect(input);
  return { ...(secretsFile && { secretsFile }), ...(contractFile && { contractFile }) };
}

/** Only the options given, for the commands' optional settings. */
function given<K extends string>(input: CommandInput, names: Record<K, string>): Partial<Record<K, string>> {
  const entries = Object.entries<string>(names).flatMap(([key, option]) => {
    const value = text(input, option);
    return value === undefined ? [] : [[key, value] as const];
  });
  return Object.fromEntries(entries) as Partial<Record<K, string>>;
}

function print(result: string | { text: string; ok?: boolean }): number {
  console.log(typeof result === 'string' ? result : result.text);
  return typeof result === 'string' || result.ok !== false ? 0 : 1;
}

/** The ids after a sub-command, or 'all' with --all. */
function idsOrAll(input: CommandInput, what: string): readonly string[] | 'all' {
  const ids = input.positionals.slice(1);
  if (flag(input, 'all')) return 'all';
  if (ids.length === 0) throw new UsageError(`${input.positionals[0]}: expected the ids of ${what}, or --all`);
  return ids;
}

function positionals(input: CommandInput, expected: string, min: number, max = min): readonly string[] {
  const { length } = input.positionals;
  if (length < min || length > max) throw new UsageError(length < min ? `expected ${expected}` : `unexpected ${input.positionals.slice(max).join(' ')}`);
  return input.positionals;
}

const validate: Command = {
  name: 'validate',
  summary: 'check a contract (default syncline.yaml); prints every problem with its path',
  usage: `usage: syncline validate [file]

Checks a contract (default syncline.yaml): the schema and the cross-checks alike, every problem at once, each with
its path. Exit 0 and a summary (connectors, webhooks, objects, syncs) when it is valid, 1 when not.`,
  run: async (input) => (await contractFiles()).validateContract(positionals(input, 'at most one contract file', 0, 1)[0]),
};

const docs: Command = {
  name: 'docs',
  summary: 'render the contract as a data dictionary, and the README\'s connector table',
  usage: `usage: syncline docs [--out FILE] [--check] [--contract FILE]

Renders the contract as a data dictionary (default docs/data-dictionary.md) and the README's connector table.
  --out FILE       where the data dictionary goes
  --check          write nothing; exit 1 when a committed file is out of date
  --contract FILE  the contract to render (default syncline.yaml)`,
  options: { out: { type: 'string' }, check: { type: 'boolean' }, contract: { type: 'string' } },
  run: async (input) => (positionals(input, 'no arguments', 0), (await contractFiles()).generateDocs({ out: text(input, 'out'), check: flag(input, 'check'), contract: text(input, 'contract') })),
};

const schema: Command = {
  name: 'schema',
  summary: 'write the contract\'s JSON Schema for editors (default syncline.schema.json)',
  usage: `usage: syncline schema [--out FILE] [--check]

Writes the contract's JSON Schema, which editors with the YAML language server use to complete and check
syncline.yaml.
  --out FILE  where it goes (default syncline.schema.json)
  --check     write nothing; exit 1 when the committed file is out of date`,
  options: { out: { type: 'string' }, check: { type: 'boolean' } },
  run: async (input) => (positionals(input, 'no arguments', 0), (await contractFiles()).generateSchema({ out: text(input, 'out'), check: flag(input, 'check') })),
};

const check: Command = {
  name: 'check',
  summary: "check the contract against each CRM's live metadata (fields, types, picklists, external ids)",
  usage: `usage: syncline check [--config FILE] [--hub FILE]

Connects to every enabled CRM (the sandboxes of the running hub, or the real systems deployed, with the credentials
in Secrets Manager) and checks the contract against what each reports: every mapped field exists (a misspelling is
named with the field it was probably meant to be), its type holds the contract's, a field Syncline writes can be
written by the integration user and, if a restricted picklist, takes every value the contract maps to it; the
external-id fields exist and hold unique values; the soft-delete flag exists. Exit 0 when there is no problem, 1
with every problem named.
  --config FILE  the contract to check (default: the one the hub runs, else syncline.yaml)`,
  options: JOB_OPTIONS,
  run: async (input) => (positionals(input, 'no arguments', 0), print(await (await checks()).checkLiveContract(await secretsConnection(input), text(input, 'config')))),
};

const setup: Command = {
  name: 'setup',
  summary: 'print, or with --apply create, the fields and properties each CRM needs for the contract',
  usage: `usage: syncline setup [--apply] [--config FILE] [--hub FILE]

Reads each enabled CRM's metadata and prints what the contract needs there that is missing: Salesforce custom fields
and HubSpot properties with their types, picklist values (in the system's own spelling) and external-id flags, then
the Outbound Messages' fields and the HubSpot webhook subscriptions the contract's webhooks need.
  --apply        create the missing fields (Salesforce Tooling API) and properties (HubSpot properties API), and the
                 HubSpot app's webhook subscriptions when its secret holds developerApiKey and appId, then run the
                 check; exits non-zero if a field could not be created or the check still fails. Running it again
                 creates nothing. Outbound Messages are printed, not created.
  --config FILE  the contract (default: the one the hub runs, else syncline.yaml)`,
  options: { ...JOB_OPTIONS, apply: { type: 'boolean' } },
  run: async (input) => {
    positionals(input, 'no arguments', 0);
    const module = await checks();
    const c = await secretsConnection(input);
    if (!flag(input, 'apply')) return print(await module.setupInstructions(c, text(input, 'config')));
    return print(await module.applySetup(c, text(input, 'config')));
  },
};

const quarantine: Command = {
  name: 'quarantine',
  summary: 'changes that could not be written, with their reasons; retry them',
  usage: `usage: syncline quarantine list | retry ID... | retry --all  [--hub FILE]

  list            changes that could not be written: ID, time, record, code, attempts, reason
  retry ID...     send quarantined changes through again (after fixing the data)
  retry --all     every one of them`,
  options: { ...HUB_OPTION, all: { type: 'boolean' } },
  run: async (input) => {
    const [sub] = positionals(input, 'list or retry', 1, Infinity);
    if (sub === 'list') return print(await (await operations()).quarantineList(await connect(input)));
    if (sub === 'retry') {
      const ids = idsOrAll(input, 'quarantined changes');
      return print(await (await operations()).quarantineRetry(await connect(input), ids));
    }
    throw new UsageError(`expected list or retry, received ${sub}`);
  },
};

const dlq: Command = {
  name: 'dlq',
  summary: 'changes that failed 5 times and wait in the dead-letter queue; show, redrive',
  usage: `usage: syncline dlq list | show ID | redrive ID... | redrive --all  [--hub FILE]

  list            changes that failed 5 times and wait in the dead-letter queue, with their last error;
                  consumes nothing
  show ID         one of them in full: the change it carries and its last error
  redrive ID...   send dead-lettered changes back to the changes queue (after fixing the cause)
  redrive --all   every one of them`,
  options: { ...HUB_OPTION, all: { type: 'boolean' } },
  run: async (input) => {
    const [sub] = positionals(input, 'list, show or redrive', 1, Infinity);
    if (sub === 'list') return print(await (await dlqs()).dlqList(await connect(input)));
    if (sub === 'show') {
      const [, id = ''] = positionals(input, 'show ID', 2);
      return print(await (await dlqs()).dlqShow(await connect(input), id));
    }
    if (sub === 'redrive') {
      const ids = idsOrAll(input, 'dead-lettered changes');
      return print(await (await dlqs()).dlqRedrive(await connect(input), ids));
    }
    throw new UsageError(`expected list, show or redrive, received ${sub}`);
  },
};

const review: Command = {
  name: 'review',
  summary: 'conflicting changes to critical fields, held for a person; approve or reject them',
  usage: `usage: syncline review list | approve ID | reject ID  [--hub FILE]

  list         conflicting changes to critical fields (or identities), held for a person: ID, time, object, field,
               current and proposed value, the record the change came from, and the record's name (for an
               identity: the held record's name and the people or records it may be)
  approve ID   apply a held change to every linked system
  reject ID    keep the current value`,
  options: HUB_OPTION,
  run: async (input) => {
    const [sub] = positionals(input, 'list, approve ID or reject ID', 1, 2);
    if (sub === 'list') return print(await (await operations()).reviewList(await connect(input)));
    if (sub === 'approve' || sub === 'reject') {
      const [, id = ''] = positionals(input, `${sub} ID`, 2);
      return print(await (await operations()).reviewDecide(await connect(input), sub, id));
    }
    throw new UsageError(`expected list, approve or reject, received ${sub}`);
  },
};

const audit: Command = {
  name: 'audit',
  summary: 'every field Syncline wrote to a record, or from it, or to anything of a person by e-mail',
  usage: `usage: syncline audit <system>:<id> | <email> [--hub FILE]

Every field Syncline wrote to a record, oldest first, with the value before and after, the change it came from
and its event, and every field it wrote elsewhere from that record. The record is <system>:<id> (every object of
that system) or <system>:<Object>:<id>, e.g. salesforce:Contact:003Dn000000000dIAA. An e-mail address finds the
person by it (as the match rules read it: case, +tags ignored) and lists the entries of every record linked to them.`,
  options: HUB_OPTION,
  run: async (input) => {
    const [record = ''] = positionals(input, 'a record: <system>:<id>', 1);
    return print(await (await operations()).auditHistory(await connect(input), record));
  },
};

const sync: Command = {
  name: 'sync',
  summary: 'the initial sync: link what the CRMs already hold, then create only what each lacks',
  usage: `usage: syncline sync --initial [--object company|person|deal] [--dry-run] [--config FILE] [--hub FILE]

Links what the CRMs already hold (companies, then people, then deals) by the match rules, then creates only what
each lacks; prints a report (linked, created per system, held for review, quarantined). Running it again writes
nothing new.
  --object O     one object only
  --dry-run      the same report, nothing written
  --config FILE  the contract to follow (default the hub's)`,
  options: { ...JOB_OPTIONS, initial: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, object: { type: 'string' } },
  run: async (input) => {
    positionals(input, 'no arguments', 0);
    if (!flag(input, 'initial')) throw new UsageError('expected --initial');
    return print(await (await syncJobs()).initialSyncCommand(await connect(input), { dryRun: flag(input, 'dry-run'), ...given(input, { object: 'object', contractFile: 'config' }) }));
  },
};

const backfill: Command = {
  name: 'backfill',
  summary: 'replay a system\'s records of an object through the pipeline, as if each had just changed',
  usage: `usage: syncline backfill <system> <object> [--since DATE] [--config FILE] [--hub FILE]

Replays a system's records of an object (person, company, deal) through the pipeline, as if each had just changed.
  --since DATE   only those changed since then, e.g. 2026-01-31
  --config FILE  the contract to follow (default the hub's)`,
  options: { ...JOB_OPTIONS, since: { type: 'string' } },
  run: async (input) => {
    const [system = '', object = ''] = positionals(input, 'a system and an object, e.g. backfill salesforce person', 2);
    return print(await (await syncJobs()).backfillCommand(await connect(input), { system, object, ...given(input, { since: 'since', contractFile: 'config' }) }));
  },
};

const reconcile: Command = {
  name: 'reconcile',
  summary: 'compare the CRMs now, link what belongs together, send through what differs; prints the drift',
  usage: `usage: syncline reconcile [--object company|person|deal] [--dry-run] [--last] [--config FILE] [--hub FILE]

Compares the CRMs now (records per object and system, linked records' values), links what belongs together, and
sends through whatever is missing or differs; prints the drift. Deployed, it runs daily on its own (EventBridge)
and alarms on drift.
  --object O     one object only
  --dry-run      the drift, nothing sent
  --last         the last run's summary
  --config FILE  the contract to follow (default the hub's)`,
  options: { ...JOB_OPTIONS, 'dry-run': { type: 'boolean' }, last: { type: 'boolean' }, object: { type: 'string' } },
  run: async (input) => {
    positionals(input, 'no arguments', 0);
    return print(await (await syncJobs()).reconcileCommand(await connect(input), { dryRun: flag(input, 'dry-run'), last: flag(input, 'last'), ...given(input, { object: 'object', contractFile: 'config' }) }));
  },
};

const enrich: Command = {
  name: 'enrich',
  summary: 'run the enrichment batch now: look up the records due (blank fields, or stale) in the data vendors',
  usage: `usage: syncline enrich --now [--object company|person] [--limit N] [--config FILE] [--hub FILE]
       syncline enrich --last [--hub FILE]

Looks up in the enabled data vendors (ZoomInfo) the records due: never looked up, or last looked up staleAfterDays
ago, and with a blank or vendor-owned field to fill. Chunks of 25 per request, within the vendor's rate limits and
the day's credits (dailyCredits); matches go through the pipeline, merged by the fields' rules and audited. Deployed,
it runs daily on its own (EventBridge); a second run the same day continues the first and looks nothing up twice.
  --now          run it now and print the summary
  --object O     one object only (company or person)
  --limit N      at most N records
  --last         the day's run so far
  --config FILE  the contract to follow (default the hub's)`,
  options: { ...JOB_OPTIONS, now: { type: 'boolean' }, last: { type: 'boolean' }, object: { type: 'string' }, limit: { type: 'string' } },
  run: async (input) => {
    positionals(input, 'no arguments', 0);
    const enrichment = await import('./enrich.ts');
    if (flag(input, 'last')) return print(await enrichment.enrichLastCommand(await connect(input)));
    if (!flag(input, 'now')) throw new UsageError('expected --now (run the batch) or --last (the day\'s run so far)');
    const limitText = text(input, 'limit');
    const limit = limitText === undefined ? undefined : Number(limitText);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError(`--limit: expected a whole number above 0; got ${limitText}`);
    return print(await enrichment.enrichNowCommand(await connect(input), { ...given(input, { object: 'object', contractFile: 'config' }), ...(limit ? { limit } : {}) }));
  },
};

const importList: Command = {
  name: 'import',
  summary: 'create the people of a list (a conference\'s attendees) everywhere the contract syncs them, once',
  usage: `usage: syncline import <file.csv> [--object person] [--columns Email=E-mail,...] [--dry-run] [--config FILE] [--hub FILE]

Creates the people of a list everywhere the contract syncs them, once: rows are checked against what every system
requires (refused rows go to the quarantine with the reason); duplicates within the file and of records any system
holds are skipped. A run killed midway resumes; importing the file again creates nothing.
  --object O          the object the rows are (default person)
  --columns N=H,...   headers it does not recognise, e.g. Email=E-mail,LastName=Surname
  --dry-run           who is new, who is held, which rows are refused; nothing written
  --config FILE       the contract to follow (default the hub's)`,
  options: { ...JOB_OPTIONS, 'dry-run': { type: 'boolean' }, object: { type: 'string' }, columns: { type: 'string' } },
  run: async (input) => {
    const [file = ''] = positionals(input, 'the file to import: import <file.csv>', 1);
    return print(await (await import('./import.ts')).importCommand(await connect(input), { file, dryRun: flag(input, 'dry-run'), ...given(input, { object: 'object', columns: 'columns', contractFile: 'config' }) }));
  },
};

const dedupe: Command = {
  name: 'dedupe',
  summary: 'cluster the duplicate people in a Salesforce or HubSpot export with the match rules',
  usage: `usage: syncline dedupe <export.csv> [--out FILE] [--object person] [--config FILE] [--columns Id=Record ID,...] [--default-country US] [--json]

Clusters the duplicate people in a Salesforce or HubSpot export with the contract's match rules; writes
record_id,cluster_id,rule,score for every record, and the pairs for a person to decide (ambiguous, or in the
person model's review band) to <out>.review.csv.
  --out FILE             the clusters (default <export>.clusters.csv)
  --object O             the object the rows are (default person)
  --config FILE          the contract whose match rules apply (default syncline.yaml, else the shipped rules)
  --columns N=H,...      headers it does not recognise, e.g. Id=Record ID,Email=E-mail
  --default-country CC   the country of phone numbers without one (ISO 3166 alpha-2)
  --json                 the summary as JSON`,
  options: { out: { type: 'string' }, object: { type: 'string' }, config: { type: 'string' }, columns: { type: 'string' }, 'default-country': { type: 'string' }, json: { type: 'boolean' } },
  // The dedupe reads its own arguments again in a process with a larger heap.
  run: async (input) => (await import('./dedupe.ts')).dedupeCommand(input.args),
};

const identity: Command = {
  name: 'identity',
  summary: 'learn from identity decisions made in review: the person model re-estimated from them',
  usage: `usage: syncline identity train [--out FILE] [--strength N] [--config FILE] [--hub FILE]

Every identity review approved (one person) or rejected (two people) is kept as a label: the pair's comparison
levels, never its values. train blends them into the model the contract's person-model rule uses now and writes
the result beside the contract (the rule's model file, else identity-model.json), with the weights that moved.
The hub and the functions use it once the rule names it (model: identity-model.json) and they restart or deploy.
  --out FILE     where to write the model
  --strength N   how many labelled pairs the current model is worth (default 200): a few decisions nudge it,
                 hundreds outweigh it
  --config FILE  the contract (default the hub's, else syncline.yaml)`,
  options: { ...JOB_OPTIONS, out: { type: 'string' }, strength: { type: 'string' } },
  run: async (input) => {
    const [sub] = positionals(input, 'train', 1, 1);
    if (sub !== 'train') throw new UsageError(`expected train, received ${sub}`);
    const strengthText = text(input, 'strength');
    const strength = strengthText === undefined ? undefined : Number(strengthText);
    if (strength !== undefined && !(strength >= 0 && Number.isFinite(strength))) throw new UsageError(`--strength: expected a number of pairs ≥ 0, received ${strengthText}`);
    const connection = await connect(input);
    const contractFile = text(input, 'config') ?? connection.contractFile ?? 'syncline.yaml';
    const out = text(input, 'out');
    return print(await (await import('./identity.ts')).identityTrain(connection, { contractFile, ...(out && { out }), ...(strength !== undefined && { strength }) }));
  },
};

/** Every command, in the order `syncline help` lists them. */
const health: Command = {
  name: 'health',
  summary: 'each integration Active, Degraded or Stopped, with last sync, error rate, lag, queues, errors and quota',
  usage: `usage: syncline health [--json] [--config FILE] [--hub FILE]

Per integration (source → target, object): Active, Degraded (over 1% of the last hour's attempts failed) or
Stopped (changes arrived and none went through for the stoppage window, or its connector is paused), with the last
successful sync, error rate and lag p50/p99 over the last hour; then the queues (waiting, in flight, dead-letter),
the quarantine and review counts, the last hour's errors grouped with a hint, API calls and quota per vendor, and
today's data-quality counters. Exits 1 when any integration is not Active, so a cron job or CI can alert on it.
The local hub answers it (GET /health); for a deployed stack the CLI reads CloudWatch, SQS and the state table.
  --json         the report as JSON, as GET /health answers it
  --config FILE  the contract (deployed stack only; default syncline.yaml)`,
  options: { ...HUB_OPTION, json: { type: 'boolean' }, config: { type: 'string' } },
  run: async (input) => {
    positionals(input, 'no arguments', 0);
    const contractFile = text(input, 'config');
    return print(await (await import('./health.ts')).healthCommand(await connect(input), { json: flag(input, 'json'), ...(contractFile ? { contractFile } : {}) }));
  },
};

/** Every command, in the order `syncline help` lists them. */
export const COMMANDS: readonly Command[] = [validate, check, setup, docs, schema, sync, backfill, reconcile, enrich, importList, quarantine, dlq, review, identity, audit, ...ACTION_COMMANDS, health, dedupe];
