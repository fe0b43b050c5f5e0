import fc from 'fast-check';
import { describe, test } from 'vitest';
import { P_ADJUST_METHODS, adjustPValues } from '../../src/stats/adjust-p-values.js';
import { mannWhitneyU } from '../../src/stats/mann-whitney-u.js';
import { ttestInd } from '../../src/stats/ttest-ind.js';

// Dyadic values (multiples of 1/8) keep sums exact, so shifts by whole numbers are exact too.
const value = fc.integer({ min: -800, max: 800 }).map((v) => v / 8);
const sample = fc.array(value, { minLength: 2, maxLength: 25 });
const varied = sample.filter((x) => x.some((v) => v !== x[0]));
const pair = fc.tuple(varied, sample);
const shift = fc.integer({ min: -1000, max: 1000 });
const probability = fc.double({ min: 0, max: 1, noNaN: true });
const pvalues = fc.array(probability, { minLength: 1, maxLength: 40 });
const runs = { numRuns: 150, seed: 20240229 };
const near = (x: number, y: number, rtol = 1e-9): boolean => Math.abs(x - y) <= rtol * Math.max(Math.abs(x), Math.abs(y), 1e-300);

describe.each([
  [
    'ttestInd (Student)',
    (a: number[], b: number[], alternative: 'two-sided' | 'less' | 'greater') => ttestInd(a, b, { alternative }).pvalue,
  ],
  [
    'ttestInd (Welch)',
    (a: number[], b: number[], alternative: 'two-sided' | 'less' | 'greater') => ttestInd(a, b, { alternative, equalVar: false }).pvalue,
  ],
  [
    'mannWhitneyU (asymptotic)',
    (a: number[], b: number[], alternative: 'two-sided' | 'less' | 'greater') =>
      mannWhitneyU(a, b, { alternative, method: 'asymptotic' }).pvalue,
  ],
])('%s properties', (_name, pvalue) => {
  test('greater(a, b) = less(b, a)', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => near(pvalue(a, b, 'greater'), pvalue(b, a, 'less'))),
      runs,
    );
  });
  test('every p-value lies in [0, 1]', () => {
    fc.assert(
      fc.property(pair, ([a, b]) =>
        (['two-sided', 'less', 'greater'] as const).every((alt) => {
          const p = pvalue(a, b, alt);
          return p >= 0 && p <= 1;
        }),
      ),
      runs,
    );
  });
  test('two-sided = min(1, 2·min(one-sided))', () => {
    fc.assert(
      fc.property(pair, ([a, b]) =>
        near(pvalue(a, b, 'two-sided'), Math.min(1, 2 * Math.min(pvalue(a, b, 'less'), pvalue(a, b, 'greater')))),
      ),
      runs,
    );
  });
  // rtol 1e-6: adding c rounds the means at the scale of |c| (up to 1000), not of the data.
  test('shifting both samples by the same amount changes nothing', () => {
    fc.assert(
      fc.property(pair, shift, ([a, b], c) =>
        (['two-sided', 'less', 'greater'] as const).every((alt) =>
          near(
            pvalue(a, b, alt),
            pvalue(
              a.map((v) => v + c),
              b.map((v) => v + c),
              alt,
            ),
            1e-6,
          ),
        ),
      ),
      runs,
    );
  });
});

test('mannWhitneyU: the exact test is shift invariant to the last bit', () => {
  fc.assert(
    fc.property(fc.uniqueArray(value, { minLength: 2, maxLength: 12 }), fc.integer({ min: 1, max: 11 }), shift, (xy, cut, c) => {
      fc.pre(cut < xy.length);
      const a = xy.slice(0, cut),
        b = xy.slice(cut);
      return (
        mannWhitneyU(a, b, { method: 'exact' }).pvalue ===
        mannWhitneyU(
          a.map((v) => v + c),
          b.map((v) => v + c),
          { method: 'exact' },
        ).pvalue
      );
    }),
    runs,
  );
});

describe('adjustPValues properties', () => {
  test('Holm ≥ raw p (and every correction except none is ≥ raw, ≤ 1)', () => {
    fc.assert(
      fc.property(pvalues, (p) => P_ADJUST_METHODS.every((m) => adjustPValues(p, m).every((q, i) => q >= p[i] && q <= 1))),
      runs,
    );
  });
  test('adjusted p is monotone in raw p', () => {
    fc.assert(
      fc.property(pvalues, fc.constantFrom(...P_ADJUST_METHODS), (p, m) => {
        const q = adjustPValues(p, m);
        for (let i = 0; i < p.length; i++) for (let j = 0; j < p.length; j++) if (p[i] <= p[j] && q[i] > q[j]) return false;
        return true;
      }),
      runs,
    );
  });
  test('the result does not depend on the order of the input', () => {
    fc.assert(
      fc.property(pvalues, fc.constantFrom(...P_ADJUST_METHODS), (p, m) => {
        const order = p.map((_, i) => i).reverse();
        const q = adjustPValues(p, m);
        const qr = adjustPValues(
          order.map((i) => p[i]),
          m,
        );
        return order.every((i, k) => qr[k] === q[i]);
      }),
      runs,
    );
  });
});
