/**
 * Stage 4, compare (pure): sorted group samples → comparisons, expected best-of-N curves,
 * the budget-matched best, and warnings.
 *
 *   1. choose pairs: every group against `baseline`, or all pairs (higher-ranked group as `a`)
 *   2. per pair: every test of the registry (tests.ts: Student, Welch, Mann–Whitney), Hedges' g (CI),
 *      probability of improvement (bootstrap CI)
 *   3. adjust each test's p-values across the comparisons (Holm by default)
 *   4. verdict (on the chosen test) and one plain sentence per comparison; pick the headline — here
 *      only: it goes first in `comparisons`, and every reader (headlineComparison) takes it from there
 *   5. expected best-of-N per group (Dodge et al. 2019) and the best at the smallest group's N
 *
 * The statistics come in through `StatsEngine` so this stage stays a pure function of its inputs.
 */
import type { Alternative, Goal } from '../domain/metric.js';
import { UsageError } from '../errors.js';
import { messages } from '../log/messages.js';
import { nearMisses } from './detect.js';
import type { SampleGroup } from './group.js';
import type { Comparison, ComparisonTests, ExpectedMaxPoint, Interval, ResultsJson } from './model.js';
import { verdictSentence } from '../render/sentences.js';
import { pairGroups, type BlockedRuns } from './pair.js';
import { defaultTest, reportTests, testsFor, type ReportTest, type SamplePair, type TestName } from './tests.js';

/** `--pairs all` compares at most this many pairs unless `--max-comparisons` says otherwise. */
export const MAX_COMPARISONS = 1000;

export type AdjustMethod = ResultsJson['adjust'];
export const ADJUST_METHODS = ['holm', 'bh', 'bonferroni', 'by', 'none'] as const satisfies readonly AdjustMethod[];

/** Groups smaller than this get the few-runs warning. */
export const FEW_RUNS = 10;

export interface TTestLike {
  readonly statistic: number;
  readonly pvalue: number;
  readonly df: number;
  readonly ci: Interval;
}

/** The statistics a comparison needs; `defaultEngine` (stats-engine.ts) binds them to src/stats. */
export interface StatsEngine {
  ttestInd(a: Float64Array, b: Float64Array, opts: { equalVar: boolean; alternative: Alternative; confidenceLevel: number }): TTestLike;
  mannWhitneyU(
    a: Float64Array,
    b: Float64Array,
    opts: { alternative: Alternative },
  ): { statistic: number; pvalue: number; rankBiserial: number };
  hedgesG(a: Float64Array, b: Float64Array, opts: { confidenceLevel: number }): { value: number; ci: Interval };
  /** Paired t-test on a − b (scipy ttest_rel, R's paired interval); a and b matched, not sorted. */
  ttestRel(a: Float64Array, b: Float64Array, opts: { alternative: Alternative; confidenceLevel: number }): TTestLike;
  /** Wilcoxon signed-rank test on a − b with scipy's defaults (some difference non-zero). */
  wilcoxon(a: Float64Array, b: Float64Array, opts: { alternative: Alternative }): { statistic: number; pvalue: number };
  /** Cohen's d_z of a − b with its noncentral-t interval. */
  cohensDz(a: Float64Array, b: Float64Array, opts: { confidenceLevel: number }): { value: number; ci: Interval };
  /** P(X_a > X_b), ties half, with a seeded bootstrap CI. */
  probabilityOfImprovement(
    a: Float64Array,
    b: Float64Array,
    opts: { seed: number; confidenceLevel: number },
  ): { value: number; ci: Interval };
  adjustPValues(p: readonly number[], method: Exclude<AdjustMethod, 'none'>): number[];
  /** Expected maximum of n draws (with replacement) from the empirical distribution of `sorted` (ascending). */
  expectedMax(sorted: Float64Array, n: number): { mean: number; sd: number };
  /** expectedMax at each of `sizes` (one pass where it can). */
  expectedMaxCurve(sorted: Float64Array, sizes: readonly number[]): { mean: number; sd: number }[];
}

export interface CompareOptions {
  readonly metric: string;
  readonly goal: Goal;
  readonly alternative: Alternative;
  readonly alpha: number;
  readonly adjust: AdjustMethod;
  /** Compare every group with this one; without it, all pairs. */
  readonly baseline?: string;
  readonly pairs?: 'baseline' | 'all';
  /** The test behind every verdict (default: the paired t-test with `paired`, else Welch). */
  readonly headlineTest?: TestName;
  /** Runs matched across groups (`--pair-by`, pair.ts): the paired tests then run on the matched keys. */
  readonly paired?: BlockedRuns;
  /** `--pairs all` compares at most this many pairs (UsageError above it, before any test runs). */
  readonly maxComparisons?: number;
  /** Called as comparisons are computed (done, total), for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly confidenceLevel?: number;
  readonly seed?: number;
}

export interface CompareResult {
  /** The headline comparison first, then the others in pair order. */
  readonly comparisons: Comparison[];
  /** Index into `comparisons` of the headline comparison (0), or -1 when there is none. */
  readonly headline: number;
  readonly expectedMax: Record<string, ExpectedMaxPoint[]>;
  readonly budgetMatched?: ResultsJson['budgetMatched'];
  readonly warnings: string[];
}

export function compareGroups(groups: readonly SampleGroup[], opts: CompareOptions, engine: StatsEngine): CompareResult {
  const warnings: string[] = [];
  const confidenceLevel = opts.confidenceLevel ?? 0.95;
  const seed = opts.seed ?? 0;
  const paired = opts.paired !== undefined;
  const headlineTest = reportTests.get(opts.headlineTest ?? defaultTest(paired));
  if (headlineTest.samples === 'paired' && !paired)
    throw new UsageError(`--test ${headlineTest.name} compares matched runs: add --pair-by COL (e.g. --pair-by seed) or --pair-by auto`);
  const tests = testsFor(paired);
  const names = groups.map((g) => g.name);
  if (opts.baseline !== undefined && !names.includes(opts.baseline)) {
    const near = nearMisses(opts.baseline, names);
    throw new UsageError(
      `--baseline: no group ${JSON.stringify(opts.baseline)}; ${
        near.length
          ? `did you mean ${near.map((n) => JSON.stringify(n)).join(', ')}?`
          : `groups: ${names
              .slice(0, 20)
              .map((n) => JSON.stringify(n))
              .join(', ')}`
      }`,
    );
  }
  // One line each for empty and small groups, however many there are.
  const empty = groups.filter((g) => g.sorted.length === 0).map((g) => g.name);
  const few = groups.filter((g) => g.sorted.length > 0 && g.sorted.length < FEW_RUNS).map((g) => ({ name: g.name, n: g.sorted.length }));
  if (empty.length > 0) warnings.push(messages.emptyGroups(empty));
  if (few.length > 0) warnings.push(messages.fewRunsGroups(few));
  const usable = groups.filter((g) => g.sorted.length >= 2);
  if (groups.length === 1) warnings.push(messages.singleGroup(groups[0].name));

  // 1. pairs
  const pairs: [SampleGroup, SampleGroup][] = [];
  const mode = opts.pairs ?? (opts.baseline !== undefined ? 'baseline' : 'all');
  if (mode === 'baseline') {
    if (opts.baseline === undefined) throw new UsageError('--pairs baseline needs --baseline NAME.');
    const base = groups.find((g) => g.name === opts.baseline)!;
    for (const g of groups) {
      if (g === base) continue;
      if (g.sorted.length < 2 || base.sorted.length < 2)
        warnings.push(messages.comparisonSkipped(g.name, base.name, 'a t-test needs at least 2 runs per group'));
      else pairs.push([g, base]);
    }
  } else {
    const count = (usable.length * (usable.length - 1)) / 2;
    const cap = opts.maxComparisons ?? MAX_COMPARISONS;
    if (count > cap) throw new UsageError(messages.tooManyComparisons(usable.length, count, cap));
    for (let i = 0; i < usable.length; i++) for (let j = i + 1; j < usable.length; j++) pairs.push([usable[i], usable[j]]);
    for (const g of groups)
      if (g.sorted.length === 1) warnings.push(messages.comparisonSkipped(g.name, '*', 'a t-test needs at least 2 runs per group'));
  }

  // 2. tests per pair
  const raw = pairs.map(([ga, gb], k) => {
    opts.onProgress?.(k, pairs.length);
    const matched = opts.paired ? pairGroups(opts.paired, ga.name, gb.name) : undefined;
    const pair: SamplePair = {
      a: ga.sorted,
      b: gb.sorted,
      ...(matched ? { matched: { a: Float64Array.from(matched.valuesA), b: Float64Array.from(matched.valuesB) } } : {}),
    };
    const figures = tests.map((t) => t.run(pair, { alternative: opts.alternative, confidenceLevel }, engine)!);
    const dz =
      pair.matched && pair.matched.a.length >= 2 ? engine.cohensDz(pair.matched.a, pair.matched.b, { confidenceLevel }) : undefined;
    const g = engine.hedgesG(pair.a, pair.b, { confidenceLevel });
    // Improvement means a lower value when the goal is to minimise.
    const poi =
      opts.goal === 'minimize'
        ? engine.probabilityOfImprovement(negate(pair.a), negate(pair.b), { seed: seed + k, confidenceLevel })
        : engine.probabilityOfImprovement(pair.a, pair.b, { seed: seed + k, confidenceLevel });
    return { ga, gb, figures, g, poi, dz: pair.matched ? (dz ?? { value: NaN, ci: [NaN, NaN] as const }) : undefined };
  });
  opts.onProgress?.(pairs.length, pairs.length);

  // 3. adjustment per test family
  const adjust = (ps: number[]): number[] => (opts.adjust === 'none' || ps.length === 0 ? ps : engine.adjustPValues(ps, opts.adjust));
  const adjusted = tests.map((_, t) => adjust(raw.map((r) => r.figures[t].pvalue)));

  // 4. verdicts
  const comparisons: Comparison[] = raw.map((r, k) => {
    const fields = testFields(tests, (t) => {
      const { statistic, pvalue, ...rest } = r.figures[t];
      return { statistic, pvalue, pvalueAdjusted: adjusted[t][k], ...rest };
    });
    const headlineP = adjusted[tests.indexOf(headlineTest)][k];
    const significant = Number.isFinite(headlineP) && headlineP < opts.alpha;
    const base = {
      a: r.ga.name,
      b: r.gb.name,
      nA: r.ga.sorted.length,
      nB: r.gb.sorted.length,
      ...fields,
      hedgesG: { value: r.g.value, ci: r.g.ci },
      ...(r.dz ? { dz: r.dz } : {}),
      probabilityOfImprovement: { value: r.poi.value, ci: r.poi.ci },
      headlineTest: headlineTest.field,
      significant,
    };
    return { ...base, sentence: verdictSentence(base, headlineP, { ...opts, nComparisons: raw.length }) };
  });

  // The headline, chosen once: the best group by mean (goal-aware) against the baseline when there
  // is one, else against the runner-up — never whichever pair happens to come first.
  let headline = -1;
  if (comparisons.length > 0) {
    const sign = opts.goal === 'minimize' ? -1 : 1;
    const byMean = [...usable].sort((x, y) => sign * (y.summary.mean - x.summary.mean));
    const involves = (c: Comparison, x: string, y: string) => (c.a === x && c.b === y) || (c.a === y && c.b === x);
    if (opts.baseline !== undefined) {
      const top = byMean.find((g) => g.name !== opts.baseline);
      if (top) headline = comparisons.findIndex((c) => involves(c, top.name, opts.baseline!));
    }
    if (headline < 0 && byMean.length >= 2) {
      const [x, y] = byMean;
      headline = comparisons.findIndex((c) => involves(c, x.name, y.name));
    }
    if (headline < 0) headline = 0;
  }

  // The headline goes first, so `comparisons[0]` is the headline wherever results are read.
  if (headline > 0) comparisons.unshift(...comparisons.splice(headline, 1));
  if (headline > 0) headline = 0;

  // 5. expected best-of-N
  const expectedMax: Record<string, ExpectedMaxPoint[]> = {};
  const nonEmpty = groups.filter((g) => g.sorted.length > 0);
  const minN = nonEmpty.length ? Math.min(...nonEmpty.map((g) => g.sorted.length)) : 0;
  const bestOf = (g: SampleGroup, n: number) => {
    if (opts.goal === 'maximize') return engine.expectedMax(g.sorted, n);
    const r = engine.expectedMax(negateReversed(g.sorted), n);
    return { mean: -r.mean, sd: r.sd };
  };
  for (const g of nonEmpty) {
    const sizes = curveSizes(g.sorted.length, minN);
    const curve =
      opts.goal === 'maximize'
        ? engine.expectedMaxCurve(g.sorted, sizes)
        : engine.expectedMaxCurve(negateReversed(g.sorted), sizes).map((r) => ({ mean: -r.mean, sd: r.sd }));
    expectedMax[g.name] = sizes.map((n, k) => ({ n, ...curve[k] }));
  }
  const budgetMatched =
    nonEmpty.length >= 2
      ? {
          n: minN,
          groups: nonEmpty.map((g) => {
            const r = bestOf(g, minN);
            return { name: g.name, expectedBest: r.mean, sd: r.sd };
          }),
        }
      : undefined;

  return { comparisons, headline, expectedMax, budgetMatched, warnings };
}

/** Each test's figures under its Comparison field, in registry order (results.json's key order). */
function testFields(tests: readonly ReportTest[], figures: (index: number) => object): ComparisonTests {
  return Object.fromEntries(tests.map((t, i) => [t.field, figures(i)])) as unknown as ComparisonTests;
}

/**
 * The headline comparison of a set of results: the first, where compareGroups puts it (the best
 * group by mean against the baseline, or the top two groups by mean). Terminal, HTML, Markdown,
 * the archive index and --fail-unless-significant all ask here, so they cannot disagree.
 */
export function headlineComparison(results: Pick<ResultsJson, 'comparisons'>): Comparison | undefined {
  return results.comparisons[0];
}

/** n = 1..30, then about 25 log-spaced sizes up to N, plus the budget-matching n. */
export function curveSizes(N: number, also?: number): number[] {
  const s = new Set<number>();
  for (let n = 1; n <= Math.min(N, 30); n++) s.add(n);
  if (N > 30) for (let k = 0; k <= 24; k++) s.add(Math.round(30 * Math.pow(N / 30, k / 24)));
  if (also !== undefined && also >= 1 && also <= N) s.add(also);
  s.add(N);
  return [...s].filter((n) => n >= 1 && n <= N).sort((x, y) => x - y);
}

function negate(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = -x[i];
  return out;
}

/** −x, still ascending. */
function negateReversed(sorted: Float64Array): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = -sorted[n - 1 - i];
  return out;
}
