import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohensDz } from '../../src/stats/cohens-dz.js';
import { ttestRel } from '../../src/stats/ttest-rel.js';
import { StatsError } from '../../src/errors.js';
import { expectClose } from './golden.js';

interface Golden {
  label: string;
  a: number[];
  b: number[];
  confidenceLevel: number;
  estimate: number;
  df: number;
  scipy: { ci: [number, number] };
  r: { ci: [number, number] };
}
const goldens = JSON.parse(readFileSync(new URL('./golden/cohens-dz.json', import.meta.url), 'utf8')) as { cases: Golden[] };

describe('cohensDz against numpy and the noncentral-t interval of scipy.stats.nct and R pt (rtol 1e-9)', () => {
  it('has the generated cases', () => expect(goldens.cases.length).toBeGreaterThanOrEqual(20));
  for (const g of goldens.cases) {
    it(`${g.label}, ${g.confidenceLevel}`, () => {
      const r = cohensDz(g.a, g.b, { confidenceLevel: g.confidenceLevel });
      expectClose(r.estimate, g.estimate, 'd_z');
      expect(r.df).toBe(g.df);
      // CI ends are differences of larger terms near 0: measured against the interval's width.
      const width = g.r.ci[1] - g.r.ci[0];
      for (const [ref, ci] of [
        ['R', g.r.ci],
        ['scipy', g.scipy.ci],
      ] as const) {
        expectClose(r.ci[0], ci[0], `${ref} ci low`, 1e-9, width);
        expectClose(r.ci[1], ci[1], `${ref} ci high`, 1e-9, width);
      }
    });
  }
});

describe('cohensDz edge cases', () => {
  it('matches the doc example', () => {
    const r = cohensDz([1, 2, 3.5, 4], [0, 1, 2, 2.2]);
    expectClose(r.estimate, 3.3564926308199556, 'd_z (numpy)');
    expectClose(r.ci[0], 0.6606123539766958, 'ci low (R)');
    expectClose(r.ci[1], 6.076935671028728, 'ci high (R)');
    const d = [1, 1, 1.5, 1.8];
    const m = d.reduce((s, v) => s + v, 0) / 4;
    const sd = Math.sqrt(d.reduce((s, v) => s + (v - m) ** 2, 0) / 3);
    expectClose(r.estimate, m / sd, 'd_z by hand');
  });
  it('is the paired t statistic divided by √n', () => {
    const a = [0.91, 0.9, 0.93, 0.88, 0.92, 0.95, 0.87],
      b = [0.9, 0.89, 0.9, 0.89, 0.9, 0.9, 0.9];
    expectClose(cohensDz(a, b).estimate, ttestRel(a, b).statistic / Math.sqrt(7), 'd_z = t/√n');
  });
  it('flips sign with the samples, interval and all', () => {
    const a = [3, 5, 4, 6, 8],
      b = [2, 5, 3, 4, 5];
    const ab = cohensDz(a, b),
      ba = cohensDz(b, a);
    expectClose(ba.estimate, -ab.estimate, 'estimate');
    expectClose(ba.ci[0], -ab.ci[1], 'low', 1e-9, 1);
    expectClose(ba.ci[1], -ab.ci[0], 'high', 1e-9, 1);
  });
  it('is ±Infinity or NaN with a reason when every difference is the same', () => {
    expect(cohensDz([2, 3, 4], [1, 2, 3]).estimate).toBe(Infinity);
    expect(cohensDz([1, 2, 3], [2, 3, 4]).estimate).toBe(-Infinity);
    const zero = cohensDz([1, 2, 3], [1, 2, 3]);
    expect(zero.estimate).toBeNaN();
    expect(zero.ci[0]).toBeNaN();
    expect(zero.reason).toMatch(/standard deviation is 0/);
  });
  it('rejects bad input, naming itself', () => {
    expect(() => cohensDz([1, 2], [1])).toThrow(StatsError);
    expect(() => cohensDz([1, 2], [1])).toThrow(/^cohensDz requires paired samples of equal length \(got 2 and 1\)/);
    expect(() => cohensDz([1], [2])).toThrow(/^cohensDz requires at least 2 pairs \(got 1\)/);
    expect(() => cohensDz([1, NaN, 2], [0, 0, 0])).toThrow(/^cohensDz found NaN in pair 1/);
    expect(() => cohensDz([1, 2], [0, 0], { confidenceLevel: 1 })).toThrow(/^cohensDz: confidenceLevel/);
  });
  it("drops pairs with a NaN under nanPolicy 'omit'", () => {
    const r = cohensDz([1, NaN, 3, 5], [0, 2, 1, 2], { nanPolicy: 'omit' });
    expect(r.n).toBe(3);
    expect(r.estimate).toBe(cohensDz([1, 3, 5], [0, 1, 2]).estimate);
  });
});
