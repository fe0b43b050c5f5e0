import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ttestRel } from '../../src/stats/ttest-rel.js';
import { StatsError } from '../../src/errors.js';
import { expectClose } from './golden.js';
import type { Alternative } from '../../src/domain/metric.js';

interface Golden {
  label: string;
  a: number[];
  b: number[];
  alternative: Alternative;
  confidenceLevel: number;
  statistic: number;
  pvalue: number;
  df: number;
  ci: [number, number];
}

const revive = (_k: string, v: unknown) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const goldens = JSON.parse(readFileSync(new URL('./golden/ttest-rel.json', import.meta.url), 'utf8'), revive) as { cases: Golden[] };

describe('ttestRel against scipy.stats.ttest_rel', () => {
  it('has the generated cases', () => expect(goldens.cases.length).toBeGreaterThanOrEqual(90));
  for (const g of goldens.cases) {
    it(`${g.label}, ${g.alternative}, ${g.confidenceLevel}`, () => {
      const r = ttestRel(g.a, g.b, { alternative: g.alternative, confidenceLevel: g.confidenceLevel });
      expectClose(r.statistic, g.statistic, 'statistic');
      expectClose(r.pvalue, g.pvalue, 'pvalue');
      expect(r.df).toBe(g.df);
      expectClose(r.ci[0], g.ci[0], 'ci low');
      expectClose(r.ci[1], g.ci[1], 'ci high');
    });
  }
});

describe('ttestRel edge cases', () => {
  it('matches the doc example', () => {
    expect(ttestRel([1, 2, 3.5, 4], [0, 1, 2, 2.2], { alternative: 'greater' }).pvalue).toBeCloseTo(0.0033732121072213473, 15);
  });
  it('is +Infinity with p = 0 when every difference is the same positive number (scipy: inf, 0.0)', () => {
    const r = ttestRel([1, 2, 3], [0, 1, 2]);
    expect(r.statistic).toBe(Infinity);
    expect(r.pvalue).toBe(0);
  });
  it('is NaN with a reason when every difference is 0 (scipy: nan)', () => {
    const r = ttestRel([1, 2, 3], [1, 2, 3]);
    expect(r.statistic).toBeNaN();
    expect(r.pvalue).toBeNaN();
    expect(r.reason).toMatch(/every paired difference is 0/);
  });
  it('greater(a, b) equals less(b, a)', () => {
    const a = [0.91, 0.9, 0.93, 0.88, 0.92],
      b = [0.9, 0.89, 0.9, 0.89, 0.9];
    expect(ttestRel(a, b, { alternative: 'greater' }).pvalue).toBe(ttestRel(b, a, { alternative: 'less' }).pvalue);
  });
  it('rejects unequal lengths, fewer than 2 pairs and NaN, naming itself', () => {
    expect(() => ttestRel([1, 2], [1])).toThrow(StatsError);
    expect(() => ttestRel([1, 2], [1])).toThrow(/^ttestRel requires paired samples of equal length \(got 2 and 1\)/);
    expect(() => ttestRel([1], [2])).toThrow(/^ttestRel requires at least 2 pairs \(got 1\)/);
    expect(() => ttestRel([1, NaN, 3], [1, 2, 2])).toThrow(/^ttestRel found NaN in pair 1/);
    expect(() => ttestRel([1, 2], [1, 2], { alternative: 'two.sided' as never })).toThrow(/^ttestRel: unknown alternative/);
  });
  it("drops pairs with a NaN under nanPolicy 'omit'", () => {
    const omitted = ttestRel([1, NaN, 3, 5], [0, 2, 1, 2], { nanPolicy: 'omit' });
    const direct = ttestRel([1, 3, 5], [0, 1, 2]);
    expect(omitted.n).toBe(3);
    expect(omitted.statistic).toBe(direct.statistic);
    expect(omitted.pvalue).toBe(direct.pvalue);
  });
});
