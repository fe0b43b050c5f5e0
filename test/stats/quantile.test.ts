import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { quantileSorted } from '../../src/stats/quantile.js';
import { expectClose, RTOL } from './golden.js';

interface Case {
  label: string;
  sorted: number[];
  q: number[];
  quantile: number[];
}

// Written by golden/quantile-rankdata.py (numpy.quantile, default method 'linear' = R type 7).
const golden = JSON.parse(readFileSync(new URL('./golden/quantile.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('quantileSorted matches numpy.quantile (linear, R type 7)', () => {
  test('has the generated cases', () => expect(golden.cases.length).toBeGreaterThanOrEqual(13));
  for (const c of golden.cases) {
    test(`${c.label} (n=${c.sorted.length})`, () => {
      c.q.forEach((q, i) => {
        // An interpolated value is a difference of its two neighbours: measure the error against them.
        const h = Math.floor((c.sorted.length - 1) * q);
        const scale = Math.max(Math.abs(c.sorted[h]), Math.abs(c.sorted[Math.min(h + 1, c.sorted.length - 1)]));
        expectClose(quantileSorted(c.sorted, q), c.quantile[i], `q=${q}`, RTOL, scale);
      });
    });
  }
});

describe('quantileSorted edge cases', () => {
  test('no values: NaN', () => expect(quantileSorted([], 0.5)).toBeNaN());
  test('one value: that value for every q', () => {
    for (const q of [0, 0.3, 1]) expect(quantileSorted([7], q)).toBe(7);
  });
  test('q = 0 and q = 1 are the minimum and maximum', () => {
    expect(quantileSorted([1, 2, 4, 8], 0)).toBe(1);
    expect(quantileSorted([1, 2, 4, 8], 1)).toBe(8);
  });
  test('interpolates linearly between order statistics: h = (n−1)q', () => {
    // n = 4, q = 0.5 → h = 1.5, halfway between 2 and 4.
    expect(quantileSorted([1, 2, 4, 8], 0.5)).toBe((2 + 4) / 2);
    // q = 0.25 → h = 0.75: 1 + 0.75·(2 − 1).
    expect(quantileSorted([1, 2, 4, 8], 0.25)).toBe(1 + 0.75 * (2 - 1));
  });
  test('a weight of ½ or more interpolates from the upper neighbour, as numpy does, to the last bit', () => {
    // From below, 0.1 + 0.9·(0.3 − 0.1) rounds to 0.28; numpy.quantile([0.1, 0.3], 0.9) is 0.27999999999999997.
    expect(quantileSorted([0.1, 0.3], 0.9)).toBe(0.27999999999999997);
  });
});

describe('quantileSorted properties', () => {
  const sortedArb = fc
    .array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 })
    .map((x) => x.sort((a, b) => a - b));
  const qArb = fc.double({ min: 0, max: 1, noNaN: true });

  test('lies between the minimum and the maximum', () => {
    fc.assert(
      fc.property(sortedArb, qArb, (x, q) => {
        const v = quantileSorted(x, q);
        return v >= x[0] && v <= x[x.length - 1];
      }),
    );
  });
  test('never decreases as q grows', () => {
    fc.assert(
      fc.property(sortedArb, qArb, qArb, (x, q1, q2) => {
        const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
        return quantileSorted(x, lo) <= quantileSorted(x, hi);
      }),
    );
  });
});

describe('quantileSorted (numpy linear, R type 7)', () => {
  test('interpolates between order statistics', () => {
    // numpy.quantile([1,2,3,4], [.25,.5,.75]) = [1.75, 2.5, 3.25]
    expect([0.25, 0.5, 0.75].map((p) => quantileSorted([1, 2, 3, 4], p))).toEqual([1.75, 2.5, 3.25]);
  });
  test('takes typed arrays as well as arrays', () => {
    expect(quantileSorted(Float64Array.from([1, 2, 3, 4]), 0.25)).toBe(1.75);
  });
  test('returns the only value of a single-value sample and NaN for an empty one', () => {
    expect(quantileSorted([7], 0.25)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
  // From test/stats/golden/quantile.py: cases where a + t·(b − a) alone differs from numpy in the last bit.
  const goldens: [number[], number, number][] = [
    [[0.3118020318353023, 0.3716143307475649, 0.6925569646028146, 0.7012826629078087, 0.8489911224865752], 0.975, 0.8342202765286985],
    [
      [
        0.19736112176941356, 0.4493881435694821, 0.5169124708247582, 0.6008323865726104, 0.6688404197317077, 0.702891902404374,
        0.7121290712624169, 0.937476573471953, 0.9875858821372433,
      ],
      0.1,
      0.3989827392094684,
    ],
  ];
  test.each(goldens)('agrees with numpy to the last bit (%#)', (xs, q, expected) => {
    expect(quantileSorted(xs, q)).toBe(expected);
  });
});
