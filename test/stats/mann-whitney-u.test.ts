import { describe, expect, test } from 'vitest';
import { mannWhitneyU } from '../../src/stats/mann-whitney-u.js';
import { expectClose, loadGolden } from './golden.js';

const scipy = loadGolden('scipy');
type Alt = 'two-sided' | 'less' | 'greater';
type Case = {
  pair: number;
  method: 'auto' | 'exact' | 'asymptotic';
  alternative: Alt;
  useContinuity: boolean;
  statistic: number;
  pvalue: number;
};

describe('mannWhitneyU matches scipy 1.10.1 mannwhitneyu (rtol 1e-9)', () => {
  for (const c of scipy.mannWhitneyU as Case[]) {
    const p = scipy.pairs[c.pair];
    test(`${p.name} · ${c.method} · ${c.alternative}${c.useContinuity ? '' : ' · no continuity'}`, () => {
      const res = mannWhitneyU(p.a, p.b, { method: c.method, alternative: c.alternative, useContinuity: c.useContinuity });
      expectClose(res.statistic, c.statistic, 'U');
      expectClose(res.pvalue, c.pvalue, 'pvalue');
      const n = p.a.length * p.b.length;
      expectClose(res.commonLanguage, c.statistic / n, 'commonLanguage');
      expectClose(res.rankBiserial, (2 * c.statistic) / n - 1, 'rankBiserial', 1e-9, 1);
    });
  }
});

describe("scipy's 'auto' rule", () => {
  test('exact when a sample has ≤ 8 values and there are no ties', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]).method).toBe('exact');
  });
  test('asymptotic when both samples have more than 8 values', () => {
    const a = Array.from({ length: 9 }, (_, i) => i);
    expect(
      mannWhitneyU(
        a,
        a.map((v) => v + 0.5),
      ).method,
    ).toBe('asymptotic');
  });
  test('asymptotic when small samples have ties', () => {
    expect(mannWhitneyU([1, 2, 2], [3, 4]).method).toBe('asymptotic');
  });
  test('JSDoc example', () => {
    expectClose(mannWhitneyU([1, 2, 3, 4], [2.5, 4.5, 6, 8, 10]).pvalue, 0.06349206349206349, 'p');
  });
  test('complete separation: rank-biserial is ±1', () => {
    const r = mannWhitneyU([5, 6, 7], [1, 2, 3]);
    expect(r.rankBiserial).toBe(1);
    expect(r.commonLanguage).toBe(1);
    expect(mannWhitneyU([1, 2, 3], [5, 6, 7]).rankBiserial).toBe(-1);
  });
  test('empty sample → StatsError', () => {
    expect(() => mannWhitneyU([], [1])).toThrow('mannWhitneyU requires at least 1 value in each sample (got 0 in a)');
  });
});
