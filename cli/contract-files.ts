import { readFileSync, writeFileSync } from 'node:fs';
import { activeSyncs, enabledConnectors, loadContract, webhookSources } from '#config/load-contract';
import { renderDataDictionary } from '#config/data-dictionary';
import { withConnectorTable } from '#config/connector-catalog';
import { contractJsonSchema } from '#config/json-schema';

/** `validate [file]`: exit 0 and a summary when valid; a contract error (exit 1, every problem) when not. */
export function validateContract(file = 'syncline.yaml'): number {
  const contract = loadContract(file);
  const active = new Set(activeSyncs(contract));
  const objects = Object.entries(contract.objects).map(([name, o]) => `${name} (${Object.keys(o.fields).length} fields)`);
  const syncs = contract.syncs.map((s) => `${s.object} ${s.from} → ${s.to}${active.has(s) ? '' : ' (inactive)'}`);
  console.log(`${file} is valid.\n  connectors: ${enabledConnectors(contract).join(', ')}\n  webhooks:   ${webhookSources(contract).join(', ') || '(none)'}\n  objects:    ${objects.join(', ')}\n  syncs:      ${syncs.join('\n              ')}`);
  return 0;
}

/** How a generated file is written: to `out`, or with `check` compared with what is committed. */
export interface GenerateOptions {
  readonly out: string;
  readonly check: boolean;
  /** The command that regenerates it, for the out-of-date message. */
  readonly regenerate: string;
}

/** Writes a generated file, or with `check` compares it with what is committed (1 when it differs). */
export function generate(options: GenerateOptions, content: () => string): number {
  const text = content();
  if (!options.check) {
    writeFileSync(options.out, text);
    console.log(`wrote ${options.out}`);
    return 0;
  }
  let committed = '';
  try {
    committed = readFileSync(options.out, 'utf8');
  } catch {
    // a missing file is out of date too
  }
  if (committed === text) return 0;
  console.error(`${options.out} is out of date with syncline.yaml; run \`npm run syncline -- ${options.regenerate}\` and commit it.`);
  return 1;
}

/** `docs`: the contract's data dictionary, and the README's connector table. */
export function generateDocs(options: { out: string | undefined; check: boolean; contract: string | undefined }): number {
  const dictionary = generate({ out: options.out ?? 'docs/data-dictionary.md', check: options.check, regenerate: 'docs' }, () => renderDataDictionary(loadContract(options.contract ?? 'syncline.yaml')));
  // The README's connector table comes from the connector catalog, not the contract; --out names the dictionary only.
  return Math.max(dictionary, generate({ out: 'README.md', check: options.check, regenerate: 'docs' }, () => withConnectorTable(readFileSync('README.md', 'utf8'))));
}

/** `schema`: the contract's JSON Schema, for editors. */
export function generateSchema(options: { out: string | undefined; check: boolean }): number {
  return generate({ out: options.out ?? 'syncline.schema.json', check: options.check, regenerate: 'schema' }, contractJsonSchema);
}
