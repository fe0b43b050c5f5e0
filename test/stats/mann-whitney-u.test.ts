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

describe('mannWhitneyU ranks ±Infinity as scipy does (test_gh_11355b; goldens from mwu-infinity.py, rtol 1e-9)', () => {
  type InfCase = { a: number[]; b: number[]; method: 'auto' | 'exact' | 'asymptotic'; alternative: Alt; statistic: number; pvalue: number };
  for (const c of loadGolden('mwu-infinity').cases as InfCase[]) {
    test(`${JSON.stringify(c.a.map(String))} vs ${JSON.stringify(c.b.map(String))} · ${c.method} · ${c.alternative}`, () => {
      const res = mannWhitneyU(c.a, c.b, { method: c.method, alternative: c.alternative });
      expectClose(res.statistic, c.statistic, 'U');
      expectClose(res.pvalue, c.pvalue, 'pvalue');
    });
  }

  test('both infinities in one test rank as the lowest and highest values (scipy 1.10 gives NaN here)', () => {
    // The test sees only ranks, so any order-preserving substitution gives the same result.
    const a = [-Infinity, 0.5, 2, 9];
    const b = [1, 3, -Infinity, Infinity, 4];
    const swap = (x: number[]) => x.map((v) => (v === -Infinity ? -1e9 : v === Infinity ? 1e9 : v));
    for (const alternative of ['two-sided', 'less', 'greater'] as const) {
      const res = mannWhitneyU(a, b, { alternative, method: 'asymptotic' });
      expect(res).toEqual(mannWhitneyU(swap(a), swap(b), { alternative, method: 'asymptotic' }));
    }
  });
});
