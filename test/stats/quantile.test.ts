import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/stats/quantile.js';

describe('quantileSorted (numpy linear, R type 7)', () => {
  it('interpolates between order statistics', () => {
    // numpy.quantile([1,2,3,4], [.25,.5,.75]) = [1.75, 2.5, 3.25]
    expect([0.25, 0.5, 0.75].map((p) => quantileSorted([1, 2, 3, 4], p))).toEqual([1.75, 2.5, 3.25]);
  });
  it('takes typed arrays as well as arrays', () => {
    expect(quantileSorted(Float64Array.from([1, 2, 3, 4]), 0.25)).toBe(1.75);
  });
  it('returns the only value of a single-value sample and NaN for an empty one', () => {
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
  it.each(goldens)('agrees with numpy to the last bit (%#)', (xs, q, expected) => {
    expect(quantileSorted(xs, q)).toBe(expected);
  });
});
