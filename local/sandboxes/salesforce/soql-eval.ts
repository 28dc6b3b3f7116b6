import { queriedId } from './ids.ts';
import { DEFAULT_SCHEMA, canonicalField, type FieldDef, type ObjectDef, type OrgSchema } from './schema.ts';
import type { SoqlCondition, SoqlLiteral, SoqlOrder, SoqlQuery } from './soql.ts';
import type { SfRecord } from './store.ts';
import { parseDateTime, type FieldValue } from './values.ts';

/** A query that parses but names an unknown object or field, or compares a field with the wrong literal type. */
export class SoqlQueryError extends Error {
  override readonly name = 'SoqlQueryError';
  constructor(
    readonly code: 'INVALID_TYPE' | 'INVALID_FIELD' | 'INVALID_QUERY_FILTER_OPERATOR',
    message: string,
  ) {
    super(message);
  }
}

/** A query bound to the schema: canonical field names throughout. */
export interface ResolvedQuery extends SoqlQuery {
  def: ObjectDef;
}

type Family = 'text' | 'number' | 'boolean' | 'datetime' | 'date';

function family(f: FieldDef): Family {
  switch (f.type) {
    case 'double': case 'currency': case 'percent': case 'int': return 'number';
    case 'boolean': case 'datetime': case 'date': return f.type;
    default: return 'text';
  }
}

const LITERAL_FAMILY: Record<Exclude<SoqlLiteral['kind'], 'null'>, Family> = { string: 'text', number: 'number', boolean: 'boolean', datetime: 'datetime', date: 'date' };

function fieldOf(def: ObjectDef, name: string): { name: string; def: FieldDef } {
  const canonical = canonicalField(def, name);
  const field = canonical ? def.fields[canonical] : undefined;
  if (!canonical || !field) {
    throw new SoqlQueryError(
      'INVALID_FIELD',
      `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return { name: canonical, def: field };
}

function checkLiteral(field: { name: string; def: FieldDef }, value: SoqlLiteral): void {
  if (value.kind === 'null') return;
  const want = family(field.def);
  if (LITERAL_FAMILY[value.kind] === want) return;
  const hint = want === 'text' ? 'string and should be enclosed in quotes' : `${want === 'datetime' ? 'dateTime' : want} and should not be enclosed in quotes`;
  throw new SoqlQueryError('INVALID_QUERY_FILTER_OPERATOR', `value of filter criterion for field '${field.name}' must be of type ${hint}`);
}

function resolveCondition(def: ObjectDef, c: SoqlCondition): SoqlCondition {
  switch (c.kind) {
    case 'and': case 'or': return { kind: c.kind, operands: c.operands.map((o) => resolveCondition(def, o)) };
    case 'not': return { kind: 'not', operand: resolveCondition(def, c.operand) };
    case 'in': {
      const field = fieldOf(def, c.field);
      c.values.forEach((v) => checkLiteral(field, v));
      return { ...c, field: field.name };
    }
    case 'compare': {
      const field = fieldOf(def, c.field);
      checkLiteral(field, c.value);
      if (c.op === 'LIKE' && family(field.def) !== 'text') throw new SoqlQueryError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on field '${field.name}': LIKE`);
      return { ...c, field: field.name };
    }
  }
}

/**
 * Binds a parsed query to an org's schema (a sandbox passes its own; the default has every custom field).
 * @throws SoqlQueryError for unknown objects or fields and type mismatches.
 */
export function resolveQuery(q: SoqlQuery, schema: OrgSchema = DEFAULT_SCHEMA): ResolvedQuery {
  const def = schema.object(q.object);
  if (!def) throw unsupportedObject(q.object);
  return bindQuery(q, def);
}

/** The INVALID_TYPE error of a query naming an object the org does not have. */
export function unsupportedObject(object: string): SoqlQueryError {
  return new SoqlQueryError('INVALID_TYPE', `sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
}

/** Binds a parsed query to `def` (an sObject, or a Tooling API object). @throws SoqlQueryError for unknown fields and type mismatches. */
export function bindQuery(q: SoqlQuery, def: ObjectDef): ResolvedQuery {
  const resolved: ResolvedQuery = {
    ...q,
    def,
    fields: q.fields.map((f) => fieldOf(def, f).name),
    orderBy: q.orderBy.map((o): SoqlOrder => ({ ...o, field: fieldOf(def, o.field).name })),
  };
  if (q.where) resolved.where = resolveCondition(def, q.where);
  return resolved;
}

const isNull = (v: FieldValue | undefined): boolean => v === null || v === undefined || v === '';

/** Orders two non-null values of one field family. Text compares case-insensitively, as SOQL does. */
function compare(fam: Family, a: FieldValue, b: string | number | boolean): number {
  if (fam === 'number') return Number(a) - Number(b);
  if (fam === 'boolean') return Number(a === true) - Number(b === true);
  if (fam === 'datetime') return (parseDateTime(String(a)) ?? 0) - (parseDateTime(String(b)) ?? 0);
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\' && (pattern.charAt(i + 1) === '%' || pattern.charAt(i + 1) === '_')) source += pattern.charAt(++i);
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

const unescapeLike = (s: string): string => s.replace(/\\([%_])/g, '$1');

function matchesCompare(def: ObjectDef, record: SfRecord, c: Extract<SoqlCondition, { kind: 'compare' }>): boolean {
  const actual = record[c.field];
  if (c.value.kind === 'null') return c.op === '=' ? isNull(actual) : c.op === '!=' ? !isNull(actual) : false;
  if (isNull(actual)) return c.op === '!=';
  const fieldDef = def.fields[c.field] as FieldDef;
  const fam = family(fieldDef);
  const literal = c.value.kind === 'string' ? unescapeLike(c.value.value) : c.value.value;
  if (c.op === 'LIKE') return c.value.kind === 'string' && likeRegex(c.value.value).test(String(actual));
  const id = isIdField(fieldDef) && typeof literal === 'string' ? queriedId(literal) : undefined;
  if (id !== undefined && (c.op === '=' || c.op === '!=')) return (actual === id) === (c.op === '=');
  const diff = compare(fam, actual as FieldValue, literal);
  switch (c.op) {
    case '=': return diff === 0;
    case '!=': return diff !== 0;
    case '<': return diff < 0;
    case '<=': return diff <= 0;
    case '>': return diff > 0;
    case '>=': return diff >= 0;
  }
}

/** Evaluates a resolved condition against one record. */
export function matchesCondition(def: ObjectDef, record: SfRecord, c: SoqlCondition): boolean {
  switch (c.kind) {
    case 'and': return c.operands.every((o) => matchesCondition(def, record, o));
    case 'or': return c.operands.some((o) => matchesCondition(def, record, o));
    case 'not': return !matchesCondition(def, record, c.operand);
    case 'compare': return matchesCompare(def, record, c);
    case 'in': {
      const hit = matchesIn(def, record, c);
      return c.negated ? !hit : hit;
    }
  }
}

/** Id and lookup fields, whose values are ids: a 15-character literal names its record case-sensitively ({@link queriedId}). */
const isIdField = (f: FieldDef): boolean => f.type === 'id' || f.type === 'reference';

/** A text IN list's values, lower-cased (SOQL compares text case-insensitively), kept per parsed condition. */
const textLists = new WeakMap<SoqlCondition, { values: Set<string>; hasNull: boolean }>();

/**
 * Whether the record's field equals one of the list's values, as `=` with each would say. A text field looks its
 * value up in a set of the list's values, so a lookup of a thousand e-mail addresses costs one probe per record, not
 * a thousand comparisons.
 */
function matchesIn(def: ObjectDef, record: SfRecord, c: Extract<SoqlCondition, { kind: 'in' }>): boolean {
  const fieldDef = def.fields[c.field];
  if (!fieldDef || family(fieldDef) !== 'text' || c.values.some((v) => v.kind !== 'string' && v.kind !== 'null')) {
    return c.values.some((v) => matchesCompare(def, record, { kind: 'compare', field: c.field, op: '=', value: v }));
  }
  let list = textLists.get(c);
  if (!list) {
    // An id field keeps each id in its stored form (a 15-character id only in its own case), anything else lower-cased.
    const key = (raw: string): string => (isIdField(fieldDef) ? (queriedId(raw) ?? raw.toLowerCase()) : raw.toLowerCase());
    list = { values: new Set(c.values.flatMap((v) => (v.kind === 'string' ? [key(unescapeLike(v.value))] : []))), hasNull: c.values.some((v) => v.kind === 'null') };
    textLists.set(c, list);
  }
  const actual = record[c.field];
  if (isNull(actual)) return list.hasNull;
  return list.values.has(String(actual)) || list.values.has(String(actual).toLowerCase());
}

function orderRecords(def: ObjectDef, records: SfRecord[], orderBy: SoqlOrder[]): SfRecord[] {
  return [...records].sort((a, b) => {
    for (const o of orderBy) {
      const x = a[o.field];
      const y = b[o.field];
      if (isNull(x) || isNull(y)) {
        if (isNull(x) && isNull(y)) continue;
        return isNull(x) === (o.nulls === 'FIRST') ? -1 : 1;
      }
      const diff = compare(family(def.fields[o.field] as FieldDef), x as FieldValue, y as string | number | boolean);
      if (diff !== 0) return o.direction === 'ASC' ? diff : -diff;
    }
    return 0;
  });
}

/** Filters, orders and slices `records` (already limited to live or all rows by the caller). */
export function runQuery(q: ResolvedQuery, records: SfRecord[]): SfRecord[] {
  const matched = q.where ? records.filter((r) => matchesCondition(q.def, r, q.where as SoqlCondition)) : records;
  const ordered = orderRecords(q.def, matched, q.orderBy);
  const start = q.offset ?? 0;
  return ordered.slice(start, q.limit === undefined ? undefined : start + q.limit);
}
