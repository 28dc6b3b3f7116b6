import { readFileSync, writeFileSync } from 'node:fs';
import { activeSyncs, ContractError, enabledConnectors, loadContract, webhookSources } from '#config/load-contract';
import { renderDataDictionary } from '#config/data-dictionary';
import { withConnectorTable } from '#config/connector-catalog';
import { contractJsonSchema } from '#config/json-schema';
import { auditHistory, quarantineList, quarantineRetry, resolveConnection, reviewDecide, reviewList } from './operations.ts';
import { dedupeCommand } from './dedupe.ts';
import { dlqList, dlqRedrive, dlqShow } from './dlq.ts';
import { backfillCommand, initialSyncCommand, reconcileCommand } from './sync.ts';

const USAGE = `usage: npm run syncline -- <command>

commands:
  validate [file]            check a contract (default syncline.yaml); prints every problem with its path
  docs [--out F] [--check]   render the contract as a data dictionary (default docs/data-dictionary.md);
                             --check fails when the committed file is out of date
  schema [--out F] [--check] write the contract's JSON Schema for editors (default syncline.schema.json)
  quarantine list            changes that could not be written, with their reasons
  quarantine retry ID...     send quarantined changes through again (after fixing the data); --all for every one
  dlq list                   changes that failed 5 times and wait in the dead-letter queue, with their last error
  dlq show ID                one of them in full: the change it carries and its last error
  dlq redrive ID...          send dead-lettered changes back to the changes queue (after fixing the cause); --all
                             for every one
  sync --initial             link what the CRMs already hold (companies, then people, then deals) by the match
                             rules, then create only what each lacks; prints a report (linked, created per
                             system, held for review, quarantined). [--object company|person|deal] [--dry-run:
                             the same report, nothing written]. Running it again writes nothing new.
  backfill <system> <object> replay a system's records of an object (person, company, deal) through the pipeline,
                             as if each had just changed; [--since 2026-01-31] only those changed since
  reconcile                  compare the CRMs now (records per object and system, linked records' values), link
                             what belongs together, and send through whatever is missing or differs; prints the
                             drift. [--object company|person|deal] [--dry-run] [--last: the last run's summary].
                             Deployed, it runs daily on its own (EventBridge) and alarms on drift.
  review list                conflicting changes to critical fields, held for a person
  review approve ID          apply a held change to every linked system; review reject ID keeps the current value
  audit <system>:<id>        every field Syncline wrote to a record, with before and after
                             (or <system>:<Object>:<id>, e.g. salesforce:Contact:003...)
  dedupe <export.csv>        cluster the duplicate people in a Salesforce or HubSpot export with the match rules;
                             writes record_id,cluster_id,rule,score (--out F, default <export>.clusters.csv) and
                             the ambiguous pairs to <out>.review.csv. [--object person] [--config syncline.yaml]
                             [--columns Id=Record ID,Email=E-mail,...] [--default-country US] [--json]

The sync, backfill, reconcile, quarantine, dlq, review and audit commands use the running local hub (.syncline/hub.json, written by npm start), or
a deployed stack named by SYNCLINE_STATE_TABLE, SYNCLINE_AUDIT_TABLE and SYNCLINE_CHANGES_QUEUE_URL (dlq also
SYNCLINE_DLQ_URL), set from the stack's outputs.`;

/** `validate [file]`: exit 0 and a summary when valid; exit 1 and every problem when not. */
function validate(file = 'syncline.yaml'): number {
  const contract = loadContract(file);
  const active = new Set(activeSyncs(contract));
  const objects = Object.entries(contract.objects).map(([name, o]) => `${name} (${Object.keys(o.fields).length} fields)`);
  const syncs = contract.syncs.map((s) => `${s.object} ${s.from} → ${s.to}${active.has(s) ? '' : ' (inactive)'}`);
  console.log(`${file} is valid.\n  connectors: ${enabledConnectors(contract).join(', ')}\n  webhooks:   ${webhookSources(contract).join(', ') || '(none)'}\n  objects:    ${objects.join(', ')}\n  syncs:      ${syncs.join('\n              ')}`);
  return 0;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** Writes a generated file, or with --check compares it with what is committed. */
function generate(args: string[], defaultOut: string, content: () => string, regenerate: string): number {
  const out = option(args, '--out') ?? defaultOut;
  const text = content();
  if (!args.includes('--check')) {
    writeFileSync(out, text);
    console.log(`wrote ${out}`);
    return 0;
  }
  let committed = '';
  try {
    committed = readFileSync(out, 'utf8');
  } catch {
    // a missing file is out of date too
  }
  if (committed === text) return 0;
  console.error(`${out} is out of date with syncline.yaml; run \`npm run syncline -- ${regenerate}\` and commit it.`);
  return 1;
}

function withoutOption(args: string[], name: string): string[] {
  const at = args.indexOf(name);
  return at < 0 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
}

async function operate(command: string, args: string[]): Promise<number> {
  const connection = resolveConnection(option(args, '--hub'));
  const [first, ...more] = withoutOption(args, '--hub');
  if (command === 'audit') {
    if (!first) return usage(2);
    console.log(await auditHistory(connection, first));
    return 0;
  }
  if (command === 'review') {
    if (first === 'list') return print(await reviewList(connection));
    if ((first === 'approve' || first === 'reject') && more[0]) {
      const result = await reviewDecide(connection, first, more[0]);
      console.log(result.text);
      return result.ok ? 0 : 1;
    }
    return usage(2);
  }
  if (command === 'dlq') return dlq(connection, first, more);
  if (first === 'list') return print(await quarantineList(connection));
  const ids = more.filter((a) => a !== '--all');
  if (first === 'retry' && (ids.length > 0 || more.includes('--all'))) {
    const result = await quarantineRetry(connection, more.includes('--all') ? 'all' : ids);
    console.log(result.text);
    return result.ok ? 0 : 1;
  }
  return usage(2);
}

async function dlq(connection: ReturnType<typeof resolveConnection>, first: string | undefined, more: string[]): Promise<number> {
  if (first === 'list') return print(await dlqList(connection));
  const ids = more.filter((a) => a !== '--all');
  let result: { text: string; ok: boolean } | undefined;
  if (first === 'show' && ids.length === 1) result = await dlqShow(connection, ids[0] ?? '');
  if (first === 'redrive' && (ids.length > 0 || more.includes('--all'))) result = await dlqRedrive(connection, more.includes('--all') ? 'all' : ids);
  if (!result) return usage(2);
  console.log(result.text);
  return result.ok ? 0 : 1;
}

/** The first option of `args` a command does not know (values of options that take one are skipped). */
function unknownOption(command: string, args: readonly string[], flags: readonly string[]): void {
  const valued = ['--object', '--hub', '--config', '--since'];
  const unknown = args.find((a, i) => a.startsWith('--') && !flags.includes(a) && !valued.includes(a) && !valued.includes(args[i - 1] ?? ''));
  if (unknown) throw new Error(`${command}: unknown option ${unknown}`);
}

async function backfillCli(args: string[]): Promise<number> {
  unknownOption('backfill', args, []);
  const positional = args.filter((a, i) => !a.startsWith('--') && !['--since', '--hub', '--config'].includes(args[i - 1] ?? ''));
  const [system, object] = positional;
  if (!system || !object || positional.length > 2) return usage(2);
  const since = option(args, '--since');
  const contractFile = option(args, '--config');
  const { text } = await backfillCommand(resolveConnection(option(args, '--hub')), { system, object, ...(since ? { since } : {}), ...(contractFile ? { contractFile } : {}) });
  console.log(text);
  return 0;
}

async function reconcileCli(args: string[]): Promise<number> {
  unknownOption('reconcile', args, ['--dry-run', '--last']);
  const object = option(args, '--object');
  const contractFile = option(args, '--config');
  const { text } = await reconcileCommand(resolveConnection(option(args, '--hub')), { dryRun: args.includes('--dry-run'), last: args.includes('--last'), ...(object ? { object } : {}), ...(contractFile ? { contractFile } : {}) });
  console.log(text);
  return 0;
}

async function sync(args: string[]): Promise<number> {
  unknownOption('sync', args, ['--initial', '--dry-run']);
  if (!args.includes('--initial')) return usage(2);
  const object = option(args, '--object');
  const contractFile = option(args, '--config');
  const { text } = await initialSyncCommand(resolveConnection(option(args, '--hub')), { dryRun: args.includes('--dry-run'), ...(object ? { object } : {}), ...(contractFile ? { contractFile } : {}) });
  console.log(text);
  return 0;
}

function print(text: string): number {
  console.log(text);
  return 0;
}

function usage(code: number): number {
  console.error(USAGE);
  return code;
}

async function run(command: string | undefined, args: string[]): Promise<number> {
  switch (command) {
    case 'quarantine':
    case 'dlq':
    case 'review':
    case 'audit':
      return operate(command, args);
    case 'validate':
      return validate(args[0]);
    case 'docs': {
      const dictionary = generate(args, 'docs/data-dictionary.md', () => renderDataDictionary(loadContract(option(args, '--contract') ?? 'syncline.yaml')), 'docs');
      // The README's connector table comes from the connector catalog, not the contract; --out names the dictionary only.
      return Math.max(dictionary, generate(withoutOption(args, '--out'), 'README.md', () => withConnectorTable(readFileSync('README.md', 'utf8')), 'docs'));
    }
    case 'schema':
      return generate(args, 'syncline.schema.json', contractJsonSchema, 'schema');
    case 'dedupe':
      return dedupeCommand(args);
    case 'sync':
      return sync(args);
    case 'reconcile':
      return reconcileCli(args);
    case 'backfill':
      return backfillCli(args);
    default:
      return usage(command === undefined || command === 'help' ? 0 : 2);
  }
}

const [command, ...args] = process.argv.slice(2);
try {
  process.exitCode = await run(command, args);
} catch (error) {
  // Operator-facing: the message, not a stack trace.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = error instanceof ContractError ? 1 : 2;
}
