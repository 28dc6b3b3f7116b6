import { SoqlSyntaxError, tokenize, type Token } from './soql-lexer.ts';

export { SoqlSyntaxError } from './soql-lexer.ts';

/** A literal in a WHERE clause. Datetimes are kept as written; dates as `YYYY-MM-DD`. */
export type SoqlLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'datetime'; value: string }
  | { kind: 'date'; value: string };

/** Comparison operators (`<>` is read as `!=`). */
export type SoqlOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';

/** A WHERE condition tree. */
export type SoqlCondition =
  | { kind: 'compare'; field: string; op: SoqlOperator; value: SoqlLiteral }
  | { kind: 'in'; field: string; negated: boolean; values: SoqlLiteral[] }
  | { kind: 'and' | 'or'; operands: SoqlCondition[] }
  | { kind: 'not'; operand: SoqlCondition };

/** One ORDER BY item. */
export interface SoqlOrder {
  field: string;
  direction: 'ASC' | 'DESC';
  nulls: 'FIRST' | 'LAST';
}

/** A parsed query of the supported subset: `SELECT f, … FROM Obj [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n]`. */
export interface SoqlQuery {
  fields: string[];
  object: string;
  where?: SoqlCondition;
  orderBy: SoqlOrder[];
  limit?: number;
  offset?: number;
}

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDER', 'BY', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'LIMIT', 'OFFSET', 'TRUE', 'FALSE', 'NULL']);
const OPS: Record<string, SoqlOperator> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof': return '<EOF>';
    case 'string': return `'${t.value}'`;
    case 'number': return String(t.value);
    case 'ident': case 'datetime': case 'date': case 'op': case 'punct': return t.text;
  }
}

class Parser {
  #pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.#pos] ?? (this.tokens.at(-1) as Token);
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.#pos++;
    return t;
  }

  fail(t: Token = this.peek()): never {
    throw new SoqlSyntaxError(`unexpected token: ${describe(t)}`, t.column);
  }

  isKeyword(word: string, t: Token = this.peek()): boolean {
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }

  keyword(word: string): void {
    if (!this.isKeyword(word)) this.fail();
    this.next();
  }

  identifier(): string {
    const t = this.next();
    if (t.kind !== 'ident' || KEYWORDS.has(t.text.toUpperCase())) this.fail(t);
    return t.text;
  }

  integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !Number.isInteger(t.value) || t.value < 0) this.fail(t);
    return t.value;
  }

  punct(text: '(' | ')' | ','): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) this.fail(t);
  }

  literal(): SoqlLiteral {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'string', value: t.value };
    if (t.kind === 'number') return { kind: 'number', value: t.value };
    if (t.kind === 'datetime') return { kind: 'datetime', value: t.text };
    if (t.kind === 'date') return { kind: 'date', value: t.text };
    if (this.isKeyword('TRUE', t) || this.isKeyword('FALSE', t)) return { kind: 'boolean', value: t.kind === 'ident' && t.text.toUpperCase() === 'TRUE' };
    if (this.isKeyword('NULL', t)) return { kind: 'null' };
    return this.fail(t);
  }

  /** A sequence joined by one connective; SOQL refuses to mix AND and OR without parentheses. */
  expression(): SoqlCondition {
    const first = this.unary();
    const connective = this.isKeyword('AND') ? 'AND' : this.isKeyword('OR') ? 'OR' : undefined;
    if (!connective) return first;
    const operands = [first];
    while (this.isKeyword(connective)) {
      this.next();
      operands.push(this.unary());
    }
    if (this.isKeyword(connective === 'AND' ? 'OR' : 'AND')) this.fail();
    return { kind: connective === 'AND' ? 'and' : 'or', operands };
  }

  unary(): SoqlCondition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', operand: this.unary() };
    }
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const inner = this.expression();
      this.punct(')');
      return inner;
    }
    return this.condition();
  }

  condition(): SoqlCondition {
    const field = this.identifier();
    const negated = this.isKeyword('NOT');
    if (negated) this.next();
    if (this.isKeyword('IN')) {
      this.next();
      this.punct('(');
      const values = [this.literal()];
      while (this.peek().kind === 'punct' && (this.peek() as { text: string }).text === ',') {
        this.next();
        values.push(this.literal());
      }
      this.punct(')');
      return { kind: 'in', field, negated, values };
    }
    if (negated) this.fail();
    if (this.isKeyword('LIKE')) {
      this.next();
      const value = this.literal();
      if (value.kind !== 'string') this.fail();
      return { kind: 'compare', field, op: 'LIKE', value };
    }
    const t = this.next();
    if (t.kind !== 'op') this.fail(t);
    return { kind: 'compare', field, op: OPS[t.text] as SoqlOperator, value: this.literal() };
  }

  orderItem(): SoqlOrder {
    const field = this.identifier();
    let direction: SoqlOrder['direction'] = 'ASC';
    if (this.isKeyword('ASC') || this.isKeyword('DESC')) direction = (this.next() as { text: string }).text.toUpperCase() as 'ASC' | 'DESC';
    // Salesforce's default: nulls first when ascending, last when descending.
    let nulls: SoqlOrder['nulls'] = direction === 'ASC' ? 'FIRST' : 'LAST';
    if (this.isKeyword('NULLS')) {
      this.next();
      if (!this.isKeyword('FIRST') && !this.isKeyword('LAST')) this.fail();
      nulls = (this.next() as { text: string }).text.toUpperCase() as 'FIRST' | 'LAST';
    }
    return { field, direction, nulls };
  }

  commaList<T>(item: () => T): T[] {
    const items = [item()];
    while (this.peek().kind === 'punct' && (this.peek() as { text: string }).text === ',') {
      this.next();
      items.push(item());
    }
    return items;
  }

  query(): SoqlQuery {
    this.keyword('SELECT');
    const fields = this.commaList(() => this.identifier());
    this.keyword('FROM');
    const query: SoqlQuery = { fields, object: this.identifier(), orderBy: [] };
    if (this.isKeyword('WHERE')) {
      this.next();
      query.where = this.expression();
    }
    if (this.isKeyword('ORDER')) {
      this.next();
      this.keyword('BY');
      query.orderBy = this.commaList(() => this.orderItem());
    }
    if (this.isKeyword('LIMIT')) {
      this.next();
      query.limit = this.integer();
    }
    if (this.isKeyword('OFFSET')) {
      this.next();
      query.offset = this.integer();
    }
    if (this.peek().kind !== 'eof') this.fail();
    return query;
  }
}

/**
 * The longest SOQL statement Salesforce runs: 100,000 characters (limits cheat sheet, "Maximum length of SOQL
 * statements"; Help article 000386440). Over REST a GET meets another limit first: URI plus headers may hold 16,384
 * bytes, 431 past it (Help article 000386264). Node's HTTP server keeps the same 16 KiB limit on the request line and
 * headers and answers 431 itself, so through the query route a statement this long fails with 431, as it does with
 * Salesforce; this one binds where a statement travels in a body.
 */
export const SOQL_MAX_LENGTH = 100_000;

/** A statement longer than {@link SOQL_MAX_LENGTH}: MALFORMED_QUERY, as the cheat sheet says (the message is the sandbox's own [?]). */
export class SoqlStatementTooLong extends Error {
  override readonly name = 'SoqlStatementTooLong';
  constructor(readonly length: number) {
    super(`SOQL statements cannot exceed ${SOQL_MAX_LENGTH} characters; this one has ${length}.`);
  }
}

/**
 * Parses the supported SOQL subset. Literals: 'strings' (with \' escapes), numbers, true/false/null, unquoted
 * datetimes (`2024-01-01T00:00:00Z`, `±hh:mm`) and dates (vendor-apis §1.5).
 * @throws SoqlSyntaxError for anything else; SoqlStatementTooLong past {@link SOQL_MAX_LENGTH}.
 */
export function parseSoql(q: string): SoqlQuery {
  if (q.length > SOQL_MAX_LENGTH) throw new SoqlStatementTooLong(q.length);
  return new Parser(tokenize(q)).query();
}

/** Salesforce's MALFORMED_QUERY text: the query, a caret under the column, then the reason. */
export function formatSoqlError(q: string, error: SoqlSyntaxError): string {
  return `\n${q}\n${' '.repeat(Math.max(0, error.column - 1))}^\nERROR at Row:1:Column:${error.column}\n${error.detail}`;
}
