import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_MAX_RUNS, defaultEngine, expectedMaxSorted, probabilityOfImprovement } from '../../src/analysis/stats-engine.js';
import { expectedMax } from '../../src/stats/index.js';

interface Case {
  name: string;
  a: number[];
  b: number[];
  mannWhitney: Record<'two-sided' | 'greater' | 'less', { statistic: number; pvalue: number }>;
  hedgesG: number;
  probabilityOfImprovement: number;
  expectedMax: { n: number; mean: number; sd: number }[];
}
const golden = JSON.parse(readFileSync(new URL('./golden/engine-goldens.json', import.meta.url), 'utf8')) as { cases: Case[] };
const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);

describe.each(golden.cases)('the report engine vs scipy/numpy: $name', (c) => {
  const a = Float64Array.from(c.a),
    b = Float64Array.from(c.b);
  it.each(['two-sided', 'greater', 'less'] as const)('Mann–Whitney U (%s) equals scipy.stats.mannwhitneyu', (alt) => {
    const r = defaultEngine.mannWhitneyU(a, b, { alternative: alt });
    expect(r.statistic).toBe(c.mannWhitney[alt].statistic);
    expect(rel(r.pvalue, c.mannWhitney[alt].pvalue)).toBeLessThan(1e-9);
  });
  it("Hedges' g and P(a > b) equal the numpy formulas, in the report's direction", () => {
    expect(rel(defaultEngine.hedgesG(a, b, { confidenceLevel: 0.95 }).value, c.hedgesG)).toBeLessThan(1e-9);
    expect(
      rel(defaultEngine.probabilityOfImprovement(a, b, { seed: 1, confidenceLevel: 0.95 }).value, c.probabilityOfImprovement),
    ).toBeLessThan(1e-12);
  });
  it('expected best-of-n over the sorted sample equals the closed form and src/stats expectedMax', () => {
    const sorted = Float64Array.from(c.a).sort();
    for (const p of c.expectedMax) {
      const r = expectedMaxSorted(sorted, p.n);
      expect(rel(r.mean, p.mean)).toBeLessThan(1e-12);
      expect(Math.abs(r.sd - p.sd)).toBeLessThan(1e-9);
      const s = expectedMax(c.a, { n: p.n });
      expect(rel(r.mean, s.mean)).toBeLessThan(1e-12);
      expect(Math.abs(r.sd - s.sd)).toBeLessThan(1e-12);
    }
  });
});

describe('probabilityOfImprovement above the bootstrap limit', () => {
  it('gives the exact proportion and a normal interval around it', () => {
    const n = BOOTSTRAP_MAX_RUNS / 2 + 1;
    const a = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 1000),
      b = Float64Array.from({ length: n }, (_, i) => ((i * 104729) % 1000) - 50);
    const r = probabilityOfImprovement(a, b, { seed: 0, confidenceLevel: 0.95 });
    // Both samples are 0..999 patterns, b shifted by −50 (repeated n/1000 times): P = (1000·1000 − Σ ties and losses)/10⁶ computed directly.
    let wins = 0;
    for (let x = 0; x < 1000; x++) for (let y = -50; y < 950; y++) wins += x > y ? 1 : x === y ? 0.5 : 0;
    expect(r.value).toBeCloseTo(wins / 1e6, 3);
    expect(r.ci[0]).toBeLessThan(r.value);
    expect(r.ci[1]).toBeGreaterThan(r.value);
    expect(r.ci[1] - r.ci[0]).toBeLessThan(0.03);
  });
  it('is seeded below it', () => {
    const a = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i) + 0.3),
      b = Float64Array.from({ length: 25 }, (_, i) => Math.cos(i));
    expect(probabilityOfImprovement(a, b, { seed: 7, confidenceLevel: 0.95 })).toEqual(
      probabilityOfImprovement(a, b, { seed: 7, confidenceLevel: 0.95 }),
    );
  });
});

describe('adjustment', () => {
  it('adjusts with src/stats (Holm: 3·0.01, 2·0.02, 0.04 → monotone)', () => {
    expect(defaultEngine.adjustPValues([0.01, 0.02, 0.04], 'holm')).toEqual([0.03, 0.04, 0.04]);
  });
});

describe('expectedMaxCurveSorted', () => {
  it('equals expectedMaxSorted at every size, small (multiplied powers) and large', async () => {
    const { expectedMaxCurveSorted } = await import('../../src/analysis/stats-engine.js');
    const sorted = Float64Array.from({ length: 500 }, (_, i) => 0.8 + 0.1 * Math.sin(i * 12.9898) ** 2).sort();
    const sizes = [1, 2, 7, 30, 64, 65, 200, 500];
    const curve = expectedMaxCurveSorted(sorted, sizes);
    sizes.forEach((n, k) => {
      const one = expectedMaxSorted(sorted, n);
      expect(rel(curve[k].mean, one.mean)).toBeLessThan(1e-13);
      expect(Math.abs(curve[k].sd - one.sd)).toBeLessThan(1e-12);
    });
  });
});
