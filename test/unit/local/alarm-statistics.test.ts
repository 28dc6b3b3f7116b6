import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alarmStatistic } from '#local/runner/alarm-statistics';

const of = (name: string, values: number[]) => alarmStatistic(name)?.(values);

describe('alarm statistics', () => {
  it('computes the standard statistics over every observation of a period', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];

    expect([of('Sum', values), of('Maximum', values), of('Minimum', values), of('Average', values), of('SampleCount', values)]).toEqual([31, 9, 1, 31 / 8, 8]);
  });

  it('takes a percentile by nearest rank: p50, p90 and p99 of 1..100 are 50, 90 and 99', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);

    expect([of('p50', values), of('p90', values), of('p99', values), of('p99.9', values), of('p100', values)]).toEqual([50, 90, 99, 100, 100]);
    expect([of('p50', [7]), of('p99', [2, 1])]).toEqual([7, 2]);
  });

  it('fails to name a statistic it does not compute, so the alarm is listed as not evaluated', () => {
    for (const name of ['tm99', 'TM(10%:90%)', 'IQM', 'p101', 'p', 'sum', 'undefined', 'toString']) expect(alarmStatistic(name)).toBeUndefined();
  });

  it('keeps every percentile between the minimum and the maximum, rising with the percentile', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 98 }), (values, p) => {
        const [low, high] = [of(`p${p}`, values) ?? Number.NaN, of(`p${p + 1}`, values) ?? Number.NaN];

        expect(low).toBeGreaterThanOrEqual(Math.min(...values));
        expect(low).toBeLessThanOrEqual(high);
        expect(high).toBeLessThanOrEqual(Math.max(...values));
        expect(values).toContain(low);
      }),
    );
  });
});
