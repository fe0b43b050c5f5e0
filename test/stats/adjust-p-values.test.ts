import { describe, expect, test } from 'vitest';
import { adjustPValues } from '../../src/stats/adjust-p-values.js';
import { expectClose, loadGolden } from './golden.js';

const r = loadGolden('r');

describe('adjustPValues matches R p.adjust (rtol 1e-9)', () => {
  (r.pAdjust as { p: (number | null)[]; method: string; adjusted: (number | null)[] }[]).forEach((c, k) => {
    test(`#${k} ${c.method} (m = ${c.p.length})`, () => {
      const p = c.p.map((v) => (v === null ? NaN : v));
      const got = adjustPValues(p, c.method);
      expect(got).toHaveLength(p.length);
      c.adjusted.forEach((e, i) => expectClose(got[i], e === null ? NaN : e, `[${i}]`));
    });
  });
});

describe('adjustPValues contract', () => {
  test('JSDoc example', () => {
    expect(adjustPValues([0.01, 0.02, 0.03, 0.04], 'holm')).toEqual([0.04, 0.06, 0.06, 0.06]);
  });
  test('aliases and case follow R', () => {
    expect(adjustPValues([0.01, 0.04], 'BH')).toEqual(adjustPValues([0.01, 0.04], 'fdr'));
  });
  test('unknown method suggests a near miss', () => {
    expect(() => adjustPValues([0.1], 'hlom')).toThrow(/^adjustPValues: unknown method "hlom" \(did you mean 'holm'\?\)/);
  });
  test('p outside [0, 1] throws', () => {
    expect(() => adjustPValues([0.1, 1.2])).toThrow('adjustPValues: p[1] = 1.2 is not a probability in [0, 1]');
  });
});
