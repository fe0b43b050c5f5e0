import { describe, expect, test } from 'vitest';
import { bootstrapCI, type SampleStatistic } from '../../src/stats/bootstrap-ci.js';
import { quantileSorted } from '../../src/stats/quantile.js';
import { probabilityOfImprovement } from '../../src/stats/probability-of-improvement.js';
import { loadGolden } from './golden.js';

const scipy = loadGolden('scipy');
const mean = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
const median = (x: number[]): number =>
  quantileSorted(
    [...x].sort((p, q) => p - q),
    0.5,
  );
const std = (x: number[]): number => {
  const m = mean(x);
  return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1));
};
const poi = (a: number[], b: number[]): number => {
  let s = 0;
  for (const x of a) for (const y of b) s += x > y ? 1 : x === y ? 0.5 : 0;
  return s / (a.length * b.length);
};
const STATISTICS: Record<string, SampleStatistic> = {
  mean,
  median,
  std,
  meanDifference: (a, b) => mean(a) - mean(b),
  probabilityOfImprovement: poi,
};

type Case = {
  statistic: string;
  method: 'bca' | 'percentile';
  samples: number[][];
  estimate: number;
  low: number;
  high: number;
  lowSd: number;
  highSd: number;
  replicates: number;
};

// Monte-Carlo tolerance: the reference is the mean of 20 scipy runs (9999 resamples each, seeds 1000..1019);
// one kdlab run must lie within 4 standard errors of it, se = sd·√(1 + 1/20) with sd measured across the scipy runs.
const mcTolerance = (sd: number, reps: number): number => 4 * sd * Math.sqrt(1 + 1 / reps);

describe('bootstrapCI agrees with scipy.stats.bootstrap within Monte-Carlo error (4 MC standard errors)', () => {
  for (const c of scipy.bootstrap as Case[]) {
    test(`${c.statistic} · ${c.method} · n = ${c.samples.map((s) => s.length).join('×')}`, () => {
      if (c.statistic === 'probabilityOfImprovement') {
        const r = probabilityOfImprovement(c.samples[0], c.samples[1], { seed: 7 });
        expect(r.probability).toBeCloseTo(c.estimate, 14);
        expect(Math.abs(r.ci[0] - c.low)).toBeLessThanOrEqual(mcTolerance(c.lowSd, c.replicates));
        expect(Math.abs(r.ci[1] - c.high)).toBeLessThanOrEqual(mcTolerance(c.highSd, c.replicates));
        return;
      }
      const r = bootstrapCI(c.samples, STATISTICS[c.statistic], { method: c.method, seed: 7 });
      expect(r.estimate).toBeCloseTo(c.estimate, 12);
      expect(Math.abs(r.ci[0] - c.low)).toBeLessThanOrEqual(mcTolerance(c.lowSd, c.replicates));
      expect(Math.abs(r.ci[1] - c.high)).toBeLessThanOrEqual(mcTolerance(c.highSd, c.replicates));
    });
  }
});

describe('bootstrapCI contract', () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  test('the same seed reproduces the interval exactly; another seed differs', () => {
    const a = bootstrapCI([x], mean, { seed: 3, nResamples: 999 });
    expect(bootstrapCI([x], mean, { seed: 3, nResamples: 999 })).toEqual(a);
    expect(bootstrapCI([x], mean, { seed: 4, nResamples: 999 }).ci).not.toEqual(a.ci);
  });
  test('JSDoc example', () => {
    expect(bootstrapCI([x], mean, { method: 'percentile', seed: 1 }).ci).toEqual([3.7, 7.3]);
  });
  test('basic interval reflects the percentile interval around the estimate', () => {
    const p = bootstrapCI([x], mean, { method: 'percentile', seed: 2, nResamples: 999 });
    const b = bootstrapCI([x], mean, { method: 'basic', seed: 2, nResamples: 999 });
    expect(b.ci[0]).toBeCloseTo(2 * 5.5 - p.ci[1], 12);
    expect(b.ci[1]).toBeCloseTo(2 * 5.5 - p.ci[0], 12);
  });
  test('paired resampling equals resampling the differences (same seed, same draws)', () => {
    // Dyadic values and n = 8 keep both means exact, so the two bootstrap distributions coincide.
    const a = [58, 56, 60, 55, 57, 61, 57, 59].map((v) => v / 64);
    const b = [57, 55, 57, 56, 55, 58, 56, 54].map((v) => v / 64);
    const diff = a.map((v, i) => v - b[i]);
    for (const method of ['percentile', 'bca'] as const) {
      const paired = bootstrapCI([a, b], (x, y) => mean(x) - mean(y), { paired: true, method, seed: 5, nResamples: 2000 });
      const single = bootstrapCI([diff], mean, { method, seed: 5, nResamples: 2000 });
      expect(paired.ci[0]).toBeCloseTo(single.ci[0], 12);
      expect(paired.ci[1]).toBeCloseTo(single.ci[1], 12);
    }
    expect(() => bootstrapCI([a, [1, 2]], (x, y) => mean(x) - mean(y), { paired: true })).toThrow(
      /^bootstrapCI: paired samples must have equal lengths/,
    );
  });
  test('a sample of one value is rejected', () => {
    expect(() => bootstrapCI([[1]], mean)).toThrow('bootstrapCI requires at least 2 values in each sample (got 1 in samples[0])');
  });
  test('probabilityOfImprovement: ties count half, CI contains the estimate, seeded', () => {
    const r = probabilityOfImprovement([3, 4, 5], [1, 2, 4]);
    expect(r.probability).toBe(7.5 / 9);
    expect(r.ci[0]).toBeLessThanOrEqual(r.probability);
    expect(r.ci[1]).toBeGreaterThanOrEqual(r.probability);
    expect(probabilityOfImprovement([3, 4, 5], [1, 2, 4])).toEqual(r);
  });
  test('probabilityOfImprovement: a single run on one side resamples to itself', () => {
    const r = probabilityOfImprovement([2], [1, 2, 3], { nResamples: 200 });
    expect(r.probability).toBe(0.5);
    expect(r.ci[0]).toBeGreaterThanOrEqual(0);
    expect(r.ci[1]).toBeLessThanOrEqual(1);
    expect(probabilityOfImprovement([1, 2, 3], [2], { nResamples: 200 }).probability).toBe(0.5);
  });
  test('probabilityOfImprovement: separated samples give a degenerate interval at 1', () => {
    const r = probabilityOfImprovement([5, 6, 7, 8], [1, 2, 3], { seed: 3, nResamples: 300 });
    expect(r.ci).toEqual([1, 1]);
  });
});
