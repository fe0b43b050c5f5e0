import { describe, expect, test } from 'vitest';
import { expectedMax, expectedMaxCurve } from '../../src/stats/expected-max.js';
import { expectClose, loadGolden } from './golden.js';

const scipy = loadGolden('scipy');
type Case = { values: number[]; replacement: boolean; curve: { n: number; mean: number; sd: number }[] };

describe('expectedMax matches exact rational arithmetic (Python fractions; rtol 1e-9)', () => {
  (scipy.expectedMax as Case[]).forEach((c, k) => {
    test(`#${k} N = ${c.values.length} · ${c.replacement ? 'with' : 'without'} replacement · every n`, () => {
      const curve = expectedMaxCurve(c.values, { replacement: c.replacement });
      expect(curve).toHaveLength(c.curve.length);
      const spread = Math.max(...c.values) - Math.min(...c.values);
      c.curve.forEach((e, i) => {
        expect(curve[i].n).toBe(e.n);
        expectClose(curve[i].mean, e.mean, `mean n=${e.n}`);
        // sd is measured against the spread of the scores (it is 0 when n = N without replacement).
        expectClose(curve[i].sd, e.sd, `sd n=${e.n}`, 1e-9, spread);
        expect(expectedMax(c.values, { n: e.n, replacement: c.replacement })).toEqual(curve[i]);
      });
    });
  });
});

describe('expectedMax contract', () => {
  test('JSDoc example: P(max = 0.9) = 3/4 for two draws', () => {
    const r = expectedMax([0.1, 0.9], { n: 2 });
    expectClose(r.mean, 0.1 / 4 + (0.9 * 3) / 4, 'mean', 1e-15);
    expectClose(r.sd, Math.sqrt(0.75 * 0.25) * 0.8, 'sd', 1e-15);
  });
  test('n = 1 is the mean; without replacement n = N is the maximum', () => {
    const v = [0.2, 0.5, 0.9, 0.4];
    expectClose(expectedMax(v, { n: 1 }).mean, 0.5, 'mean', 1e-15);
    expect(expectedMax(v, { n: 4, replacement: false })).toEqual({ n: 4, mean: 0.9, sd: 0, replacement: false });
  });
  test("goal 'minimize' gives the expected lowest loss", () => {
    expectClose(expectedMax([1, 3], { n: 2, goal: 'minimize' }).mean, 1.5, 'mean', 1e-15);
  });
  test('without replacement n cannot exceed N', () => {
    expect(() => expectedMax([1, 2], { n: 3, replacement: false })).toThrow(/^expectedMax: n = 3 exceeds the 2 runs available/);
  });
});
