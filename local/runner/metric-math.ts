/**
 * The part of CloudWatch metric math the local alarms evaluate: ids, numbers, `+ - * /`, unary `-`, comparisons
 * `== != > >= < <=`, `AND`/`&&`, `OR`/`||`, `FILL(ts, value)`, `IF(condition, trueValue[, falseValue])` and
 * parentheses. Anything else (other functions, `^`, strings) is refused with a {@link MetricMathError}, so an alarm
 * using it is listed as not evaluated rather than evaluated wrongly.
 *
 * An expression is evaluated one timestamp (one period bucket) at a time; `undefined` is "no value" there.
 * Semantics follow "Metric math syntax and functions" and "Using IF expressions" in
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html :
 * - between two time series, an operator treats a value missing in one of them as 0; where both miss it, and where
 *   a series meets a scalar and the series misses it, the result has no value (a result has a datapoint only at the
 *   timestamps of its inputs);
 * - a division by zero drops the datapoint;
 * - comparisons and logical operators give 1 (true) or 0 (false); a condition is false when 0, true otherwise;
 * - `IF`: no condition value, no value; true with the true series missing, 0; false with the false series missing
 *   or omitted, no value;
 * - `FILL` gives a missing value the filler's value (a scalar or, at that timestamp, a series').
 * The page gives no precedence table; the conventional one is used: `OR` < `AND` < comparisons < `+ -` < `* /` <
 * unary `-`, binary operators associating to the left.
 */

export type BinaryOperator = '+' | '-' | '*' | '/' | '==' | '!=' | '>' | '>=' | '<' | '<=' | 'AND' | 'OR';

/** A parsed metric-math expression. */
export type MathExpr =
  | { kind: 'number'; value: number }
  | { kind: 'id'; id: string }
  | { kind: 'neg'; operand: MathExpr }
  | { kind: 'binary'; op: BinaryOperator; left: MathExpr; right: MathExpr }
  | { kind: 'fill'; series: MathExpr; filler: MathExpr }
  | { kind: 'if'; condition: MathExpr; then: MathExpr; else?: MathExpr };

/** An expression outside the supported subset, or not an expression at all. */
export class MetricMathError extends Error {
  override readonly name = 'MetricMathError';
}

const ALIASES: Record<string, BinaryOperator> = { '&&': 'AND', '||': 'OR' };
/** Binary operators by precedence level, loosest first. */
const LEVELS: readonly (readonly string[])[] = [['OR', '||'], ['AND', '&&'], ['==', '!=', '>=', '<=', '>', '<'], ['+', '-'], ['*', '/']];
const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|>=|<=|&&|\|\||[-+*/()<>,]))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) {
      if (source.slice(at).trim() === '') break;
      throw new MetricMathError(`unsupported character at ${at} of "${source}"`);
    }
    tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return tokens;
}

/** Parses a metric-math expression of the supported subset. */
export function parseMathExpression(source: string): MathExpr {
  const tokens = tokenize(source);
  let next = 0;
  const peek = () => tokens[next];
  const expect = (token: string) => {
    if (tokens[next] !== token) throw new MetricMathError(`expected "${token}" but found ${tokens[next] === undefined ? 'the end' : `"${tokens[next]}"`} in "${source}"`);
    next++;
  };
  const binary = (level: number): MathExpr => {
    const ops = LEVELS[level];
    if (!ops) return unary();
    let left = binary(level + 1);
    for (let op = peek(); op !== undefined && ops.includes(op); op = peek()) {
      next++;
      left = { kind: 'binary', op: ALIASES[op] ?? (op as BinaryOperator), left, right: binary(level + 1) };
    }
    return left;
  };
  const unary = (): MathExpr => {
    if (peek() !== '-') return primary();
    next++;
    return { kind: 'neg', operand: unary() };
  };
  const call = (name: string): MathExpr => {
    expect('(');
    const args = [binary(0)];
    while (peek() === ',') {
      next++;
      args.push(binary(0));
    }
    expect(')');
    const [a, b, c] = args;
    if (name === 'FILL' && a && b && !c) return { kind: 'fill', series: a, filler: b };
    if (name === 'IF' && a && b && args.length <= 3) return { kind: 'if', condition: a, then: b, ...(c ? { else: c } : {}) };
    throw new MetricMathError(`${name} with ${args.length} arguments is not evaluated locally (only FILL(ts, value) and IF(condition, a[, b]))`);
  };
  const primary = (): MathExpr => {
    const token = tokens[next++];
    if (token === undefined) throw new MetricMathError(`"${source}" ends where a value was expected`);
    if (token === '(') {
      const inner = binary(0);
      expect(')');
      return inner;
    }
    if (/^[\d.]/.test(token)) return { kind: 'number', value: Number(token) };
    if (/^[A-Za-z_]/.test(token) && token !== 'AND' && token !== 'OR') return peek() === '(' ? call(token) : { kind: 'id', id: token };
    throw new MetricMathError(`unexpected "${token}" in "${source}"`);
  };
  const expr = binary(0);
  if (next < tokens.length) throw new MetricMathError(`unexpected "${tokens[next] ?? ''}" in "${source}"`);
  return expr;
}

/** The ids an expression reads. */
export function idsOf(expr: MathExpr): string[] {
  switch (expr.kind) {
    case 'number':
      return [];
    case 'id':
      return [expr.id];
    case 'neg':
      return idsOf(expr.operand);
    case 'binary':
      return [...idsOf(expr.left), ...idsOf(expr.right)];
    case 'fill':
      return [...idsOf(expr.series), ...idsOf(expr.filler)];
    case 'if':
      return [...idsOf(expr.condition), ...idsOf(expr.then), ...(expr.else ? idsOf(expr.else) : [])];
  }
}

/** A scalar: no time series in it, so it has a value at every timestamp. */
const isScalar = (expr: MathExpr): boolean => idsOf(expr).length === 0;

const APPLY: Record<BinaryOperator, (l: number, r: number) => number | undefined> = {
  '+': (l, r) => l + r,
  '-': (l, r) => l - r,
  '*': (l, r) => l * r,
  '/': (l, r) => (r === 0 ? undefined : l / r),
  '==': (l, r) => Number(l === r),
  '!=': (l, r) => Number(l !== r),
  '>': (l, r) => Number(l > r),
  '>=': (l, r) => Number(l >= r),
  '<': (l, r) => Number(l < r),
  '<=': (l, r) => Number(l <= r),
  AND: (l, r) => Number(l !== 0 && r !== 0),
  OR: (l, r) => Number(l !== 0 || r !== 0),
};

/**
 * The expression's value at one timestamp, given each id's value there (`undefined`: no value). Ids must resolve
 * through `valueOf`; an unknown id is the caller's to refuse before evaluating.
 */
export function evaluateMathExpression(expr: MathExpr, valueOf: (id: string) => number | undefined): number | undefined {
  const at = (e: MathExpr) => evaluateMathExpression(e, valueOf);
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'id':
      return valueOf(expr.id);
    case 'neg': {
      const value = at(expr.operand);
      return value === undefined ? undefined : -value;
    }
    case 'binary': {
      const [left, right] = [at(expr.left), at(expr.right)];
      if (left === undefined && right === undefined) return undefined;
      // A series missing where the other operand is a series with a value counts as 0; against a scalar, no value.
      if (left === undefined) return isScalar(expr.right) ? undefined : APPLY[expr.op](0, right ?? 0);
      if (right === undefined) return isScalar(expr.left) ? undefined : APPLY[expr.op](left, 0);
      return APPLY[expr.op](left, right);
    }
    case 'fill':
      return at(expr.series) ?? at(expr.filler);
    case 'if': {
      const condition = at(expr.condition);
      if (condition === undefined) return undefined;
      return condition !== 0 ? (at(expr.then) ?? 0) : expr.else && at(expr.else);
    }
  }
}

/** The expression as metric-math source, every operation parenthesized (parses back to the same tree). */
export function printMathExpression(expr: MathExpr): string {
  switch (expr.kind) {
    case 'number':
      return String(expr.value);
    case 'id':
      return expr.id;
    case 'neg':
      return `(-${printMathExpression(expr.operand)})`;
    case 'binary':
      return `(${printMathExpression(expr.left)} ${expr.op} ${printMathExpression(expr.right)})`;
    case 'fill':
      return `FILL(${printMathExpression(expr.series)}, ${printMathExpression(expr.filler)})`;
    case 'if':
      return `IF(${[expr.condition, expr.then, ...(expr.else ? [expr.else] : [])].map(printMathExpression).join(', ')})`;
  }
}
