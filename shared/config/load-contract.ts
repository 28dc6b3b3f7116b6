import { readFileSync } from 'node:fs';
import { parseDocument, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { ContractSchema, type Contract, type FieldSpec, type ObjectSpec, type SyncSpec, type SystemBinding, type SystemName } from './contract-schema.ts';
import { suggestionSystems, suggestionTargetOf, unfilledRequired } from '#domain/enrichment';
import { checkMatch, loadModels } from './match-rules.ts';
import { salvageContract } from './salvage-contract.ts';

/** One problem in a contract, with the path to the offending value. */
export interface ContractProblem {
  path: string;
  message: string;
}

/** Thrown when `syncline.yaml` is invalid; carries every problem found, not only the first. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(
    readonly file: string,
    readonly problems: readonly ContractProblem[],
  ) {
    super(`${file} is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

type Problems = ContractProblem[];

/**
 * What the cross-checks look at: the contract (or the parts of it that passed the schema) and which parts failed.
 * A check that would need a failed part is skipped, so a broken part is reported once, by the schema, and not again
 * as "unknown" wherever it is referred to.
 */
interface Checked {
  contract: Contract;
  /** Whether the part at this path failed the schema. */
  failed(path: string): boolean;
  /** The document's index of each sync in `contract.syncs`. */
  syncIndex: readonly number[];
}

/** `Gong_*__c` → /^Gong_[A-Za-z0-9_]+__c$/ (the schema allows only letters, digits, _ and one *). */
function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace('*', '[A-Za-z0-9_]+')}$`);
}

/** Every map key names a declared system (and, for `system.Object`, one of its objects); the owner is mapped. */
function checkField({ contract, failed }: Checked, objectName: string, object: ObjectSpec, fieldName: string, field: FieldSpec, problems: Problems): void {
  const at = `objects.${objectName}.fields.${fieldName}`;
  for (const key of Object.keys(field.map)) {
    const [system = '', vendorObject] = key.split('.');
    const binding = object.systems[system as SystemName];
    if (!binding && failed(`objects.${objectName}.systems.${system}`)) continue;
    if (!binding) problems.push({ path: `${at}.map.${key}`, message: `system "${system}" is not declared in objects.${objectName}.systems` });
    else if (vendorObject && !binding.objects.includes(vendorObject)) problems.push({ path: `${at}.map.${key}`, message: `${vendorObject} is not one of ${system}'s objects (${binding.objects.join(', ')})` });
  }
  const systems = Object.keys(field.map).map((k) => k.split('.')[0]);
  if (!systems.includes(field.owner)) {
    problems.push({ path: `${at}.owner`, message: `owner "${field.owner}" has no mapping for this field; map it or choose one of ${[...new Set(systems)].join(', ') || '(none)'}` });
  }
  if (field.type === 'picklist' && !field.values) problems.push({ path: `${at}.values`, message: 'a picklist needs its canonical values' });
  if (field.type !== 'picklist' && field.values) problems.push({ path: `${at}.values`, message: `only picklists take values; this field is a ${field.type}` });
  if (field.refers !== undefined && field.type !== 'reference') problems.push({ path: `${at}.refers`, message: `only references refer to an object; this field is a ${field.type}` });
  if (field.refers !== undefined && !contract.objects[field.refers] && !failed(`objects.${field.refers}`)) problems.push({ path: `${at}.refers`, message: `unknown object "${field.refers}"; expected one of ${Object.keys(contract.objects).join(', ')}` });
  const declared = contract.namespaces[field.owner];
  if (!declared) return;
  const patterns = Array.isArray(declared) ? declared : [declared];
  for (const [key, mapping] of Object.entries(field.map)) {
    const system = key.split('.')[0];
    const writes = mapping.direction === 'in' || mapping.direction === 'both';
    // Only custom fields (__c) carry a namespace; a standard field such as Industry cannot.
    if (system !== field.owner && writes && mapping.field.endsWith('__c') && !patterns.some((p) => globToRegExp(p).test(mapping.field))) {
      problems.push({ path: `${at}.map.${key}.field`, message: `"${mapping.field}" is written on behalf of ${field.owner}, so it must match ${patterns.join(' or ')}` });
    }
  }
}

/** Bindings: createAs is one of the objects; required fields exist and are written there; external ids name other declared systems. */
function checkBinding({ failed }: Checked, objectName: string, object: ObjectSpec, system: string, binding: SystemBinding, problems: Problems): void {
  const at = `objects.${objectName}.systems.${system}`;
  const createAs = binding.createAs ?? binding.objects[0] ?? '';
  if (binding.createAs && !binding.objects.includes(binding.createAs)) problems.push({ path: `${at}.createAs`, message: `"${binding.createAs}" is not one of objects (${binding.objects.join(', ')})` });
  for (const required of binding.required) {
    const field = object.fields[required];
    const mapping = field?.map[`${system}.${createAs}`] ?? field?.map[system];
    if (!field && failed(`objects.${objectName}.fields.${required}`)) continue;
    if (!field) problems.push({ path: `${at}.required`, message: `"${required}" is not a field of ${objectName}` });
    else if (!mapping || !(mapping.direction === 'in' || mapping.direction === 'both')) problems.push({ path: `${at}.required`, message: `"${required}" is required but never written to ${system}.${createAs}` });
  }
  for (const other of Object.keys(binding.externalIds)) {
    if (other !== system && failed(`objects.${objectName}.systems.${other}`)) continue;
    if (other === system || !object.systems[other as SystemName]) problems.push({ path: `${at}.externalIds.${other}`, message: `"${other}" is not another system of ${objectName}` });
  }
}

function checkSync({ contract, failed }: Checked, sync: SyncSpec, i: number, problems: Problems): void {
  const object = contract.objects[sync.object];
  if (!object && failed(`objects.${sync.object}`)) return;
  if (!object) {
    problems.push({ path: `syncs.${i}.object`, message: `unknown object "${sync.object}"; expected one of ${Object.keys(contract.objects).join(', ')}` });
    return;
  }
  if (sync.from === sync.to) problems.push({ path: `syncs.${i}`, message: 'a sync needs two different systems' });
  for (const end of ['from', 'to'] as const) {
    if (!object.systems[sync[end]] && !failed(`objects.${sync.object}.systems.${sync[end]}`)) problems.push({ path: `syncs.${i}.${end}`, message: `${sync.object} has no ${sync[end]} system` });
    if (!contract.connectors[sync[end]] && !failed(`connectors.${sync[end]}`)) problems.push({ path: `syncs.${i}.${end}`, message: `connector "${sync[end]}" is not declared under connectors` });
  }
  if (object.systems[sync.to] && !object.systems[sync.to]?.externalIds[sync.from]) {
    problems.push({ path: `objects.${sync.object}.systems.${sync.to}.externalIds.${sync.from}`, message: `syncing ${sync.from} → ${sync.to} needs the ${sync.to} field that holds the ${sync.from} id` });
  }
}

/**
 * A data vendor that suggests contacts needs somewhere to put them: a person object mapped to it with a reference to
 * a company object it looks up, and its values for every field the systems the person is synced to require.
 */
function checkSuggestions({ contract, failed }: Checked, problems: Problems): void {
  for (const [vendor, connector] of Object.entries(contract.connectors)) {
    if (!connector?.suggestContacts) continue;
    const path = `connectors.${vendor}.suggestContacts`;
    const companies = Object.keys(contract.objects).filter((name) => (contract.objects[name]?.systems as Record<string, unknown> | undefined)?.[vendor]);
    const targets = companies.flatMap((company) => suggestionTargetOf(contract.objects, vendor, company) ?? []);
    const [target] = targets;
    if (!target) {
      problems.push({ path, message: `needs an object mapped to ${vendor} with a reference field to another object mapped to ${vendor} (a person's account), to hold the people it suggests` });
      continue;
    }
    const person = contract.objects[target.object];
    const systems = suggestionSystems({ objects: contract.objects, syncs: contract.syncs }, target.object, vendor);
    if (systems.length === 0) {
      problems.push({ path, message: `no system ${target.object} is synced to holds ${vendor}'s ids: add externalIds.${vendor} (a unique text field) to the ${target.object} binding of each system suggested contacts are created in` });
      continue;
    }
    // A field that failed the schema was reported there: it is not missing here as well.
    const missing = (person ? unfilledRequired(person, vendor, systems) : []).filter((name) => !failed(`objects.${target.object}.fields.${name}`));
    if (missing.length > 0) problems.push({ path, message: `a suggested ${target.object} is created in ${systems.join(', ')}, which require ${missing.join(', ')}: map ${missing.length > 1 ? 'them' : 'it'} from ${vendor} (direction: out)` });
  }
}

/** Checks that span several parts of the contract, which the schema alone cannot express. */
function crossCheck(checked: Checked): Problems {
  const { contract } = checked;
  const problems: Problems = [];
  for (const [objectName, object] of Object.entries(contract.objects)) {
    for (const [fieldName, field] of Object.entries(object.fields)) checkField(checked, objectName, object, fieldName, field, problems);
    for (const [system, binding] of Object.entries(object.systems)) if (binding) checkBinding(checked, objectName, object, system, binding, problems);
    // A field that failed the schema still exists for the match rules: they are not told it is missing.
    problems.push(...checkMatch(objectName, object, (name) => name in object.fields || checked.failed(`objects.${objectName}.fields.${name}`)));
  }
  contract.syncs.forEach((sync, i) => checkSync(checked, sync, checked.syncIndex[i] ?? i, problems));
  checkSuggestions(checked, problems);
  return problems;
}

/** The schema's sentence; a choice lists its options plainly (`expected one of salesforce, hubspot`). */
function messageOfIssue(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_value' && issue.values.length > 1 ? `expected one of ${issue.values.map(String).join(', ')}` : issue.message;
}

/**
 * Validates an already-parsed contract document. Every problem is reported at once: the schema's, and the
 * cross-checks' on every part that passed the schema (a cross-check needing a part that failed is skipped).
 */
export function parseContract(input: unknown, file = 'syncline.yaml'): Contract {
  const parsed = ContractSchema.safeParse(input);
  if (parsed.success) {
    const problems = crossCheck({ contract: parsed.data, failed: () => false, syncIndex: parsed.data.syncs.map((_, i) => i) });
    if (problems.length > 0) throw new ContractError(file, problems);
    return parsed.data;
  }
  const schemaProblems = parsed.error.issues.map((issue: z.core.$ZodIssue) => ({ path: formatPath(issue.path), message: messageOfIssue(issue) }));
  throw new ContractError(file, [...schemaProblems, ...crossCheck(salvageContract(input))]);
}

/**
 * The most alias expansions a contract may make. The `yaml` library counts each alias by the nodes it stands for
 * and refuses a document past the limit (`ToJSOptions.maxAliasCount`, "prevent exponential entity expansion
 * attacks", default 100), which stops a "billion laughs" document before it is expanded in memory.
 */
export const MAX_ALIAS_COUNT = 100;

/** A YAML error's place: `line 3, column 12` where the library gives it. */
function placeOf(error: YAMLError): string {
  const at = error.linePos?.[0];
  return at ? `line ${at.line}, column ${at.col}` : '(document)';
}

/** The first line of a YAML error, without the position the path already gives. */
function messageOf(error: YAMLError): string {
  return (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

/** The document's value; an alias bomb or an alias the library cannot resolve is a {@link ContractError}. */
function valueOf(file: string, document: ReturnType<typeof parseDocument>): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/excessive alias count/i.test(message)) {
      throw new ContractError(file, [{ path: '(document)', message: `refused: its aliases expand to more than ${MAX_ALIAS_COUNT} nodes, as in a "billion laughs" document; write the values out instead of nesting aliases` }]);
    }
    throw new ContractError(file, [{ path: '(document)', message }]);
  }
}

/** Reads, parses and validates `syncline.yaml` (or another contract file). Every YAML or contract error names the file. */
export function loadContract(file = 'syncline.yaml'): Contract {
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0) {
    throw new ContractError(file, document.errors.map((e) => ({ path: placeOf(e), message: messageOf(e) })));
  }
  const contract = parseContract(valueOf(file, document), file);
  const problems = loadModels(contract, file);
  if (problems.length > 0) throw new ContractError(file, problems);
  return contract;
}

/** Connectors that receive vendor webhooks, i.e. one webhook function each. */
export function webhookSources(contract: Contract): string[] {
  return Object.entries(contract.connectors)
    .filter(([, c]) => c?.enabled && c.webhooks)
    .map(([name]) => name)
    .sort();
}

/** Connectors enabled in the contract (each gets a secret). */
export function enabledConnectors(contract: Contract): string[] {
  return Object.entries(contract.connectors)
    .filter(([, c]) => c?.enabled)
    .map(([name]) => name)
    .sort();
}

/** Syncs whose two connectors are both enabled: the ones that run. */
export function activeSyncs(contract: Contract): SyncSpec[] {
  return contract.syncs.filter((s) => contract.connectors[s.from]?.enabled && contract.connectors[s.to]?.enabled);
}
