import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ContractSchema, type Contract } from './contract-schema.ts';

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

/** Checks that span several parts of the contract, which the schema alone cannot express. */
function crossCheck(contract: Contract): ContractProblem[] {
  const problems: ContractProblem[] = [];
  for (const [objectName, object] of Object.entries(contract.objects)) {
    const systems = Object.keys(object.systems);
    for (const [fieldName, field] of Object.entries(object.fields)) {
      const at = `objects.${objectName}.fields.${fieldName}`;
      for (const system of Object.keys(field.map)) {
        if (!systems.includes(system)) {
          problems.push({ path: `${at}.map.${system}`, message: `system "${system}" is not declared in objects.${objectName}.systems` });
        }
      }
      if (!(field.owner in field.map)) {
        problems.push({ path: `${at}.owner`, message: `owner "${field.owner}" has no mapping for this field; map it or choose one of ${Object.keys(field.map).join(', ') || '(none)'}` });
      }
    }
    for (const [system, spec] of Object.entries(object.systems)) {
      for (const required of spec.required) {
        if (!(required in object.fields)) {
          problems.push({ path: `objects.${objectName}.systems.${system}.required`, message: `"${required}" is not a field of ${objectName}` });
        }
      }
    }
  }
  contract.syncs.forEach((sync, i) => {
    const object = contract.objects[sync.object];
    if (!object) {
      problems.push({ path: `syncs.${i}.object`, message: `unknown object "${sync.object}"; expected one of ${Object.keys(contract.objects).join(', ')}` });
      return;
    }
    for (const end of ['from', 'to'] as const) {
      if (!object.systems[sync[end]]) problems.push({ path: `syncs.${i}.${end}`, message: `${sync.object} has no ${sync[end]} system` });
      if (contract.connectors[sync[end]]?.enabled !== true) problems.push({ path: `syncs.${i}.${end}`, message: `connector "${sync[end]}" is not enabled in connectors` });
    }
    if (object.systems[sync.to] && !object.systems[sync.to]?.externalIds[sync.from]) {
      problems.push({ path: `objects.${sync.object}.systems.${sync.to}.externalIds.${sync.from}`, message: `syncing ${sync.from} → ${sync.to} needs the ${sync.to} field that holds the ${sync.from} id` });
    }
  });
  return problems;
}

/** Validates an already-parsed contract document. Every problem is reported at once. */
export function parseContract(input: unknown, file = 'syncline.yaml'): Contract {
  const parsed = ContractSchema.safeParse(input);
  if (!parsed.success) {
    throw new ContractError(file, parsed.error.issues.map((issue: z.core.$ZodIssue) => ({ path: formatPath(issue.path), message: issue.message })));
  }
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new ContractError(file, problems);
  return parsed.data;
}

/** Reads, parses and validates `syncline.yaml` (or another contract file). */
export function loadContract(file = 'syncline.yaml'): Contract {
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0) {
    throw new ContractError(file, document.errors.map((e) => ({ path: `line ${e.linePos?.[0]?.line ?? '?'}`, message: e.message })));
  }
  return parseContract(document.toJS(), file);
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
