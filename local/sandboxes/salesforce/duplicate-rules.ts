import { BadRequestError, isPlainObject, type SandboxRequest } from '../kit/index.ts';
import type { SaveError } from './errors.ts';
import { dataPrefix } from './render.ts';
import { canonicalField, type ObjectDef, type OrgSchema } from './schema.ts';
import type { SaveCheck, SalesforceStore } from './store.ts';
import type { FieldValue } from './values.ts';

/**
 * An active duplicate rule with one exact matching rule (vendor-apis §1.7): a record of `object` whose `fields` all
 * equal, case-insensitively and non-empty, those of a live `matchObject` record is a duplicate. `allowSave: false`
 * is "Block"; `allowSave: true` is "Allow" with an alert, which the API still refuses unless the request sends
 * `Sforce-Duplicate-Rule-Header: allowSave=true`.
 */
export interface DuplicateRule {
  name: string;
  object: string;
  fields: readonly string[];
  allowSave: boolean;
  /** The object the matching rule compares against (a Lead rule may match Contacts); defaults to `object`. */
  matchObject?: string;
  /** Defaults to Salesforce's standard alert text. */
  errorMessage?: string;
}

const DEFAULT_MESSAGE = 'Use one of these records?';

/**
 * Salesforce's standard rules reduced to the exact part: a Contact or a Lead with the e-mail of an existing one is
 * blocked. Real standard rules also fuzzy-match names and companies; the sandbox matches exact e-mail only.
 */
export const STANDARD_DUPLICATE_RULES: readonly DuplicateRule[] = [
  { name: 'Standard_Contact_Duplicate_Rule', object: 'Contact', fields: ['Email'], allowSave: false },
  { name: 'Standard_Lead_Duplicate_Rule', object: 'Lead', fields: ['Email'], allowSave: false },
];

function ruleOf(schema: OrgSchema, input: unknown, index: number): DuplicateRule {
  const where = `rules[${index}]`;
  if (!isPlainObject(input)) throw new BadRequestError(`${where} must be an object like {"name":"R","object":"Contact","fields":["Email"],"allowSave":false}.`);
  const { name, object, fields, allowSave, matchObject, errorMessage } = input;
  const def = typeof object === 'string' ? schema.object(object) : undefined;
  if (typeof name !== 'string' || name === '') throw new BadRequestError(`${where}.name must be a non-empty string.`);
  if (!def) throw new BadRequestError(`${where}.object must be an sObject the sandbox serves; got ${String(object)}.`);
  const match = matchObject === undefined ? def : typeof matchObject === 'string' ? schema.object(matchObject) : undefined;
  if (!match) throw new BadRequestError(`${where}.matchObject must be an sObject the sandbox serves; got ${String(matchObject)}.`);
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string' && canonicalField(def, f) && canonicalField(match, f))) {
    throw new BadRequestError(`${where}.fields must be a non-empty array of fields of both ${def.name} and ${match.name}.`);
  }
  if (typeof allowSave !== 'boolean') throw new BadRequestError(`${where}.allowSave must be true or false.`);
  if (errorMessage !== undefined && typeof errorMessage !== 'string') throw new BadRequestError(`${where}.errorMessage must be a string.`);
  return { name, object: def.name, fields: fields as string[], allowSave, matchObject: match.name, ...(errorMessage === undefined ? {} : { errorMessage }) };
}

/**
 * Parses the body of `POST /__sandbox/duplicate-rules`: `{"rules":"standard"}`, `{"rules":[]}` (none active) or
 * `{"rules":[{name, object, fields, allowSave, matchObject?, errorMessage?}, …]}`.
 */
export function parseDuplicateRules(body: unknown, schema: OrgSchema): DuplicateRule[] {
  const rules = isPlainObject(body) ? body['rules'] : undefined;
  if (rules === 'standard') return [...STANDARD_DUPLICATE_RULES];
  if (!Array.isArray(rules)) throw new BadRequestError('The body must be {"rules":"standard"} or {"rules":[…]} (an empty array switches duplicate rules off).');
  return rules.map((rule, index) => ruleOf(schema, rule, index));
}

/** Whether the request asks to save past `allowSave: true` rules. The header may carry other keys too. */
export function allowsSave(req: SandboxRequest): boolean {
  return /(^|[;,\s])allowSave\s*=\s*true\b/i.test(String(req.headers['sforce-duplicate-rule-header'] ?? ''));
}

const text = (v: FieldValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v.toLowerCase() : undefined);

/** The active duplicate rules of the org; `reset()` goes back to the ones the sandbox started with. */
export class DuplicateRules {
  #rules: DuplicateRule[];

  constructor(
    private readonly store: SalesforceStore,
    private readonly schema: OrgSchema,
    private readonly initial: readonly DuplicateRule[] = [],
  ) {
    this.#rules = [...initial];
  }

  list(): DuplicateRule[] {
    return [...this.#rules];
  }

  set(rules: readonly DuplicateRule[]): void {
    this.#rules = [...rules];
  }

  reset(): void {
    this.#rules = [...this.initial];
  }

  /** The rule check for one API write; `allowSave` is the request's header (Bulk API never sends one). */
  check(version: string, allowSave: boolean): SaveCheck {
    return (def, merged, selfId) => {
      for (const rule of this.#rules) {
        if (rule.object !== def.name || (rule.allowSave && allowSave)) continue;
        const error = this.#match(rule, version, merged, selfId);
        if (error) return [error];
      }
      return [];
    };
  }

  #match(rule: DuplicateRule, version: string, merged: Readonly<Record<string, FieldValue>>, selfId: string | undefined): SaveError | undefined {
    const target = this.schema.object(rule.matchObject ?? rule.object) as ObjectDef;
    const wanted = rule.fields.map((f) => [canonicalField(target, f) as string, text(merged[canonicalField(target, f) as string])] as const);
    if (wanted.some(([, v]) => v === undefined)) return undefined;
    const found = this.store.all(target).filter((r) => !r['IsDeleted'] && r.Id !== selfId && wanted.every(([f, v]) => text(r[f]) === v));
    if (found.length === 0) return undefined;
    const errorMessage = rule.errorMessage ?? DEFAULT_MESSAGE;
    // Shape from live captures (vendor-apis §1.7) [T]; `matchRule` naming is the sandbox's own.
    const duplicateResult = {
      allowSave: rule.allowSave,
      duplicateRule: rule.name,
      duplicateRuleEntityType: rule.object,
      errorMessage,
      matchResults: [
        {
          entityType: target.name,
          errors: [],
          matchEngine: 'ExactMatchEngine',
          matchRecords: found.map((r) => ({
            additionalInformation: [],
            fieldDiffs: [],
            matchConfidence: 100.0,
            record: { attributes: { type: target.name, url: `${dataPrefix(version)}/sobjects/${target.name}/${r.Id}` }, Id: r.Id },
          })),
          rule: `${rule.name}_Match`,
          size: found.length,
          success: true,
        },
      ],
    };
    return { code: 'DUPLICATES_DETECTED', message: errorMessage, fields: [], duplicateResult };
  }
}
