import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedRankCounts, wilcoxon, type WilcoxonMethod, type WilcoxonZeroMethod } from '../../src/stats/wilcoxon.js';
import { StatsError } from '../../src/errors.js';
import { expectClose } from './golden.js';
import type { Alternative } from '../../src/domain/metric.js';

interface Golden {
  label: string;
  x: number[];
  y: number[] | null;
  zeroMethod: WilcoxonZeroMethod;
  correction: boolean;
  method: WilcoxonMethod;
  alternative: Alternative;
  usedMethod?: 'exact' | 'approx';
  statistic?: number;
  pvalue?: number;
  error?: string;
  r?: { V: number; pvalue: number };
}

const revive = (_k: string, v: unknown) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);
const goldens = JSON.parse(readFileSync(new URL('./golden/wilcoxon.json', import.meta.url), 'utf8'), revive) as { cases: Golden[] };
const name = (g: Golden) => `${g.label} · ${g.zeroMethod} · ${g.method}${g.correction ? ' · correction' : ''} · ${g.alternative}`;
const run = (g: Golden) =>
  wilcoxon(g.x, g.y ?? undefined, { zeroMethod: g.zeroMethod, correction: g.correction, method: g.method, alternative: g.alternative });

describe('wilcoxon against scipy.stats.wilcoxon 1.10.1 (rtol 1e-9)', () => {
  const ok = goldens.cases.filter((g) => g.error === undefined);
  it('has the generated cases, both paths and every zero method', () => {
    expect(ok.length).toBeGreaterThanOrEqual(400);
    expect(new Set(ok.map((g) => g.usedMethod))).toEqual(new Set(['exact', 'approx']));
    expect(new Set(ok.filter((g) => g.usedMethod === 'approx').map((g) => g.zeroMethod))).toEqual(new Set(['wilcox', 'pratt', 'zsplit']));
  });
  for (const g of ok) {
    it(name(g), () => {
      const r = run(g);
      expect(r.method).toBe(g.usedMethod);
      expectClose(r.statistic, g.statistic!, 'statistic');
      expectClose(r.pvalue, g.pvalue!, 'pvalue');
    });
  }
});

describe('wilcoxon against R wilcox.test(paired = TRUE, correct = FALSE) where R defines the same test', () => {
  const withR = goldens.cases.filter((g) => g.r !== undefined);
  it('has R cases on both paths', () => {
    expect(withR.length).toBeGreaterThanOrEqual(100);
    expect(new Set(withR.map((g) => g.usedMethod))).toEqual(new Set(['exact', 'approx']));
  });
  for (const g of withR) {
    it(name(g), () => {
      const r = run(g);
      expectClose(r.rPlus, g.r!.V, 'V = R⁺');
      expectClose(r.pvalue, g.r!.pvalue, 'pvalue');
    });
  }
});

describe('wilcoxon: inputs scipy refuses', () => {
  const refused = goldens.cases.filter((g) => g.error !== undefined);
  it('the goldens include the all-zero refusals', () => expect(refused.length).toBeGreaterThan(0));
  for (const g of refused) {
    it(`${name(g)} throws (scipy: ${g.error})`, () => {
      expect(() => run(g)).toThrow(StatsError);
      expect(() => run(g)).toThrow(/^wilcoxon: every difference is 0/);
    });
  }
});

describe('wilcoxon edge cases', () => {
  it('matches the doc example: 20 of 512 sign patterns, doubled', () => {
    const r = wilcoxon([1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3], [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]);
    expect(r.method).toBe('exact');
    expect(r.pvalue).toBe((2 * 10) / 512);
    expect(r.statistic).toBe(5);
  });
  it('counts subsets of {1..n} by sum: n = 3 gives sums 0,1,2,3,3,4,5,6', () => {
    expect(Array.from(signedRankCounts(3))).toEqual([1, 1, 1, 2, 1, 1, 1]);
    const c = signedRankCounts(20);
    expect(c.reduce((s, v) => s + v, 0)).toBe(2 ** 20);
    for (let s = 0; s < c.length; s++) expect(c[s]).toBe(c[c.length - 1 - s]);
  });
  it("'auto' is exact up to 50 pairs and normal beyond", () => {
    const d = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (i + 1) * 0.01);
    expect(wilcoxon(d(50)).method).toBe('exact');
    expect(wilcoxon(d(51)).method).toBe('approx');
    expect(wilcoxon(d(51)).z).toBeDefined();
    expect(wilcoxon(d(50)).z).toBeUndefined();
  });
  it('a zero difference switches the exact path to the normal approximation', () => {
    const r = wilcoxon([0, 1, 2, -3, 4], undefined, { method: 'exact' });
    expect(r.method).toBe('approx');
    expect(r.zeros).toBe(1);
  });
  it("'zsplit' with every difference 0 gives z = 0 and p = 1 (scipy)", () => {
    const r = wilcoxon([1, 2, 3], [1, 2, 3], { zeroMethod: 'zsplit' });
    expect(r.z).toBe(0);
    expect(r.pvalue).toBe(1);
    expect(r.statistic).toBe((3 * 4) / 4);
  });
  it('R⁺ + R⁻ is n(n+1)/2 without zeros, and greater(x, y) equals less(y, x)', () => {
    // Untied |differences|: with ties scipy truncates R⁺, which breaks the symmetry.
    const x = [5.1, 3.2, 7.4, 2.05, 6.6, 4.45, 1.7],
      y = [4, 3.5, 5, 2, 4.1, 4, 2.5];
    expect(wilcoxon(x, y).ties).toBe(false);
    const r = wilcoxon(x, y);
    expect(r.rPlus + r.rMinus).toBe((7 * 8) / 2);
    expect(wilcoxon(x, y, { alternative: 'greater' }).pvalue).toBe(wilcoxon(y, x, { alternative: 'less' }).pvalue);
  });
  it('flags tied |differences|', () => {
    expect(wilcoxon([1, -1, 2, 3]).ties).toBe(true);
    expect(wilcoxon([1, -1.5, 2, 3]).ties).toBe(false);
  });
  it('rejects bad input, naming itself', () => {
    expect(() => wilcoxon([1, 2], [1])).toThrow(/^wilcoxon requires paired samples of equal length \(got 2 and 1\)/);
    expect(() => wilcoxon([])).toThrow(/^wilcoxon requires at least 1 pair/);
    expect(() => wilcoxon([1, NaN, 3])).toThrow(/^wilcoxon found NaN in pair 1/);
    expect(() => wilcoxon([1, Infinity])).toThrow(/^wilcoxon found an infinite value in pair 1/);
    expect(() => wilcoxon([1, 2], undefined, { zeroMethod: 'none' as never })).toThrow(/^wilcoxon: unknown zeroMethod "none"/);
    expect(() => wilcoxon([1, 2], undefined, { method: 'asymptotic' as never })).toThrow(/^wilcoxon: unknown method "asymptotic"/);
    expect(() => wilcoxon([1, 2], undefined, { alternative: 'two.sided' as never })).toThrow(/^wilcoxon: unknown alternative/);
  });
  it("drops pairs with a NaN under nanPolicy 'omit'", () => {
    const omitted = wilcoxon([1, NaN, 3, 5, 2], [0, 2, 1, 2, 4], { nanPolicy: 'omit' });
    const direct = wilcoxon([1, 3, 5, 2], [0, 1, 2, 4]);
    expect(omitted.n).toBe(4);
    expect(omitted.pvalue).toBe(direct.pvalue);
    expect(omitted.statistic).toBe(direct.statistic);
  });
});

describe('wilcoxon properties', () => {
  const diffs = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -10, max: 10, noNaN: true })), {
    minLength: 1,
    maxLength: 70,
  });
  const options = fc.record({
    zeroMethod: fc.constantFrom('wilcox', 'pratt', 'zsplit' as const),
    alternative: fc.constantFrom('two-sided', 'greater', 'less' as const),
    method: fc.constantFrom('auto', 'exact', 'approx' as const),
    correction: fc.boolean(),
  });
  it('gives a p-value in [0, 1] or throws a StatsError, and mirroring the differences keeps the two-sided p (untied)', () => {
    fc.assert(
      fc.property(diffs, options, (d, o) => {
        let r;
        try {
          r = wilcoxon(d, undefined, o);
        } catch (err) {
          expect(err).toBeInstanceOf(StatsError);
          return;
        }
        expect(r.pvalue).toBeGreaterThanOrEqual(0);
        expect(r.pvalue).toBeLessThanOrEqual(1);
        if (o.alternative === 'two-sided' && !r.ties) {
          const m = wilcoxon(
            d.map((v) => -v),
            undefined,
            o,
          );
          expect(m.pvalue).toBeCloseTo(r.pvalue, 12);
        }
      }),
      { numRuns: 500 },
    );
  });
});
