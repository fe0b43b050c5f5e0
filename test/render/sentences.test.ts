import { describe, expect, test } from 'vitest';
import { formatP } from '../../src/render/format.js';
import { formatTTest, rerunSentence, verdictSentence } from '../../src/render/sentences.js';
import { ttestInd } from '../../src/stats/ttest-ind.js';

describe('verdictSentence', () => {
  const o = { metric: 'psnr', alternative: 'two-sided' as const, alpha: 0.05, adjust: 'none' as const, nComparisons: 1 };
  test('two-sided wording and an undefined p', () => {
    expect(verdictSentence({ a: 'x', b: 'y', headlineTest: 'student', significant: true }, 0.001, o)).toBe(
      'x differs in psnr from y (Student, two-sided, p = 0.001 < 0.05)',
    );
    expect(verdictSentence({ a: 'x', b: 'y', headlineTest: 'welch', significant: false }, NaN, o)).toMatch(/cannot be compared/);
    expect(verdictSentence({ a: 'x', b: 'y', headlineTest: 'paired', significant: false }, NaN, o)).toMatch(/fewer than 2 matched keys/);
  });
  test('the p-value reads as the tables print it, with the adjustment named', () => {
    const p = 0.0001187;
    const line = verdictSentence({ a: 'x', b: 'y', headlineTest: 'paired', significant: true }, p, {
      ...o,
      metric: 'eval/accuracy',
      alternative: 'greater',
      adjust: 'holm',
      nComparisons: 6,
    });
    expect(line).toBe(`x is more accurate than y (paired t, one-sided, Holm-adjusted p = ${formatP(p)} < 0.05)`);
    expect(line).toContain('= 0.00012 <');
  });
  test('a bound is never written "= < 1e-16"', () => {
    const line = verdictSentence({ a: 'x', b: 'y', headlineTest: 'welch', significant: true }, 0, o);
    expect(line).toContain('p < 1e-16 < 0.05');
    expect(line).not.toContain('= <');
  });
});

describe('rerunSentence', () => {
  test('names the test, the adjustment and the sides', () => {
    const opts = { metric: 'eval/accuracy', alternative: 'greater' as const, alpha: 0.05, adjust: 'holm' as const, nComparisons: 2 };
    expect(rerunSentence({ a: 'kd', b: 'ce', test: 'paired', pvalueAdjusted: 0.0042, significant: true }, opts)).toBe(
      'On fresh seeds, kd is higher in eval/accuracy than ce (paired t-test over shared seeds, one-sided, Holm-adjusted p = 0.0042 < 0.05).',
    );
    expect(rerunSentence({ a: 'kd', b: 'ce', test: 'welch', pvalueAdjusted: 0.3, significant: false }, { ...opts, nComparisons: 1 })).toBe(
      'On fresh seeds, kd is not shown to be higher in eval/accuracy than ce (Welch, one-sided, p = 0.3 ≥ 0.05).',
    );
  });
});

describe('formatTTest', () => {
  const a = [0.81, 0.83, 0.85, 0.84];
  const b = [0.8, 0.79, 0.82, 0.78, 0.8];
  test("Welch's two-sided line, scipy's vocabulary, a four-digit p", () => {
    const r = ttestInd(a, b, { equalVar: false });
    expect(formatTTest(r, { a: 'kd', b: 'ce' })).toBe(
      `Welch's t-test (two-sided): statistic=${r.statistic.toFixed(4)}, pvalue=${Number(r.pvalue.toPrecision(4))}, df=${r.df.toFixed(2)}, ` +
        `95% CI [${r.ci[0].toFixed(4)}, ${r.ci[1].toFixed(4)}] for mean(kd) − mean(ce)`,
    );
  });
  test("Student's one-sided line with an infinite end", () => {
    const line = formatTTest(ttestInd(a, b, { alternative: 'greater' }), { a: 'kd', b: 'ce' });
    expect(line).toMatch(
      /^Student's t-test \(greater\): statistic=\d\.\d{4}, pvalue=0\.\d+, df=7, 95% CI \[0\.\d{4}, ∞\] for mean\(kd\) − mean\(ce\)$/,
    );
  });
  test('an undefined test says why', () => {
    expect(formatTTest(ttestInd([1, 1], [1, 1]), { a: 'x', b: 'y' })).toMatch(
      /statistic=nan, pvalue=nan.*\(both samples have zero variance/,
    );
  });
});
