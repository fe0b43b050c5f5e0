import { describe, expect, test } from 'vitest';
import { StatsError } from '../../src/errors.js';
import { ttestInd } from '../../src/stats/ttest-ind.js';
import { expectClose, loadGolden } from './golden.js';

const scipy = loadGolden('scipy');
const r = loadGolden('r');
const pairs: { name: string; a: number[]; b: number[] }[] = scipy.pairs;
type Alt = 'two-sided' | 'less' | 'greater';

describe('ttestInd matches scipy.stats.ttest_ind (statistic, pvalue; rtol 1e-9)', () => {
  for (const c of scipy.ttestInd as { pair: number; equalVar: boolean; alternative: Alt; statistic: number; pvalue: number }[]) {
    const p = pairs[c.pair];
    const bothConstant = p.name.startsWith('both constant');
    test(`${p.name} · ${c.equalVar ? 'student' : 'welch'} · ${c.alternative}`, () => {
      const res = ttestInd(p.a, p.b, { equalVar: c.equalVar, alternative: c.alternative });
      if (bothConstant) {
        // Documented divergence: scipy gives nan or ±inf/0 here; kdlab gives NaN with a reason.
        expect(res.statistic).toBeNaN();
        expect(res.pvalue).toBeNaN();
        expect(res.reason).toMatch(/zero variance/);
        return;
      }
      expectClose(res.statistic, c.statistic, 'statistic');
      expectClose(res.pvalue, c.pvalue, 'pvalue');
    });
  }
});

describe('ttestInd matches R t.test (df, conf.int, stderr; rtol 1e-9)', () => {
  for (const c of r.tTest as {
    pair: number;
    equalVar: boolean;
    alternative: Alt;
    df: number;
    ciLow: number;
    ciHigh: number;
    stderr: number;
    pvalue: number;
  }[]) {
    const p = pairs[c.pair];
    test(`${p.name} · ${c.equalVar ? 'student' : 'welch'} · ${c.alternative}`, () => {
      const res = ttestInd(p.a, p.b, { equalVar: c.equalVar, alternative: c.alternative });
      expectClose(res.df, c.df, 'df');
      expectClose(res.stderr, c.stderr, 'stderr');
      // A CI end is (t ± q)·se: its error is relative to the larger of |t|·se and q·se.
      const scale = (Math.abs(res.statistic) + 4) * res.stderr;
      expectClose(res.ci[0], c.ciLow, 'ci low', 1e-9, scale);
      expectClose(res.ci[1], c.ciHigh, 'ci high', 1e-9, scale);
      expectClose(res.pvalue, c.pvalue, 'pvalue vs R');
    });
  }
});

describe('ttestInd edge cases', () => {
  test('extreme separation gives a p-value below 1e-30 that has not underflowed', () => {
    const p = pairs.find((x) => x.name === 'extreme separation 50x50')!;
    const res = ttestInd(p.a, p.b, { alternative: 'greater' });
    expect(res.pvalue).toBeGreaterThan(0);
    expect(res.pvalue).toBeLessThan(1e-30);
  });

  test('both samples constant → NaN with a reason (scipy: nan)', () => {
    const res = ttestInd([2, 2, 2], [2, 2, 2, 2]);
    expect(res.statistic).toBeNaN();
    expect(res.pvalue).toBeNaN();
    expect(res.reason).toBe('both samples have zero variance, so the t statistic is undefined');
  });

  test('one constant sample is fine under Welch', () => {
    const res = ttestInd([0.5, 0.5, 0.5], [0.4, 0.45, 0.52, 0.38], { equalVar: false });
    expect(Number.isFinite(res.statistic)).toBe(true);
    expect(res.reason).toBeUndefined();
  });

  test('fewer than 2 values → StatsError naming the function and the sample', () => {
    expect(() => ttestInd([1], [1, 2, 3])).toThrow(StatsError);
    expect(() => ttestInd([1], [1, 2, 3])).toThrow('ttestInd requires at least 2 values in each sample (got 1 in a)');
    expect(() => ttestInd([1, 2], [])).toThrow('(got 0 in b)');
  });

  test("NaN raises unless nanPolicy 'omit'", () => {
    expect(() => ttestInd([1, NaN, 3], [1, 2, 3])).toThrow(/^ttestInd found NaN at a\[1\]/);
    const omitted = ttestInd([1, NaN, 3, 4], [1, 2, 3], { nanPolicy: 'omit' });
    const clean = ttestInd([1, 3, 4], [1, 2, 3]);
    expect(omitted).toEqual(clean);
  });

  test('unknown alternative is rejected with a hint', () => {
    expect(() => ttestInd([1, 2], [3, 4], { alternative: 'two.sided' as never })).toThrow(/did you mean 'two-sided'/);
  });

  test('one-sided intervals have an infinite end', () => {
    const less = ttestInd([1, 2, 3, 4], [2, 4, 6, 8, 10], { alternative: 'less' });
    expect(less.ci[0]).toBe(-Infinity);
    const greater = ttestInd([1, 2, 3, 4], [2, 4, 6, 8, 10], { alternative: 'greater' });
    expect(greater.ci[1]).toBe(Infinity);
    expect((JSON.parse(JSON.stringify(greater)) as { ci: unknown }).ci).toEqual([greater.ci[0], null]);
  });

  test('JSDoc example value', () => {
    expectClose(ttestInd([1, 2, 3, 4], [2, 4, 6, 8, 10]).pvalue, 0.07861923505869378, 'pvalue');
  });
});
