/**
 * The result of an analysis: what `compare` produces and what render/report consume.
 * `ResultsJson` is the stable, documented JSON schema (`results.json`, `--json`); non-finite
 * numbers are written as null. `ReportModel` adds what charts need (per-group box statistics,
 * outliers and, for small groups, the individual values), still plain data with no I/O.
 */
import type { Alternative, Goal } from '../domain/metric.js';

export type Interval = readonly [number, number];

export interface GroupSummary {
  readonly name: string;
  /** Runs used in the tests (finished, metric present). */
  readonly n: number;
  /** max, or min with goal minimize. */
  readonly best: number;
  readonly mean: number;
  readonly sd: number;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  /** Rows dropped because the metric was empty, non-numeric or NaN. */
  readonly dropped: number;
  /** Rows left out because their state was failed/crashed/killed/running (and the like). */
  readonly failed: number;
  /**
   * True when the group has no usable run (only failed runs, or no metric): it is listed in the
   * runs table but kept out of the comparisons, the best table and the charts.
   */
  readonly empty?: boolean;
  /** With `--group A,B`: the group's value of each column, in column order (`{A: "a", B: "b"}`). */
  readonly keys?: Readonly<Record<string, string>>;
  /** The group's best run (by the goal): its id and name where the input has them, and its hyperparameters. */
  readonly bestRun?: BestRun;
}

/** The run behind a group's `best`. */
export interface BestRun {
  readonly id?: string;
  readonly name?: string;
  /** Its hyperparameters (config/params columns), as read from the input. */
  readonly params: Readonly<Record<string, string | number | boolean | null>>;
}

/** A t-test's figures in a comparison. */
export interface TestResult {
  readonly statistic: number;
  readonly pvalue: number;
  readonly pvalueAdjusted: number;
  readonly df: number;
  readonly ci: Interval;
}

/** A rank test's figures in a comparison (no df, no interval; the rank-biserial effect size). */
export interface RankTestResult {
  readonly statistic: number;
  readonly pvalue: number;
  readonly pvalueAdjusted: number;
  readonly rankBiserial: number;
}

/**
 * One field per report test (src/analysis/tests.ts), under its JSON name. A new test adds its
 * field here and one entry to the registry; the compiler then asks for the rest.
 */
export interface ComparisonTests {
  readonly student: TestResult;
  readonly welch: TestResult;
  readonly mannWhitney: RankTestResult;
  /** Paired t-test over the matched keys (`--pair-by`); absent without pairing. */
  readonly paired?: PairedTestResult;
  /** Wilcoxon signed-rank test over the matched keys (`--pair-by`); absent without pairing. */
  readonly wilcoxon?: SignedRankResult;
}

/** The paired t-test's figures: n matched keys, df = n − 1, ci of mean(a − b) (R's paired t.test). */
export interface PairedTestResult extends TestResult {
  readonly n: number;
}

/** The Wilcoxon signed-rank test's figures (scipy.stats.wilcoxon with its defaults). */
export interface SignedRankResult {
  readonly statistic: number;
  readonly pvalue: number;
  readonly pvalueAdjusted: number;
}

/** How runs were matched across groups (`--pair-by`), as results.json's `design`. */
export interface DesignJson {
  /** The key columns. */
  readonly pairBy: readonly string[];
  /** Distinct complete keys over all groups. */
  readonly keys: number;
  /** Runs averaged with at least one other run of the same group and key (replicates). */
  readonly replicatesAveraged: number;
  /** Runs in no matched pair of any comparison (missing key, or a key no compared group shares). */
  readonly dropped: number;
}

/** The key of a test's figures in a Comparison (and the value of `headlineTest` in results.json). */
export type TestField = keyof ComparisonTests;

/** Any test's figures, read generically: df and ci for t-tests, rankBiserial for rank tests. */
export interface TestFigures {
  readonly statistic: number;
  readonly pvalue: number;
  readonly pvalueAdjusted: number;
  /** Matched keys (paired tests). */
  readonly n?: number;
  readonly df?: number;
  readonly ci?: Interval;
  readonly rankBiserial?: number;
}

export interface Comparison extends ComparisonTests {
  /** The group tested (H1 with `greater`: a > b). */
  readonly a: string;
  /** The baseline (or the second group of a pair). */
  readonly b: string;
  readonly nA: number;
  readonly nB: number;
  readonly hedgesG: { readonly value: number; readonly ci: Interval };
  /** Cohen's d_z of the matched differences with its interval; with `--pair-by` only. */
  readonly dz?: { readonly value: number; readonly ci: Interval };
  readonly probabilityOfImprovement: { readonly value: number; readonly ci: Interval };
  /** Which test the verdict uses ('welch' by default): the same for every comparison of a report. */
  readonly headlineTest: TestField;
  readonly significant: boolean;
  /** One plain sentence of what the result means. */
  readonly sentence: string;
}

export interface ExpectedMaxPoint {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

export interface ResultsJson {
  readonly metric: string;
  readonly group: string;
  readonly goal: Goal;
  readonly alternative: Alternative;
  readonly alpha: number;
  readonly adjust: 'holm' | 'bh' | 'bonferroni' | 'by' | 'none';
  readonly baseline?: string;
  /** Each `--where` applied before grouping, as `column op value`, in order ([] when none). */
  readonly filters?: readonly string[];
  /** Each `--derive`, as `new, columns from source` (absent when none). */
  readonly derived?: readonly string[];
  /** The paired/blocked design (`--pair-by`); absent when the groups are independent samples. */
  readonly design?: DesignJson;
  readonly groups: readonly GroupSummary[];
  /** The headline comparison first (chosen once, by compareGroups), then the others in pair order. */
  readonly comparisons: readonly Comparison[];
  readonly expectedMax: Readonly<Record<string, readonly ExpectedMaxPoint[]>>;
  /** Best of each group at the smallest group's N (expected max), so unequal sweeps compare fairly. */
  readonly budgetMatched?: {
    readonly n: number;
    readonly groups: readonly { readonly name: string; readonly expectedBest: number; readonly sd: number }[];
  };
  readonly warnings: readonly string[];
}

/** Per-group data for charts: Tukey box (1.5·IQR whiskers, as pandas draws them) plus points. */
export interface GroupBox {
  readonly name: string;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly whiskerLow: number;
  readonly whiskerHigh: number;
  readonly outliers: readonly number[];
  /** All values when the group is small enough to draw as jittered points, else omitted. */
  readonly values?: readonly number[];
}

export interface ReportModel {
  readonly title: string;
  readonly results: ResultsJson;
  readonly boxes: readonly GroupBox[];
  /** Provenance embedded in the report. */
  readonly meta: {
    readonly command: string;
    readonly options: Readonly<Record<string, unknown>>;
    readonly kdlabVersion: string;
    readonly input: { readonly path: string; readonly sha256: string; readonly rows: number };
    readonly createdAt: string;
  };
  /** The runs used, as rows (embedded as JSON in the HTML). */
  readonly runs: readonly Readonly<Record<string, string | number | boolean | null>>[];
  /** Present for `kdlab rerun` reports: how optimistic each sweep's best was, and the re-run comparisons. */
  readonly winnersCurse?: WinnersCurseSection;
  /** Counts by state and dropped rows, for the data-quality section. */
  readonly cleaning: { readonly byState: Readonly<Record<string, number>>; readonly duplicateIds: readonly string[] };
  /** Pairing found in the data: a hint ("these runs look paired by seed: --pair-by seed"), or what `--pair-by auto` chose. */
  readonly pairing?: PairingNote;
  /** What the header says about the setup: an experiment's description, the program a sweep ran. */
  readonly about?: {
    readonly description?: string;
    readonly program?: string;
    readonly command?: string;
    /** The distinct `teacher/test/accuracy` values of the runs used (one when they share a teacher). */
    readonly teacherAccuracy?: readonly number[];
  };
}

/** A pairing key detected in the data (detect-pairing.ts). */
export interface PairingNote {
  /** The key columns. */
  readonly columns: readonly string[];
  /** `suggested`: not used, the report only hints at it; `auto`: used, chosen by `--pair-by auto`. */
  readonly use: 'suggested' | 'auto';
  /** The flag that selects it, e.g. `--pair-by seed`. */
  readonly flag: string;
  /** One line for the terminal and the HTML. */
  readonly message: string;
}

/**
 * The winner's-curse section (`kdlab rerun`): each sweep's top configurations as selected, their
 * re-runs on fresh seeds, the optimism (selected − re-run mean, sign flipped when minimizing, so
 * positive = the sweep overstated it) with a t-interval, and comparisons between sweeps on the
 * re-runs (paired t-test over shared seeds, or Welch). Non-finite numbers are written as null.
 */
export interface WinnersCurseSection {
  readonly metric: string;
  readonly goal: Goal;
  readonly top: number;
  readonly seeds: readonly number[];
  readonly alternative: Alternative;
  readonly alpha: number;
  readonly adjust: string;
  readonly sweeps: readonly {
    readonly sweep: string;
    readonly rerunSweep: string;
    readonly rank: number;
    readonly params: Readonly<Record<string, string | number | boolean | null>>;
    readonly selected: number;
    readonly rerunMean: number;
    readonly rerunSd: number;
    readonly n: number;
    readonly optimism: number;
    readonly optimismCi: Interval;
  }[];
  readonly comparisons: readonly RerunComparison[];
}

/** A comparison of two sweeps on their re-runs (winner's-curse section). */
export interface RerunComparison {
  readonly a: string;
  readonly b: string;
  /** `paired`: ttestRel over re-runs matched by (rank, seed); `welch`: ttestInd with unequal variances. */
  readonly test: 'paired' | 'welch';
  readonly nA: number;
  readonly nB: number;
  readonly statistic: number;
  readonly pvalue: number;
  readonly pvalueAdjusted: number;
  readonly df: number;
  readonly ci: Interval;
  readonly meanDifference: number;
  readonly significant: boolean;
  readonly sentence: string;
}
