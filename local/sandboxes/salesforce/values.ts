import { salesforceEmailProblem } from './email-address.ts';
import { normalizeId } from './ids.ts';
import { maxLength, refusesUnknownValues, type FieldDef } from './schema.ts';
import type { SaveError } from './errors.ts';

/** A stored field value. */
export type FieldValue = string | number | boolean | null;

/** Formats epoch ms the way Salesforce returns datetimes: `2024-01-01T09:00:00.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses Salesforce datetimes (`Z`, `+0000` and `+00:00` offsets) into epoch ms. */
export function parseDateTime(value: string): number | undefined {
  const m = DATETIME.exec(value);
  if (!m) return undefined;
  const offset = m[8] === 'Z' ? 'Z' : `${m[8]?.slice(0, 3)}:${m[8]?.slice(-2)}`;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

type Coerced = { ok: true; value: FieldValue } | { ok: false; error: SaveError };

const fail = (code: string, message: string, field: string): Coerced => ({ ok: false, error: { code, message, fields: [field] } });

function coerceNumber(name: string, def: FieldDef, value: unknown, integer: boolean): Coerced {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    return fail('JSON_PARSER_ERROR', `Cannot deserialize instance of ${integer ? 'int' : 'double'} from VALUE_STRING value ${String(value)} or request may be missing a required field`, name);
  }
  // A field with a declared precision holds at most precision - scale digits before the point (Metadata API
  // CustomField.precision/scale) [C]; the code and message a write past it gets are [?].
  if (def.precision !== undefined && Math.abs(Math.trunc(n)) >= 10 ** (def.precision - (def.scale ?? 0))) {
    return fail('NUMBER_OUTSIDE_VALID_RANGE', `${def.label ?? name}: value outside of valid range on numeric field: ${n}`, name);
  }
  return { ok: true, value: n };
}

function coerceText(name: string, def: FieldDef, value: string): Coerced {
  if (value === '') return { ok: true, value: null };
  // Length first, then format: Salesforce answers STRING_TOO_LONG with the field's label, the value and its length.
  const length = maxLength(def);
  if (length !== undefined && value.length > length) return fail('STRING_TOO_LONG', `${def.label ?? name}: data value too large: ${value} (max length=${length})`, name);
  // Salesforce's documented address rules (email-address.ts).
  if (def.type === 'email' && salesforceEmailProblem(value) !== undefined) return fail('INVALID_EMAIL_ADDRESS', `${def.label ?? name}: invalid email address: ${value}`, name);
  // A value outside a restricted picklist's set, compared case-sensitively; inactive values are refused too. Body as a
  // live org answered a REST create: `[{"errorCode":"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST","message":"Channel: bad
  // value for restricted picklist field: EMAIL","fields":["Channel__c"]}]` (field label, then the value), and as Apex
  // DML and Bulk results show it ("Day of Month: bad value for restricted picklist field: 30") [T].
  if (def.picklist && refusesUnknownValues(def.picklist) && !def.picklist.values.some((v) => v.active && v.value === value)) {
    return fail('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${def.label ?? name}: bad value for restricted picklist field: ${value}`, name);
  }
  if (def.type === 'datetime') {
    const ms = parseDateTime(value);
    return ms === undefined ? fail('JSON_PARSER_ERROR', `Cannot deserialize value of type \`java.util.Date\` from String "${value}"`, name) : { ok: true, value: formatDateTime(ms) };
  }
  if (def.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return fail('JSON_PARSER_ERROR', `Cannot deserialize value of type \`java.util.Date\` from String "${value}"`, name);
  if (def.type === 'reference') {
    const id = normalizeId(value);
    if (!id || (def.referenceTo && !def.referenceTo.some((p) => id.startsWith(p)))) {
      return fail('MALFORMED_ID', `${def.label ?? name}: id value of incorrect type: ${value}`, name);
    }
    return { ok: true, value: id };
  }
  return { ok: true, value };
}

/** Checks and converts one written value for its field type (does not check read-only or required). */
export function coerceValue(name: string, def: FieldDef, value: unknown): Coerced {
  if (value === null || value === undefined) return { ok: true, value: null };
  switch (def.type) {
    case 'double':
    case 'currency':
    case 'percent':
      return coerceNumber(name, def, value, false);
    case 'int':
      return coerceNumber(name, def, value, true);
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return fail('JSON_PARSER_ERROR', `Cannot deserialize instance of boolean from VALUE_STRING value ${String(value)}`, name);
    default:
      if (typeof value === 'object') return fail('JSON_PARSER_ERROR', `Cannot deserialize instance of string from START_OBJECT value for ${name}`, name);
      return coerceText(name, def, String(value));
  }
}
