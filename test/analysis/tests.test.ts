import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import { DEFAULT_TEST, REPORT_TESTS, TEST_LIST, figuresOf, reportTests, testOfField } from '../../src/analysis/tests.js';
import { UsageError } from '../../src/errors.js';
import { mannWhitneyU, ttestInd } from '../../src/stats/index.js';
import { results } from '../helpers/report-model.js';

const a = Float64Array.from([0.84, 0.85, 0.83, 0.86, 0.84, 0.85]);
const b = Float64Array.from([0.8, 0.82, 0.81, 0.79, 0.83, 0.8, 0.81]);
const opts = { alternative: 'greater' as const, confidenceLevel: 0.95 };

describe('the report-test registry', () => {
  it('names each test as the CLI does, in results.json order, with the default among them', () => {
    expect(Object.keys(REPORT_TESTS)).toEqual(['student', 'welch', 'mann-whitney']);
    expect(TEST_LIST.map((t) => t.name)).toEqual(['student', 'welch', 'mann-whitney']);
    expect(TEST_LIST.map((t) => t.field)).toEqual(['student', 'welch', 'mannWhitney']);
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
    const c = results.comparisons[0]!;
    for (const t of TEST_LIST) {
      expect(testOfField(t.field)).toBe(t);
      expect(figuresOf(c, t.field)).toBe(c[t.field]);
    }
  });

  it('resolves names, refusing unknown ones with the list and a near-miss hint', () => {
    expect(reportTests.get('mann-whitney')).toBe(REPORT_TESTS['mann-whitney']);
    expect(() => reportTests.get('welsh')).toThrowError(
      new UsageError('unknown test "welsh" (did you mean "welch"?); valid: student, welch, mann-whitney'),
    );
  });

  it('marks every test as one of two kinds, for independent samples', () => {
    expect(TEST_LIST.map((t) => [t.name, t.kind, t.samples])).toEqual([
      ['student', 'parametric', 'independent'],
      ['welch', 'parametric', 'independent'],
      ['mann-whitney', 'rank', 'independent'],
    ]);
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
