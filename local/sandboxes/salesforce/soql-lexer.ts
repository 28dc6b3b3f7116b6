/** A SOQL token. `column` is 1-based, as in Salesforce's "ERROR at Row:1:Column:N". */
export type Token =
  | { kind: 'ident'; text: string; column: number }
  | { kind: 'string'; value: string; column: number }
  | { kind: 'number'; value: number; column: number }
  | { kind: 'datetime'; text: string; column: number }
  | { kind: 'date'; text: string; column: number }
  | { kind: 'op'; text: string; column: number }
  | { kind: 'punct'; text: '(' | ')' | ','; column: number }
  | { kind: 'eof'; column: number };

/** A SOQL syntax error; the route turns it into 400 MALFORMED_QUERY. */
export class SoqlSyntaxError extends Error {
  override readonly name = 'SoqlSyntaxError';
  constructor(
    readonly detail: string,
    readonly column: number,
  ) {
    super(detail);
  }
}

const ESCAPES: Record<string, string> = { "'": "'", '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '%': '\\%', _: '\\_' };

/** Reads a quoted string starting at `start` (the opening quote); LIKE wildcards stay escaped as `\%` and `\_`. */
function readString(q: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < q.length; i++) {
    const c = q.charAt(i);
    if (c === "'") return { value, end: i + 1 };
    if (c === '\\') {
      const escaped = ESCAPES[q.charAt(i + 1)];
      if (escaped === undefined) throw new SoqlSyntaxError(`Invalid string literal '${q.slice(start, i + 2)}'. Illegal character sequence '\\${q.charAt(i + 1)}' in string literal.`, i + 1);
      value += escaped;
      i++;
    } else value += c;
  }
  throw new SoqlSyntaxError('unexpected token: <EOF> (unterminated string literal)', q.length + 1);
}

const PATTERNS: ReadonlyArray<[Token['kind'], RegExp]> = [
  ['datetime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})/],
  ['date', /^\d{4}-\d{2}-\d{2}(?![\dT])/],
  ['number', /^-?\d+(?:\.\d+)?(?![\w.])/],
  ['op', /^(?:<=|>=|!=|<>|=|<|>)/],
  ['ident', /^[A-Za-z_][A-Za-z0-9_.]*/],
];

function readToken(q: string, i: number): { token: Token; end: number } {
  const column = i + 1;
  const c = q.charAt(i);
  if (c === "'") {
    const { value, end } = readString(q, i);
    return { token: { kind: 'string', value, column }, end };
  }
  if (c === '(' || c === ')' || c === ',') return { token: { kind: 'punct', text: c, column }, end: i + 1 };
  const rest = q.slice(i);
  for (const [kind, pattern] of PATTERNS) {
    const m = pattern.exec(rest);
    if (!m) continue;
    const text = m[0];
    const token: Token = kind === 'number' ? { kind, value: Number(text), column } : ({ kind, text, column } as Token);
    return { token, end: i + text.length };
  }
  throw new SoqlSyntaxError(`unexpected token: '${c}'`, column);
}

/** Splits a SOQL string into tokens, ending with an `eof` token. */
export function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q.charAt(i))) {
      i++;
      continue;
    }
    const { token, end } = readToken(q, i);
    tokens.push(token);
    i = end;
  }
  tokens.push({ kind: 'eof', column: q.length + 1 });
  return tokens;
}
