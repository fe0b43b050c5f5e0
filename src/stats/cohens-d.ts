import { StatsError } from '../errors.js';
import { nctCdf } from './special/noncentral-t.js';
import { monotoneRoot } from './special/root.js';
import {
  type NanPolicy,
  checkConfidenceLevel,
  checkNanPolicy,
  cleanSample,
  mean,
  requireSize,
  scaleTogether,
  variance,
} from './validate.js';

export interface EffectSizeOptions {
  /** Confidence level of `ci`, default 0.95. */
  readonly confidenceLevel?: number;
  readonly nanPolicy?: NanPolicy;
}

export interface EffectSizeResult {
  /** The effect size (d or g); positive when mean(a) > mean(b). */
  readonly estimate: number;
  /** Two-sided confidence interval from the noncentral t distribution. */
  readonly ci: readonly [number, number];
  readonly confidenceLevel: number;
  /** How `ci` was computed. */
  readonly ciMethod: 'noncentral-t';
  /** n_a + n_b − 2. */
  readonly df: number;
  readonly nA: number;
  readonly nB: number;
  /** Present only when the estimate is NaN (both samples constant). */
  readonly reason?: string;
}

/**
 * Cohen's d for two independent samples with the pooled standard deviation (ddof 1):
 * d = (x̄_a − x̄_b)/s_p, s_p² = ((n_a−1)s_a² + (n_b−1)s_b²)/(n_a+n_b−2).
 *
 * CI: the exact interval from inverting the noncentral t (Steiger & Fouladi 1997; as MBESS
 * `ci.smd` and R effectsize `cohens_d` compute it): with t = d/√(1/n_a + 1/n_b), find the
 * noncentrality λ_L, λ_U with P(T ≤ t | df, λ_L) = 1 − α/2 and P(T ≤ t | df, λ_U) = α/2, then
 * d_L,U = λ_L,U·√(1/n_a + 1/n_b). Goldens invert R's `pt(t, df, ncp)` with `uniroot`.
 * Complexity: O(n_a + n_b) plus a root search of ~30 noncentral-t evaluations per end.
 *
 * @throws {StatsError} fewer than 2 values in a sample, NaN with nanPolicy 'raise', ±Infinity.
 * @example
 * cohensD([1, 2, 3, 4], [2, 4, 6, 8, 10]) // { estimate: -1.380418616056577 (= −3.5/√(45/7)), ci: [-2.8372414273826334, 0.15039165229552318], … }
 */
export function cohensD(a: ArrayLike<number>, b: ArrayLike<number>, options: EffectSizeOptions = {}): EffectSizeResult {
  return pooledEffect('cohensD', a, b, options, 1);
}

/** Shared by cohensD and hedgesG; `scale` multiplies d and its CI (1 for d, J for g). */
export function pooledEffect(
  fn: string,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: EffectSizeOptions,
  scale: number | ((df: number) => number),
): EffectSizeResult {
  const confidenceLevel = checkConfidenceLevel(fn, options.confidenceLevel);
  const nanPolicy = checkNanPolicy(fn, options.nanPolicy);
  const rawA = cleanSample(fn, 'a', a, nanPolicy);
  const rawB = cleanSample(fn, 'b', b, nanPolicy);
  requireSize(fn, 'a', rawA, 2);
  requireSize(fn, 'b', rawB, 2);
  // d is scale-free: near the float limits, compute it on both samples divided by one power of two.
  const { xa, xb } = scaleTogether(rawA, rawB);
  const nA = xa.length,
    nB = xb.length;
  const df = nA + nB - 2;
  const j = typeof scale === 'number' ? scale : scale(df);
  const sp = Math.sqrt(((nA - 1) * variance(xa) + (nB - 1) * variance(xb)) / df);
  const base = { confidenceLevel, ciMethod: 'noncentral-t', df, nA, nB } as const;
  if (!(sp > 0)) {
    return {
      ...base,
      estimate: NaN,
      ci: [NaN, NaN],
      reason: 'both samples have zero variance, so the standardized difference is undefined',
    };
  }
  const d = (mean(xa) - mean(xb)) / sp;
  const k = Math.sqrt(1 / nA + 1 / nB);
  const [lo, hi] = noncentralTInterval(d / k, df, confidenceLevel);
  return { ...base, estimate: d * j, ci: [lo * k * j, hi * k * j] };
}

/** Confidence interval for the noncentrality parameter given an observed t. */
export function noncentralTInterval(t: number, df: number, confidenceLevel: number): [number, number] {
  const alpha = 1 - confidenceLevel;
  const width = 10 + 2 * Math.abs(t);
  // P(T ≤ t | λ) decreases in λ, so each end is the root of a monotone function.
  const lo = monotoneRoot((ncp) => nctCdf(t, df, ncp) - (1 - alpha / 2), t, width, 1e-13);
  const hi = monotoneRoot((ncp) => nctCdf(t, df, ncp) - alpha / 2, t, width, 1e-13);
  if (Number.isNaN(lo) || Number.isNaN(hi)) throw new StatsError(`noncentral t interval did not converge for t = ${t}, df = ${df}`);
  return [lo, hi];
}
