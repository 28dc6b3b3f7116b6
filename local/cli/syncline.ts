import { readFileSync, writeFileSync } from 'node:fs';
import { activeSyncs, ContractError, enabledConnectors, loadContract, webhookSources } from '#config/load-contract';
import { renderDataDictionary } from '#config/data-dictionary';
import { contractJsonSchema } from '#config/json-schema';

const USAGE = `usage: npm run syncline -- <command>

commands:
  validate [file]            check a contract (default syncline.yaml); prints every problem with its path
  docs [--out F] [--check]   render the contract as a data dictionary (default docs/data-dictionary.md);
                             --check fails when the committed file is out of date
  schema [--out F] [--check] write the contract's JSON Schema for editors (default syncline.schema.json)`;

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

function run(command: string | undefined, args: string[]): number {
  switch (command) {
    case 'validate':
      return validate(args[0]);
    case 'docs':
      return generate(args, 'docs/data-dictionary.md', () => renderDataDictionary(loadContract(option(args, '--contract') ?? 'syncline.yaml')), 'docs');
    case 'schema':
      return generate(args, 'syncline.schema.json', contractJsonSchema, 'schema');
    default:
      console.error(USAGE);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

const [command, ...args] = process.argv.slice(2);
try {
  process.exitCode = run(command, args);
} catch (error) {
  if (!(error instanceof ContractError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
