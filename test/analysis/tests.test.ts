import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import {
  DEFAULT_TEST,
  REPORT_TESTS,
  TEST_LIST,
  defaultTest,
  figuresOf,
  reportTests,
  testOfField,
  testsFor,
  testsOf,
} from '../../src/analysis/tests.js';
import { UsageError } from '../../src/errors.js';
import { mannWhitneyU, ttestInd, ttestRel, wilcoxon } from '../../src/stats/index.js';
import { results } from '../helpers/report-model.js';

const a = Float64Array.from([0.84, 0.85, 0.83, 0.86, 0.84, 0.85]);
const b = Float64Array.from([0.8, 0.82, 0.81, 0.79, 0.83, 0.8, 0.81]);
const opts = { alternative: 'greater' as const, confidenceLevel: 0.95 };

describe('the report-test registry', () => {
  it('names each test as the CLI does, in results.json order, with the default among them', () => {
    expect(Object.keys(REPORT_TESTS)).toEqual(['student', 'welch', 'mann-whitney', 'paired-t', 'wilcoxon']);
    expect(TEST_LIST.map((t) => t.name)).toEqual(['student', 'welch', 'mann-whitney', 'paired-t', 'wilcoxon']);
    expect(TEST_LIST.map((t) => t.field)).toEqual(['student', 'welch', 'mannWhitney', 'paired', 'wilcoxon']);
    expect(reportTests.has(DEFAULT_TEST)).toBe(true);
  });

  it('fills each Comparison field with exactly what src/stats computes', () => {
    const welch = ttestInd(a, b, { equalVar: false, ...opts });
    const student = ttestInd(a, b, { equalVar: true, ...opts });
    const mw = mannWhitneyU(a, b, { alternative: 'greater' });
    expect(REPORT_TESTS.welch.run({ a, b }, opts, defaultEngine)).toEqual({
      statistic: welch.statistic,
      pvalue: welch.pvalue,
      df: welch.df,
      ci: welch.ci,
    });
    expect(REPORT_TESTS.student.run({ a, b }, opts, defaultEngine)).toEqual({
      statistic: student.statistic,
      pvalue: student.pvalue,
      df: student.df,
      ci: student.ci,
    });
    expect(REPORT_TESTS['mann-whitney'].run({ a, b }, opts, defaultEngine)).toEqual({
      statistic: mw.statistic,
      pvalue: mw.pvalue,
      rankBiserial: mw.rankBiserial,
    });
  });

  it('gives each field a test, and each test its field of a comparison', () => {
    const c = results.comparisons[0];
    for (const t of TEST_LIST) expect(testOfField(t.field)).toBe(t);
    // An unpaired comparison carries the independent tests only; the paired ones read as NaN.
    expect(testsOf(c).map((t) => t.name)).toEqual(['student', 'welch', 'mann-whitney']);
    for (const t of testsOf(c)) expect(figuresOf(c, t.field)).toBe(c[t.field]);
    expect(figuresOf(c, 'paired').pvalue).toBeNaN();
  });

  it('resolves names, refusing unknown ones with the list and a near-miss hint', () => {
    expect(reportTests.get('mann-whitney')).toBe(REPORT_TESTS['mann-whitney']);
    expect(() => reportTests.get('welsh')).toThrowError(
      new UsageError('unknown test "welsh" (did you mean "welch"?); valid: student, welch, mann-whitney, paired-t, wilcoxon'),
    );
  });

  it('marks every test as one of two kinds, for independent or matched samples', () => {
    expect(TEST_LIST.map((t) => [t.name, t.kind, t.samples])).toEqual([
      ['student', 'parametric', 'independent'],
      ['welch', 'parametric', 'independent'],
      ['mann-whitney', 'rank', 'independent'],
      ['paired-t', 'parametric', 'paired'],
      ['wilcoxon', 'rank', 'paired'],
    ]);
    expect(testsFor(false).map((t) => t.name)).toEqual(['student', 'welch', 'mann-whitney']);
    expect(defaultTest(true)).toBe('paired-t');
    expect(defaultTest(false)).toBe('welch');
  });

  it('runs the paired tests on the matched values only, as scipy ttest_rel and wilcoxon', () => {
    const m = { a: Float64Array.from([0.84, 0.85, 0.83, 0.86, 0.84, 0.85]), b: Float64Array.from([0.8, 0.82, 0.81, 0.79, 0.83, 0.8]) };
    expect(REPORT_TESTS['paired-t'].run({ a, b }, opts, defaultEngine)).toBeUndefined();
    expect(REPORT_TESTS.wilcoxon.run({ a, b }, opts, defaultEngine)).toBeUndefined();
    const t = ttestRel(m.a, m.b, opts);
    expect(REPORT_TESTS['paired-t'].run({ a, b, matched: m }, opts, defaultEngine)).toEqual({
      statistic: t.statistic,
      pvalue: t.pvalue,
      df: t.df,
      ci: t.ci,
      n: 6,
    });
    const w = wilcoxon(m.a, m.b, { alternative: 'greater' });
    expect(REPORT_TESTS.wilcoxon.run({ a, b, matched: m }, opts, defaultEngine)).toEqual({ statistic: w.statistic, pvalue: w.pvalue });
    // Every difference 0: scipy raises; the report shows an undefined p.
    expect(REPORT_TESTS.wilcoxon.run({ a, b, matched: { a: m.a, b: m.a } }, opts, defaultEngine)?.pvalue).toBeNaN();
    expect(
      REPORT_TESTS['paired-t'].run({ a, b, matched: { a: m.a.slice(0, 1), b: m.b.slice(0, 1) } }, opts, defaultEngine)?.pvalue,
    ).toBeNaN();
  });
});

describe('reportTests.get (user input from --test)', () => {
  it('returns an entry for a registered name and a UsageError for any other string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...Object.keys(REPORT_TESTS))), (name) => {
        if (Object.hasOwn(REPORT_TESTS, name)) expect(reportTests.get(name).name).toBe(name);
        else expect(() => reportTests.get(name)).toThrow(UsageError);
      }),
    );
  });
});
