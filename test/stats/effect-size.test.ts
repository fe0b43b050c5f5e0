import { describe, expect, test } from 'vitest';
import { cohensD } from '../../src/stats/cohens-d.js';
import { hedgesCorrection, hedgesG } from '../../src/stats/hedges-g.js';
import { expectClose, loadGolden } from './golden.js';

const scipy = loadGolden('scipy');
const r = loadGolden('r');
const ciByPair = new Map<number, { dLow: number; dHigh: number }>(
  (r.effectCI as { pair: number; dLow: number; dHigh: number }[]).map((c) => [c.pair, c]),
);

describe('cohensD and hedgesG match numpy/scipy point estimates and R noncentral-t CIs (rtol 1e-9)', () => {
  for (const c of scipy.effectSizes as { pair: number; d: number; j: number; g: number }[]) {
    const p = scipy.pairs[c.pair];
    const ci = ciByPair.get(c.pair)!;
    test(p.name, () => {
      const d = cohensD(p.a, p.b);
      const g = hedgesG(p.a, p.b);
      // d is a difference of means over an sd: relative error measured against |mean|/sd.
      const scale = Math.abs(d.estimate) + 1;
      expectClose(d.estimate, c.d, 'd', 1e-9, scale * 1e-3);
      expectClose(g.estimate, c.g, 'g', 1e-9, scale * 1e-3);
      expectClose(hedgesCorrection(d.df), c.j, 'J');
      // CI ends are roots found to 1e-13 in R and here; ends near 0 are measured against the width.
      const width = ci.dHigh - ci.dLow;
      expectClose(d.ci[0], ci.dLow, 'd ci low', 1e-9, width);
      expectClose(d.ci[1], ci.dHigh, 'd ci high', 1e-9, width);
      expectClose(g.ci[0], ci.dLow * c.j, 'g ci low', 1e-9, width);
      expectClose(g.ci[1], ci.dHigh * c.j, 'g ci high', 1e-9, width);
      expect(d.ciMethod).toBe('noncentral-t');
    });
  }
});

describe('effect size edge cases', () => {
  test('JSDoc examples', () => {
    const d = -3.5 / Math.sqrt((3 * (5 / 3) + 4 * 10) / 7);
    expectClose(cohensD([1, 2, 3, 4], [2, 4, 6, 8, 10]).estimate, d, 'd', 1e-14);
    expectClose(hedgesG([1, 2, 3, 4], [2, 4, 6, 8, 10]).estimate, d * hedgesCorrection(7), 'g', 1e-14);
  });
  test('J(df) approaches the 1 − 3/(4df − 1) approximation for large df', () => {
    expectClose(hedgesCorrection(2000), 1 - 3 / (4 * 2000 - 1), 'J', 1e-7);
    expect(hedgesCorrection(2)).toBeCloseTo(0.5641895835477563, 14); // Γ(1)/(1·Γ(½)) = 1/√π
  });
  test('constant samples → NaN with a reason', () => {
    const d = cohensD([1, 1], [1, 1, 1]);
    expect(d.estimate).toBeNaN();
    expect(d.reason).toMatch(/zero variance/);
  });
  test('too few values → StatsError', () => {
    expect(() => hedgesG([1], [1, 2])).toThrow('hedgesG requires at least 2 values in each sample (got 1 in a)');
  });
});
