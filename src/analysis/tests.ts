/**
 * The registry of report tests: every hypothesis test `kdlab report` runs on a pair of groups. The
 * CLI's `--test` choices, compareGroups, the terminal, HTML, Markdown and JSON all read it, so a new
 * test is one file (its statistic in src/stats) plus one entry here and its field in
 * `ComparisonTests` (model.ts); a missed entry is a type error.
 *
 * A test takes a `SamplePair`. Independent tests read `a` and `b`; a paired test (`samples:
 * 'paired'`) reads `matched`, the values matched run for run (same seed). compareGroups runs only
 * independent tests today; the first paired test brings the matching of runs and leaves itself out
 * of comparisons without matched runs (its ComparisonTests field then optional).
 */
import type { Alternative } from '../domain/metric.js';
import { createRegistry } from '../util/registry.js';
import type { StatsEngine } from './compare.js';
import type { ComparisonTests, TestField, TestFigures } from './model.js';

/** A test as named on the command line (`--test`). */
export type TestName = 'student' | 'welch' | 'mann-whitney';

export interface SamplePair {
  /** Group a's values, ascending. */
  readonly a: Float64Array;
  /** Group b's values, ascending. */
  readonly b: Float64Array;
  /** Values matched run for run (a[i] with b[i]), when the groups share seeds; paired tests need it. */
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
  /** Its symbol in tables: "t = 2.1", "U = 103". */
  readonly symbol: 't' | 'U';
  /** What it assumes, for the report's test table. */
  readonly assumption: string;
  /** The same in a few words, for the terminal. */
  readonly assumptionBrief: string;
  /** The terminal shows the other kind's figures beside the headline test's. */
  readonly kind: 'parametric' | 'rank';
  readonly samples: 'independent' | 'paired';
  /** The test's figures, before adjustment across comparisons. */
  run(pair: SamplePair, opts: TestRunOptions, engine: StatsEngine): Omit<TestFigures, 'pvalueAdjusted'>;
}

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

/** A comparison's figures for one test, read generically. */
export function figuresOf(c: ComparisonTests, field: TestField): TestFigures {
  return c[field];
}
