import { describe, expect, test } from 'vitest';
import { formatNumber, formatPValue, formatTTest } from '../../src/stats/format.js';
import { ttestInd } from '../../src/stats/ttest-ind.js';

describe('formatPValue', () => {
  test('4 significant digits, scientific below 1e-4, never "0"', () => {
    expect(formatPValue(0.020543)).toBe('0.02054');
    expect(formatPValue(0.5)).toBe('0.5');
    expect(formatPValue(3.2e-7)).toBe('3.20e-7');
    expect(formatPValue(1e-300)).toBe('< 1e-16');
    expect(formatPValue(0)).toBe('< 1e-16');
    expect(formatPValue(NaN)).toBe('nan');
  });
  test('numbers: 4 decimals, or 4 significant digits when tiny', () => {
    expect(formatNumber(0.00123456)).toBe('0.0012');
    expect(formatNumber(1.23456e-5)).toBe('0.00001235');
    expect(formatNumber(-Infinity)).toBe('-inf');
  });
});

describe('formatTTest', () => {
  const a = [0.81, 0.83, 0.85, 0.84];
  const b = [0.8, 0.79, 0.82, 0.78, 0.8];
  test("Welch's two-sided line, scipy's vocabulary", () => {
    const r = ttestInd(a, b, { equalVar: false });
    expect(formatTTest(r, { a: 'kd', b: 'ce' })).toBe(
      `Welch's t-test (two-sided): statistic=${r.statistic.toFixed(4)}, pvalue=${formatPValue(r.pvalue)}, df=${r.df.toFixed(2)}, ` +
        `95% CI [${r.ci[0].toFixed(4)}, ${r.ci[1].toFixed(4)}] for mean(kd) − mean(ce)`,
    );
  });
  test("Student's one-sided line with an infinite end", () => {
    const line = formatTTest(ttestInd(a, b, { alternative: 'greater' }), { a: 'kd', b: 'ce' });
    expect(line).toMatch(
      /^Student's t-test \(greater\): statistic=\d\.\d{4}, pvalue=0\.\d+, df=7, 95% CI \[0\.\d{4}, inf\] for mean\(kd\) − mean\(ce\)$/,
    );
  });
  test('an undefined test says why', () => {
    expect(formatTTest(ttestInd([1, 1], [1, 1]), { a: 'x', b: 'y' })).toMatch(
      /statistic=nan, pvalue=nan.*\(both samples have zero variance/,
    );
  });
});
