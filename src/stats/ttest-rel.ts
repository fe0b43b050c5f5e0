/**
 * ttestRel: the paired t-test, as scipy.stats.ttest_rel (statistic, pvalue, df) with the
 * confidence interval of the mean difference as R's t.test(a, b, paired = TRUE) (scipy 1.10's own
 * interval rests on a cephes quantile off by ~2e-9, so R is the reference for it).
 *
 *   d = a − b, t = mean(d) / (sd(d) / √n), df = n − 1
 *
 * The tail is computed directly from the regularized incomplete beta function,
 * P(T > |t|) = ½·I_{df/(df+t²)}(df/2, ½), so p-values far in the tail keep their relative accuracy
 * instead of underflowing through 1 − cdf.
 *
 * Use it when the two samples are paired: e.g. two loss variants re-trained with the same seeds.
 * Complexity O(n).
 *
 * @throws StatsError when the samples differ in length, have fewer than 2 pairs, or contain NaN
 *   (unless `nanPolicy: 'omit'`, which drops every pair with a NaN).
 * @example
 * ttestRel([1, 2, 3.5, 4], [0, 1, 2, 2.2], { alternative: 'greater' }).pvalue
 * // 0.0033732121072213473 (scipy.stats.ttest_rel)
 */
import betainc from '@stdlib/math-base-special-betainc';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { Alternative } from '../domain/metric.js';
import { StatsError } from '../errors.js';

export interface TtestRelOptions {
  readonly alternative?: Alternative;
  readonly confidenceLevel?: number;
  readonly nanPolicy?: 'raise' | 'omit';
}

export interface TtestRelResult {
  readonly statistic: number;
  readonly pvalue: number;
  readonly df: number;
  /** CI of mean(a − b); one-sided intervals have an infinite end. */
  readonly ci: readonly [number, number];
  /** Pairs used (after `nanPolicy: 'omit'`). */
  readonly n: number;
  readonly meanDifference: number;
  readonly stderr: number;
  readonly alternative: Alternative;
  /** Why statistic and pvalue are NaN (every difference identical, as scipy gives nan), if they are. */
  readonly reason?: string;
}

export function ttestRel(a: readonly number[], b: readonly number[], options: TtestRelOptions = {}): TtestRelResult {
  const alternative = options.alternative ?? 'two-sided';
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  const nanPolicy = options.nanPolicy ?? 'raise';
  if (a.length !== b.length) throw new StatsError(`ttestRel requires paired samples of equal length, got ${a.length} and ${b.length}`);
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw new StatsError(`ttestRel requires 0 < confidenceLevel < 1, got ${confidenceLevel}`);
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      if (nanPolicy === 'omit') continue;
      throw new StatsError(`ttestRel found NaN in pair ${i}; pass nanPolicy: 'omit' to drop such pairs`);
    }
    d.push(a[i] - b[i]);
  }
  const n = d.length;
  if (n < 2) throw new StatsError(`ttestRel requires at least 2 pairs, got ${n}`);
  const df = n - 1;
  const mean = d.reduce((s, x) => s + x, 0) / n;
  // Two-pass variance: stable for accuracy-like values that differ only in late digits.
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / df;
  const stderr = Math.sqrt(variance / n);
  const statistic = mean / stderr; // ±Infinity when every difference is equal and non-zero, NaN when all are 0 (as scipy)
  const pvalue = tPvalue(statistic, df, alternative);
  const ci = interval(mean, stderr, df, alternative, confidenceLevel);
  const reason = Number.isNaN(statistic) ? 'every paired difference is 0: the t statistic is 0/0' : undefined;
  return { statistic, pvalue, df, ci, n, meanDifference: mean, stderr, alternative, ...(reason ? { reason } : {}) };
}

/** P-value of a t statistic with df degrees of freedom under the given alternative. */
function tPvalue(t: number, df: number, alternative: Alternative): number {
  if (Number.isNaN(t)) return NaN;
  // Upper tail beyond |t|; at t = ±Infinity, x = 0 and the tail is exactly 0.
  const x = Number.isFinite(t) ? df / (df + t * t) : 0;
  const tail = 0.5 * betainc(x, df / 2, 0.5);
  if (alternative === 'two-sided') return Math.min(1, 2 * tail);
  const upper = alternative === 'greater' ? t >= 0 : t <= 0;
  return upper ? tail : 1 - tail;
}

function interval(mean: number, se: number, df: number, alternative: Alternative, level: number): [number, number] {
  if (alternative === 'two-sided') {
    const q = tQuantile(1 - (1 - level) / 2, df);
    return [mean - q * se, mean + q * se];
  }
  const q = tQuantile(level, df);
  return alternative === 'greater' ? [mean - q * se, Infinity] : [-Infinity, mean + q * se];
}

