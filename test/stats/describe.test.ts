import { describe as suite, expect, test } from 'vitest';
import { describe } from '../../src/stats/describe.js';
import { expectClose, loadGolden } from './golden.js';

const scipy = loadGolden('scipy');

suite('describe matches pandas Series.describe() (rtol 1e-9)', () => {
  for (const c of scipy.describe) {
    const p = scipy.pairs[c.pair];
    test(`${p.name} · ${c.side}`, () => {
      const d = describe(p[c.side]);
      expect(d.n).toBe(c.n);
      for (const key of ['mean', 'sd', 'sem', 'min', 'q1', 'median', 'q3', 'max', 'iqr'] as const) {
        // iqr is a difference of quantiles: measure it against their scale.
        expectClose(d[key], c[key], key, 1e-9, key === 'iqr' ? Math.abs(c.q3) : 0);
      }
    });
  }
});

suite('describe edge cases', () => {
  test('JSDoc example', () => {
    expect(describe([1, 2, 3, 4, 10])).toEqual({
      n: 5,
      mean: 4,
      sd: Math.sqrt(12.5),
      sem: Math.sqrt(12.5) / Math.sqrt(5),
      min: 1,
      q1: 2,
      median: 3,
      q3: 4,
      max: 10,
      iqr: 2,
    });
  });
  test('linear interpolation between order statistics', () => {
    // h = (4−1)·0.25 = 0.75 → 1 + 0.75·(2 − 1)
    expect(describe([4, 1, 3, 2]).q1).toBe(1.75);
  });
  test('a single value has NaN sd', () => {
    expect(describe([3]).sd).toBeNaN();
  });
  test('empty input throws', () => {
    expect(() => describe([])).toThrow('describe requires at least 1 value (got 0)');
  });
});

suite('describe near the float limits matches exact arithmetic (describe-extreme.py, rtol 1e-9)', () => {
  type Extreme = { name: string; x: number[]; n: number; pandas: Record<string, number> } & Record<string, number>;
  for (const c of loadGolden('describe-extreme').cases as Extreme[]) {
    test(c.name, () => {
      const d = describe(c.x);
      expect(d.n).toBe(c.n);
      for (const key of ['mean', 'sd', 'sem', 'min', 'q1', 'median', 'q3', 'max', 'iqr'] as const) {
        expect(Number.isFinite(d[key]), `${key} is finite`).toBe(Number.isFinite(c[key]));
        expectClose(d[key], c[key], key, 1e-9, key === 'iqr' ? Math.abs(c.q3) : 0);
      }
    });
  }
});
