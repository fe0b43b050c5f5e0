import { tCdf, tPpf, tSf } from './special/t-distribution.js';
import { StatsError } from '../errors.js';
import { pairedDifferences } from './paired-differences.js';
import { type Alternative, type NanPolicy, checkAlternative, checkConfidenceLevel, checkNanPolicy, mean, variance } from './validate.js';

export interface TTestRelOptions {
  /** Alternative hypothesis about mean(a − b): 'two-sided' (default), 'less' or 'greater'. */
  readonly alternative?: Alternative;
  /** Confidence level of `ci`, default 0.95. */
  readonly confidenceLevel?: number;
  /** 'raise' (default) throws on NaN; 'omit' drops every pair with a NaN. */
  readonly nanPolicy?: NanPolicy;
}

export interface TTestRelResult {
  /** t statistic (scipy `statistic`). */
  readonly statistic: number;
  /** p-value for `alternative` (scipy `pvalue`), accurate far into the tail. */
  readonly pvalue: number;
  /** n − 1. */
  readonly df: number;
  /** Confidence interval for mean(a − b) as R `t.test(paired = TRUE)`; one-sided intervals have an infinite end. */
  readonly ci: readonly [number, number];
  readonly confidenceLevel: number;
  /** Pairs used (after nanPolicy 'omit'). */
  readonly n: number;
  readonly meanDifference: number;
  /** Standard error of the mean difference. */
  readonly stderr: number;
  readonly alternative: Alternative;
  /** Present only when statistic and pvalue are NaN: why the test is undefined. */
  readonly reason?: string;
}

/**
 * Paired t-test: `scipy.stats.ttest_rel` (statistic, pvalue, df) with the confidence interval of
 * R `t.test(a, b, paired = TRUE)` (Debian's scipy 1.10 builds its own interval on a cephes
 * quantile off by ~2e-9, so R is the reference there).
 *
 * d = a − b, t = mean(d) / (sd(d)/√n), df = n − 1; tails from the incomplete beta
 * (special/t-distribution), so p far in the tail keeps its relative accuracy.
 * Use it when the samples are matched, e.g. two variants re-trained with the same seeds: pairing
 * removes the seed-to-seed spread both share. Complexity: O(n).
 *
 * Every difference equal: as scipy, the statistic is ±Infinity with p = 0 when they are non-zero
 * (one-sided p = 1 on the wrong side), and NaN with a `reason` when they are all 0.
 *
 * @throws {StatsError} samples of different lengths, fewer than 2 pairs, NaN with nanPolicy
 *   'raise', ±Infinity, an unknown alternative/nanPolicy, or a confidenceLevel outside (0, 1).
 * @example
 * ttestRel([1, 2, 3.5, 4], [0, 1, 2, 2.2], { alternative: 'greater' }).pvalue // 0.0033732121072213473 (scipy)
 */
export function ttestRel(a: ArrayLike<number>, b: ArrayLike<number>, options: TTestRelOptions = {}): TTestRelResult {
  const fn = 'ttestRel';
  const nanPolicy = checkNanPolicy(fn, options.nanPolicy);
  const alternative = checkAlternative(fn, options.alternative);
  const confidenceLevel = checkConfidenceLevel(fn, options.confidenceLevel);
  const d = pairedDifferences(fn, a, b, nanPolicy);
  const n = d.length;
  if (n < 2) throw new StatsError(`${fn} requires at least 2 pairs (got ${n})`);
  const df = n - 1;
  const meanDifference = mean(d);
  const constant = d.every((x) => x === d[0]);
  const stderr = constant ? 0 : Math.sqrt(variance(d, 1) / n);
  const base = { df, confidenceLevel, n, meanDifference, stderr, alternative } as const;
  if (constant && d[0] === 0) {
    return { ...base, statistic: NaN, pvalue: NaN, ci: [NaN, NaN], reason: 'every paired difference is 0, so the t statistic is 0/0' };
  }
  const statistic = meanDifference / stderr; // ±Infinity when every difference is the same non-zero value (scipy: inf)
  if (alternative === 'less') {
    return { ...base, statistic, pvalue: tCdf(statistic, df), ci: [-Infinity, meanDifference + tPpf(confidenceLevel, df) * stderr] };
  }
  if (alternative === 'greater') {
    return { ...base, statistic, pvalue: tSf(statistic, df), ci: [meanDifference - tPpf(confidenceLevel, df) * stderr, Infinity] };
  }
  const q = tPpf(1 - (1 - confidenceLevel) / 2, df);
  return {
    ...base,
    statistic,
    pvalue: Math.min(1, 2 * tSf(Math.abs(statistic), df)),
    ci: [meanDifference - q * stderr, meanDifference + q * stderr],
  };
}
