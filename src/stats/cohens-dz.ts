import { StatsError } from '../errors.js';
import { noncentralTInterval } from './cohens-d.js';
import { pairedDifferences } from './paired-differences.js';
import { type NanPolicy, checkConfidenceLevel, checkNanPolicy, mean, variance } from './validate.js';

export interface CohensDzOptions {
  /** Confidence level of `ci`, default 0.95. */
  readonly confidenceLevel?: number;
  /** 'raise' (default) throws on NaN; 'omit' drops every pair with a NaN. */
  readonly nanPolicy?: NanPolicy;
}

export interface CohensDzResult {
  /** d_z = mean(a − b)/sd(a − b); positive when a tends to exceed its pair in b. */
  readonly estimate: number;
  /** Two-sided confidence interval from the noncentral t distribution. */
  readonly ci: readonly [number, number];
  readonly confidenceLevel: number;
  readonly ciMethod: 'noncentral-t';
  /** n − 1. */
  readonly df: number;
  /** Pairs used. */
  readonly n: number;
  /** Present only when the estimate is NaN or infinite: why. */
  readonly reason?: string;
}

/**
 * Cohen's d_z for paired samples: the mean difference in units of the differences' standard
 * deviation (ddof 1), d_z = mean(d)/sd(d) with d = a − b; the paired t statistic is d_z·√n.
 *
 * CI: invert the noncentral t as for Cohen's d (Steiger & Fouladi 1997; MBESS `ci.sm` on the
 * differences): with t = d_z·√n and df = n − 1, find λ_L, λ_U with P(T ≤ t | df, λ_L) = 1 − α/2
 * and P(T ≤ t | df, λ_U) = α/2, then d_z,L/U = λ_L/U/√n. Goldens: scipy.stats.nct root-finding
 * (test/stats/golden/cohens-dz.py). Complexity O(n) plus ~60 noncentral-t evaluations.
 *
 * Every difference equal: sd is 0, so the estimate is NaN (all 0) or ±Infinity (all the same
 * non-zero value) with a NaN interval and a `reason`.
 *
 * @throws {StatsError} samples of different lengths, fewer than 2 pairs, NaN with nanPolicy
 *   'raise', ±Infinity, or a confidenceLevel outside (0, 1).
 * @example
 * cohensDz([1, 2, 3.5, 4], [0, 1, 2, 2.2]) // { estimate: 3.3564926308199556 (= 1.325/0.39475…), ci: [0.6606123539766958, 6.076935671028728] (R), … }
 */
export function cohensDz(a: ArrayLike<number>, b: ArrayLike<number>, options: CohensDzOptions = {}): CohensDzResult {
  const fn = 'cohensDz';
  const confidenceLevel = checkConfidenceLevel(fn, options.confidenceLevel);
  const nanPolicy = checkNanPolicy(fn, options.nanPolicy);
  const d = pairedDifferences(fn, a, b, nanPolicy);
  const n = d.length;
  if (n < 2) throw new StatsError(`${fn} requires at least 2 pairs (got ${n})`);
  const df = n - 1;
  const base = { confidenceLevel, ciMethod: 'noncentral-t', df, n } as const;
  const m = mean(d);
  if (d.every((v) => v === d[0])) {
    return {
      ...base,
      estimate: m === 0 ? NaN : m > 0 ? Infinity : -Infinity,
      ci: [NaN, NaN],
      reason: 'every paired difference is the same, so their standard deviation is 0',
    };
  }
  const estimate = m / Math.sqrt(variance(d, 1));
  const root = Math.sqrt(n);
  const [lo, hi] = noncentralTInterval(estimate * root, df, confidenceLevel);
  return { ...base, estimate, ci: [lo / root, hi / root] };
}
