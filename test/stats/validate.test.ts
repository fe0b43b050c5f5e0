import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StatsError } from '../../src/errors.js';
import {
  checkAlternative,
  checkConfidenceLevel,
  checkNanPolicy,
  cleanSample,
  mean,
  requireSize,
  sum,
  variance,
} from '../../src/stats/validate.js';

/** The StatsError a call throws (fails the test if it throws nothing or something else). */
function thrown(fn: () => unknown): StatsError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StatsError);
    return err as StatsError;
  }
  return expect.fail('expected a StatsError');
}

describe('cleanSample', () => {
  test('copies a typed array to a plain number array', () => {
    const out = cleanSample('f', 'x', Float64Array.of(1, 2.5));
    expect(out).toEqual([1, 2.5]);
    expect(Array.isArray(out)).toBe(true);
  });
  test('NaN raises by default, naming the function, the sample, the index and the remedy', () => {
    expect(thrown(() => cleanSample('ttestInd', 'a', [1, NaN])).message).toBe(
      "ttestInd found NaN at a[1]; remove missing values or pass nanPolicy: 'omit'",
    );
  });
  test("nanPolicy 'omit' drops NaN and keeps the order", () => expect(cleanSample('f', 'x', [3, NaN, 1, NaN], 'omit')).toEqual([3, 1]));
  test('infinities are refused under either policy', () => {
    expect(thrown(() => cleanSample('f', 'b', [1, -Infinity], 'omit')).message).toBe(
      'f found -Infinity at b[1]; only finite values can be tested',
    );
  });
  test('a non-number element is refused with its type', () => {
    const x = [1, '2'] as unknown as number[];
    expect(thrown(() => cleanSample('f', 'x', x)).message).toBe('f expects numbers, but x[1] is string');
  });
  test('something that is not array-like is refused', () => {
    expect(thrown(() => cleanSample('f', 'x', undefined as unknown as number[])).message).toBe('f expects an array of numbers for x');
    expect(thrown(() => cleanSample('f', 'x', 5 as unknown as number[])).message).toBe('f expects an array of numbers for x');
  });
  test('fuzz: under omit, the result is the input without NaN; under raise, that or a StatsError', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noDefaultInfinity: true }), fc.constant(NaN))), (x) => {
        const kept = x.filter((v) => !Number.isNaN(v));
        expect(cleanSample('f', 'x', x, 'omit')).toEqual(kept);
        if (kept.length === x.length) expect(cleanSample('f', 'x', x)).toEqual(x);
        else expect(() => cleanSample('f', 'x', x)).toThrow(StatsError);
      }),
    );
  });
});

describe('requireSize', () => {
  test('passes at the minimum', () => expect(() => requireSize('f', 'a', [1, 2], 2)).not.toThrow());
  test('below it says how many were given and where', () => {
    expect(thrown(() => requireSize('ttestInd', 'b', [1], 2)).message).toBe(
      'ttestInd requires at least 2 values in each sample (got 1 in b)',
    );
    expect(thrown(() => requireSize('f', 'a', [], 1)).message).toBe('f requires at least 1 value in each sample (got 0 in a)');
  });
});

describe('option checks', () => {
  test('alternative defaults to two-sided and accepts each of the three', () => {
    expect(checkAlternative('f', undefined)).toBe('two-sided');
    for (const a of ['two-sided', 'less', 'greater']) expect(checkAlternative('f', a)).toBe(a);
  });
  test("scipy's and R's spellings of two-sided get a hint", () => {
    for (const a of ['two_sided', 'two.sided']) {
      expect(thrown(() => checkAlternative('f', a)).message).toBe(
        `f: unknown alternative "${a}" (did you mean 'two-sided'?); use one of 'two-sided', 'less', 'greater'`,
      );
    }
  });
  test('nanPolicy defaults to raise; anything but raise or omit is refused', () => {
    expect(checkNanPolicy('f', undefined)).toBe('raise');
    expect(checkNanPolicy('f', 'omit')).toBe('omit');
    expect(thrown(() => checkNanPolicy('f', 'propagate')).message).toBe(`f: unknown nanPolicy "propagate"; use 'raise' or 'omit'`);
  });
  test('confidenceLevel defaults to 0.95 and must lie strictly inside (0, 1)', () => {
    expect(checkConfidenceLevel('f', undefined)).toBe(0.95);
    expect(checkConfidenceLevel('f', 0.9)).toBe(0.9);
    for (const bad of [0, 1, 95, NaN]) {
      expect(thrown(() => checkConfidenceLevel('f', bad)).message).toBe(
        `f: confidenceLevel must be a number strictly between 0 and 1 (got ${bad})`,
      );
    }
    expect(thrown(() => checkConfidenceLevel('f', '0.9')).message).toBe(
      'f: confidenceLevel must be a number strictly between 0 and 1 (got "0.9")',
    );
  });
});

describe('compensated sums', () => {
  test('sum keeps what naive addition loses', () => {
    // Naively 1e16 + 1 = 1e16, so the 1 would vanish.
    expect(1e16 + 1 - 1e16).toBe(0);
    expect(sum([1e16, 1, -1e16])).toBe(1);
  });
  test('mean and variance', () => {
    expect(mean([1, 2, 3, 4])).toBe(10 / 4);
    // Deviations from 2.5: ±1.5, ±0.5 → squares 2.25 + 0.25 + 0.25 + 2.25 = 5.
    expect(variance([1, 2, 3, 4])).toBe(5 / 3);
    expect(variance([1, 2, 3, 4], 0)).toBe(5 / 4);
  });
  test('variance does not lose a small spread on a large offset', () => {
    // Same deviations as [1, 2, 3, 4]: a one-pass sum of squares would cancel catastrophically.
    expect(variance([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4])).toBe(5 / 3);
  });
  test('fuzz: the sum of safe integers is exact', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { maxLength: 100 }), (x) => {
        expect(sum(x)).toBe(x.reduce((a, b) => a + b, 0));
      }),
    );
  });
});
