/**
 * The registry of report tests: every hypothesis test `kdlab report` runs on a pair of groups. The
 * CLI's `--test` choices, compareGroups, the terminal, HTML, Markdown and JSON all read it, so a new
 * test is one file (its statistic in src/stats) plus one entry here and its field in
 * `ComparisonTests` (model.ts); a missed entry is a type error.
 *
 * A test takes a `SamplePair`. Independent tests read `a` and `b`; a paired test (`samples:
 * 'paired'`) reads `matched`, the values matched key for key (`--pair-by`, pair.ts). Without
 * matched values (no pairing) a paired test is left out of the comparison: its ComparisonTests
 * field is optional and `run` returns undefined.
 */
import type { Alternative } from '../domain/metric.js';
import { createRegistry } from '../util/registry.js';
import type { StatsEngine } from './compare.js';
import type { ComparisonTests, TestField, TestFigures } from './model.js';

/** A test as named on the command line (`--test`). */
export type TestName = 'student' | 'welch' | 'mann-whitney' | 'paired-t' | 'wilcoxon';

export interface SamplePair {
  /** Group a's values, ascending. */
  readonly a: Float64Array;
  /** Group b's values, ascending. */
  readonly b: Float64Array;
  /** Values matched key for key (a[i] with b[i]) with `--pair-by`; paired tests need it. */
  readonly matched?: { readonly a: Float64Array; readonly b: Float64Array };
}

export interface TestRunOptions {
  readonly alternative: Alternative;
  readonly confidenceLevel: number;
}

export interface ReportTest {
  /** As on the command line. */
  readonly name: TestName;
  /** The Comparison field its figures fill (and `headlineTest` in results.json). */
  readonly field: TestField;
  /** For headings and tables: "Welch's t-test". */
  readonly label: string;
  /** In verdict sentences: "(Welch, one-sided, p = …)". */
  readonly short: string;
  /** The statistic as the terminal names it: "Welch's t". */
  readonly statisticLabel: string;
  /** Its symbol in tables: "t = 2.1", "U = 103", "W = 12". */
  readonly symbol: 't' | 'U' | 'W';
  /** What it assumes, for the report's test table. */
  readonly assumption: string;
  /** The same in a few words, for the terminal. */
  readonly assumptionBrief: string;
  /** The terminal shows the other kind's figures beside the headline test's. */
  readonly kind: 'parametric' | 'rank';
  readonly samples: 'independent' | 'paired';
  /** The test's figures, before adjustment across comparisons; undefined for a paired test without matched values. */
  run(pair: SamplePair, opts: TestRunOptions, engine: StatsEngine): Omit<TestFigures, 'pvalueAdjusted'> | undefined;
}

const NAN_CI = [NaN, NaN] as const;

const tTest = (equalVar: boolean) => (pair: SamplePair, opts: TestRunOptions, engine: StatsEngine) => {
  const r = engine.ttestInd(pair.a, pair.b, { equalVar, alternative: opts.alternative, confidenceLevel: opts.confidenceLevel });
  return { statistic: r.statistic, pvalue: r.pvalue, df: r.df, ci: r.ci };
};

/** In results.json's key order (student, welch, mannWhitney). */
export const REPORT_TESTS = {
  student: {
    name: 'student',
    field: 'student',
    label: "Student's t-test",
    short: 'Student',
    statisticLabel: "Student's t",
    symbol: 't',
    assumption: 'equal variances (pooled)',
    assumptionBrief: 'equal variances',
    kind: 'parametric',
    samples: 'independent',
    run: tTest(true),
  },
  welch: {
    name: 'welch',
    field: 'welch',
    label: "Welch's t-test",
    short: 'Welch',
    statisticLabel: "Welch's t",
    symbol: 't',
    assumption: 'unequal variances',
    assumptionBrief: 'unequal variances',
    kind: 'parametric',
    samples: 'independent',
    run: tTest(false),
  },
  'mann-whitney': {
    name: 'mann-whitney',
    field: 'mannWhitney',
    label: 'Mann–Whitney U',
    short: 'Mann–Whitney',
    statisticLabel: 'Mann–Whitney U',
    symbol: 'U',
    assumption: 'rank-based, no normality assumed',
    assumptionBrief: 'rank-based',
    kind: 'rank',
    samples: 'independent',
    run: (pair, opts, engine) => {
      const r = engine.mannWhitneyU(pair.a, pair.b, { alternative: opts.alternative });
      return { statistic: r.statistic, pvalue: r.pvalue, rankBiserial: r.rankBiserial };
    },
  },
  'paired-t': {
    name: 'paired-t',
    field: 'paired',
    label: 'paired t-test',
    short: 'paired t',
    statisticLabel: 'paired t',
    symbol: 't',
    assumption: 'runs matched by key (--pair-by); normal differences',
    assumptionBrief: 'matched keys',
    kind: 'parametric',
    samples: 'paired',
    run: (pair, opts, engine) => {
      const m = pair.matched;
      if (!m) return undefined;
      // One thin comparison must not stop a report: fewer than 2 keys gives NaN figures, not an error.
      if (m.a.length < 2) return { statistic: NaN, pvalue: NaN, df: NaN, ci: NAN_CI, n: m.a.length };
      const r = engine.ttestRel(m.a, m.b, { alternative: opts.alternative, confidenceLevel: opts.confidenceLevel });
      return { statistic: r.statistic, pvalue: r.pvalue, df: r.df, ci: r.ci, n: m.a.length };
    },
  },
  wilcoxon: {
    name: 'wilcoxon',
    field: 'wilcoxon',
    label: 'Wilcoxon signed-rank test',
    short: 'Wilcoxon',
    statisticLabel: 'Wilcoxon W',
    symbol: 'W',
    assumption: 'runs matched by key (--pair-by); rank-based',
    assumptionBrief: 'matched keys, rank-based',
    kind: 'rank',
    samples: 'paired',
    run: (pair, opts, engine) => {
      const m = pair.matched;
      if (!m) return undefined;
      // scipy raises when every difference is 0; a report shows an undefined p instead.
      if (m.a.length < 1 || m.a.every((v, i) => v - m.b[i] === 0)) return { statistic: NaN, pvalue: NaN };
      const r = engine.wilcoxon(m.a, m.b, { alternative: opts.alternative });
      return { statistic: r.statistic, pvalue: r.pvalue };
    },
  },
} as const satisfies { readonly [N in TestName]: ReportTest & { readonly name: N } };

// Every Comparison field has a test that fills it.
type Unfilled = Exclude<TestField, (typeof REPORT_TESTS)[TestName]['field']>;
const everyFieldFilled: Unfilled extends never ? true : never = true;
void everyFieldFilled;

/** `reportTests.get('welch')`; an unknown name is a UsageError listing the names, with a near-miss hint. */
export const reportTests = createRegistry<ReportTest>('test', REPORT_TESTS);

/** The default headline test. */
export const DEFAULT_TEST: TestName = 'welch';

/** Every test, in results.json's order. */
export const TEST_LIST: readonly ReportTest[] = Object.values(REPORT_TESTS);

/** The test whose figures sit in `field` of a Comparison (as results.json's `headlineTest` names it). */
export function testOfField(field: TestField): ReportTest {
  return TEST_LIST.find((t) => t.field === field)!;
}

const ABSENT: TestFigures = { statistic: NaN, pvalue: NaN, pvalueAdjusted: NaN };

/**
 * A comparison's figures for one test, read generically. A paired test of an unpaired report has
 * none: NaN figures then (list a comparison's tests with `testsOf`, which leaves it out).
 */
export function figuresOf(c: ComparisonTests, field: TestField): TestFigures {
  return c[field] ?? ABSENT;
}

/** The tests a comparison carries figures for, in registry order. */
export function testsOf(c: ComparisonTests): readonly ReportTest[] {
  return TEST_LIST.filter((t) => c[t.field] !== undefined);
}

/** The tests a report runs: the independent ones, and the paired ones when runs are matched. */
export function testsFor(paired: boolean): readonly ReportTest[] {
  return paired ? TEST_LIST : TEST_LIST.filter((t) => t.samples === 'independent');
}

/** The verdict test when `--test` is not given: the paired t-test with `--pair-by`, else Welch. */
export function defaultTest(paired: boolean): TestName {
  return paired ? 'paired-t' : DEFAULT_TEST;
}
