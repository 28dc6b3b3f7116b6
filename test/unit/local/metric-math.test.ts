import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMathExpression, MetricMathError, parseMathExpression, printMathExpression, type BinaryOperator, type MathExpr } from '#local/runner/metric-math';

/** A series' values by id at consecutive timestamps; `undefined` is no value there. */
type Series = Record<string, (number | undefined)[]>;

/** The expression over `series`, one timestamp at a time. */
function over(source: string, series: Series): (number | undefined)[] {
  const expr = parseMathExpression(source);
  const length = Math.max(...Object.values(series).map((s) => s.length));
  return Array.from({ length }, (_, i) => evaluateMathExpression(expr, (id) => series[id]?.[i]));
}

const ids = ['m1', 'm2', 'received', 'synced_1'] as const;
const operators: BinaryOperator[] = ['+', '-', '*', '/', '==', '!=', '>', '>=', '<', '<=', 'AND', 'OR'];
const expression: fc.Arbitrary<MathExpr> = fc.letrec<{ expr: MathExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.nat({ max: 1000 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => Math.abs(v))).map((value): MathExpr => ({ kind: 'number', value })),
    fc.constantFrom(...ids).map((id): MathExpr => ({ kind: 'id', id })),
    tie('expr').map((operand): MathExpr => ({ kind: 'neg', operand })),
    fc.record({ op: fc.constantFrom(...operators), left: tie('expr'), right: tie('expr') }).map((b): MathExpr => ({ kind: 'binary', ...b })),
    fc.record({ series: tie('expr'), filler: tie('expr') }).map((f): MathExpr => ({ kind: 'fill', ...f })),
    fc.record({ condition: tie('expr'), then: tie('expr'), else: fc.option(tie('expr'), { nil: undefined }) }).map(({ else: otherwise, ...rest }): MathExpr => ({ kind: 'if', ...rest, ...(otherwise ? { else: otherwise } : {}) })),
  ),
})).expr;
const values = fc.record(Object.fromEntries(ids.map((id) => [id, fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined })])) as Record<(typeof ids)[number], fc.Arbitrary<number | undefined>>);

describe('metric math', () => {
  it('compares and combines two series as the CloudWatch guide shows, a value missing in one of them counting as 0', () => {
    // Prepare: the guide's example series ("Comparison and logical operators").
    const series: Series = { metric1: [30, 20, 0, 0], metric2: [20, undefined, 20, undefined] };

    // Act / Assess
    expect(over('(metric1 < metric2)', series)).toEqual([0, 0, 1, 0]);
    expect(over('(metric1 >= 30)', series)).toEqual([1, 0, 0, 0]);
    expect(over('(metric1 > 15 AND metric2 > 15)', series)).toEqual([1, 0, 0, 0]);
    expect(over('metric1 > 15 && metric2 > 15 || metric1 == 0', series)).toEqual([1, 0, 1, 1]);
  });

  it('follows the guide\'s IF tables: a missing condition drops the point, a missing true value is 0, a missing false value drops it', () => {
    // Prepare: the guide's example series ("Using IF expressions").
    const series: Series = { metric1: [1, 1, 0, 0, undefined], metric2: [30, undefined, 0, 0, 30], metric3: [0, 0, 20, undefined, 20] };

    // Act / Assess
    expect(over('IF(metric1, metric2, metric3)', series)).toEqual([30, 0, 20, undefined, undefined]);
    expect(over('IF(metric1, 5, metric3)', series)).toEqual([5, 5, 20, undefined, undefined]);
    expect(over('IF(metric1, metric2, 5)', series)).toEqual([30, 0, 5, 5, undefined]);
    expect(over('IF(metric1, metric2)', series)).toEqual([30, 0, undefined, undefined, undefined]);
  });

  it('gives no value where a series meets a scalar without a value, or a division by zero, and FILL fills both', () => {
    const series: Series = { m1: [4, undefined, 4], m2: [2, 2, 0] };

    expect(over('m1 * 2 + 1', series)).toEqual([9, undefined, 9]);
    expect(over('-m1', series)).toEqual([-4, undefined, -4]);
    expect(over('m1 / m2', series)).toEqual([2, 0, undefined]);
    expect(over('FILL(m1 / m2, -1)', series)).toEqual([2, 0, -1]);
    expect(over('FILL(m1, m2)', series)).toEqual([4, 2, 4]);
  });

  it('binds as arithmetic does: * before +, comparisons before AND, AND before OR, left to right', () => {
    const at = (source: string) => evaluateMathExpression(parseMathExpression(source), () => undefined);

    expect(at('1 + 2 * 3')).toBe(7);
    expect(at('(1 + 2) * 3')).toBe(9);
    expect(at('8 - 4 - 2')).toBe(2);
    expect(at('8 / 4 / 2')).toBe(1);
    expect(at('1 + 1 == 2 AND 0 OR 1')).toBe(1);
    expect(at('0 OR 1 AND 0')).toBe(0);
    expect(at('--2.5e1')).toBe(25);
  });

  it('evaluates the sync stoppage alarm\'s expression: 1 only where nothing synced while changes arrived or waited', () => {
    const series: Series = {
      synced: [undefined, 0, 3, undefined, undefined],
      received: [2, 1, 1, undefined, undefined],
      waiting: [0, 0, 0, 4, undefined],
      inflight: [undefined, undefined, undefined, undefined, undefined],
    };

    expect(over('IF(FILL(synced, 0) == 0 AND (FILL(received, 0) > 0 OR FILL(waiting, 0) + FILL(inflight, 0) > 0), 1, 0)', series)).toEqual([1, 1, 0, 1, 0]);
  });

  it('rejects functions and operators it does not evaluate, naming them', () => {
    expect(() => parseMathExpression('SUM(METRICS())')).toThrow(MetricMathError);
    expect(() => parseMathExpression('FILL(m1, REPEAT)')).not.toThrow(); // REPEAT parses as an id; the alarm refuses the unknown id
    expect(() => parseMathExpression('FILL(m1)')).toThrow(/FILL with 1 arguments/);
    expect(() => parseMathExpression('m1 ^ 2')).toThrow(/unsupported character/);
    expect(() => parseMathExpression('m1 +')).toThrow(/ends where a value was expected/);
    expect(() => parseMathExpression('(m1')).toThrow(/expected "\)"/);
    expect(() => parseMathExpression('m1 m2')).toThrow(/unexpected "m2"/);
    expect(() => parseMathExpression('m1 AND')).toThrow(MetricMathError);
    expect(() => parseMathExpression('')).toThrow(MetricMathError);
  });

  it('parses any printed expression back to the same tree, which evaluates equal at every timestamp', () => {
    fc.assert(
      fc.property(expression, values, (expr, at) => {
        const parsed = parseMathExpression(printMathExpression(expr));

        expect(parsed).toEqual(expr);
        expect(evaluateMathExpression(parsed, (id) => at[id as keyof typeof at])).toEqual(evaluateMathExpression(expr, (id) => at[id as keyof typeof at]));
      }),
    );
  });

  it('never leaves a timestamp without a value once FILLed with a number', () => {
    fc.assert(
      fc.property(expression, values, fc.integer({ min: -10, max: 10 }), (expr, at, filler) => {
        const filled: MathExpr = { kind: 'fill', series: expr, filler: { kind: 'number', value: Math.abs(filler) } };

        expect(evaluateMathExpression(filled, (id) => at[id as keyof typeof at])).toEqual(expect.any(Number));
      }),
    );
  });

  it('fails on any other text with its own error, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'m1 2+-*/()<>=!&|,.eIFLAND OR'.split('')), maxLength: 30 }), (source) => {
        try {
          parseMathExpression(source);
        } catch (error) {
          expect(error).toBeInstanceOf(MetricMathError);
        }
      }),
    );
  });
});
