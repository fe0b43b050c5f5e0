import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultEngine, expectedMaxSorted, formatPValue, hedgesG, mannWhitneyU, probabilityOfImprovement } from '../../src/analysis/stats-engine.js';

interface Case {
  name: string; a: number[]; b: number[];
  mannWhitney: Record<'two-sided' | 'greater' | 'less', { statistic: number; pvalue: number }>;
  hedgesG: number; probabilityOfImprovement: number;
  expectedMax: { n: number; mean: number; sd: number }[];
}
const golden = JSON.parse(readFileSync(new URL('./golden/engine-goldens.json', import.meta.url), 'utf8')) as { cases: Case[] };
const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(Math.abs(y), 1e-300);

describe.each(golden.cases)('report stats engine vs scipy: $name', (c) => {
  const a = Float64Array.from(c.a), b = Float64Array.from(c.b);
  it.each(['two-sided', 'greater', 'less'] as const)('Mann–Whitney U (%s) equals scipy.stats.mannwhitneyu', (alt) => {
    const r = mannWhitneyU(a, b, { alternative: alt });
    expect(r.statistic).toBe(c.mannWhitney[alt].statistic);
    expect(rel(r.pvalue, c.mannWhitney[alt].pvalue)).toBeLessThan(1e-9);
  });
  it("Hedges' g and P(a > b) equal the numpy formulas", () => {
    expect(rel(hedgesG(a, b, { confidenceLevel: 0.95 }).value, c.hedgesG)).toBeLessThan(1e-9);
    expect(rel(probabilityOfImprovement(a, b, { seed: 1, confidenceLevel: 0.95 }).value, c.probabilityOfImprovement)).toBeLessThan(1e-12);
  });
  it('expected best-of-n equals the Dodge et al. closed form', () => {
    const sorted = Float64Array.from(c.a).sort();
    for (const p of c.expectedMax) {
      const r = expectedMaxSorted(sorted, p.n);
      expect(rel(r.mean, p.mean)).toBeLessThan(1e-12);
      expect(Math.abs(r.sd - p.sd)).toBeLessThan(1e-9);
    }
  });
});

describe('probabilityOfImprovement interval', () => {
  it('is seeded (same seed, same interval) and contains the estimate', () => {
    const a = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i) + 0.3), b = Float64Array.from({ length: 25 }, (_, i) => Math.cos(i));
    const r1 = probabilityOfImprovement(a, b, { seed: 7, confidenceLevel: 0.95 });
    const r2 = probabilityOfImprovement(a, b, { seed: 7, confidenceLevel: 0.95 });
    expect(r1).toEqual(r2);
    expect(r1.ci[0]).toBeLessThan(r1.value);
    expect(r1.ci[1]).toBeGreaterThan(r1.value);
  });
});

describe('formatPValue and adjustment', () => {
  it('quotes two significant digits, scientific far in the tail', () => {
    expect(formatPValue(0.0894678)).toBe('0.089');
    expect(formatPValue(3.2e-7)).toBe('3.2e-7');
    expect(formatPValue(NaN)).toBe('nan');
  });
  it('adjusts with src/stats (Holm: 3·0.01, 2·0.02, 0.04 → monotone)', () => {
    expect(defaultEngine.adjustPValues([0.01, 0.02, 0.04], 'holm')).toEqual([0.03, 0.04, 0.04]);
  });
});
