import { tCdf, tPpf, tSf } from './special/t-distribution.js';
import {
  type Alternative,
  type NanPolicy,
  checkAlternative,
  checkConfidenceLevel,
  checkNanPolicy,
  cleanSample,
  mean,
  requireSize,
  scaleTogether,
  variance,
} from './validate.js';

export interface TTestIndOptions {
  /** Student's pooled-variance test when true (scipy's default), Welch's test when false. */
  readonly equalVar?: boolean;
  /** Alternative hypothesis about mean(a) − mean(b): 'two-sided' (default), 'less' or 'greater'. */
  readonly alternative?: Alternative;
  /** Confidence level of `ci`, default 0.95. */
  readonly confidenceLevel?: number;
  /** 'raise' (default) throws on NaN; 'omit' drops NaN before testing. */
  readonly nanPolicy?: NanPolicy;
}

export interface TTestIndResult {
  /** t statistic (scipy `statistic`). */
  readonly statistic: number;
  /** p-value for `alternative` (scipy `pvalue`), accurate far into the tail. */
  readonly pvalue: number;
  /** Degrees of freedom: n_a + n_b − 2 (Student) or Welch–Satterthwaite (R `parameter`). */
  readonly df: number;
  /** Confidence interval for mean(a) − mean(b) as R `t.test` gives it; one-sided intervals have an infinite end. */
  readonly ci: readonly [number, number];
  readonly confidenceLevel: number;
  readonly meanA: number;
  readonly meanB: number;
  readonly meanDifference: number;
  /** Standard error of the difference (R `stderr`). */
  readonly stderr: number;
  readonly nA: number;
  readonly nB: number;
  readonly method: 'student' | 'welch';
  readonly alternative: Alternative;
  /** Present only when statistic and pvalue are NaN: why the test is undefined. */
  readonly reason?: string;
}

/**
 * Two-sample t-test for the means of independent samples: `scipy.stats.ttest_ind` (statistic,
 * pvalue) and R `t.test(a, b, var.equal = equalVar)` (df, conf.int, stderr).
 *
 * Student: s² = ((n_a−1)s_a² + (n_b−1)s_b²)/(n_a+n_b−2), se = s·√(1/n_a + 1/n_b), df = n_a+n_b−2.
 * Welch: se = √(s_a²/n_a + s_b²/n_b), df = se⁴ / ((s_a²/n_a)²/(n_a−1) + (s_b²/n_b)²/(n_b−1)).
 * t = (x̄_a − x̄_b)/se; tails come directly from the incomplete beta (see special/t-distribution),
 * so p down to 1e-300 keeps full relative accuracy. The CI is (t ± t_{df,1−α/2})·se, as in R.
 * Reference: Welch (1947), Biometrika 34:28–35. Complexity: O(n_a + n_b).
 *
 * When both samples have zero variance (or Student's pooled variance is zero) the test is
 * undefined: statistic and pvalue are NaN and `reason` says why. (scipy returns nan when the
 * means are equal and ±inf with p = 0 when they differ; kdlab reports NaN in both cases.)
 *
 * @throws {StatsError} fewer than 2 values in a sample, NaN with nanPolicy 'raise', ±Infinity,
 *   an unknown alternative/nanPolicy, or a confidenceLevel outside (0, 1).
 * @example
 * ttestInd([1, 2, 3, 4], [2, 4, 6, 8, 10]).pvalue // 0.07861923505869378 (scipy 0.07861923505869378)
 */
export function ttestInd(a: ArrayLike<number>, b: ArrayLike<number>, options: TTestIndOptions = {}): TTestIndResult {
  const fn = 'ttestInd';
  const nanPolicy = checkNanPolicy(fn, options.nanPolicy);
  const alternative = checkAlternative(fn, options.alternative);
  const confidenceLevel = checkConfidenceLevel(fn, options.confidenceLevel);
  const equalVar = options.equalVar ?? true;
  const rawA = cleanSample(fn, 'a', a, nanPolicy);
  const rawB = cleanSample(fn, 'b', b, nanPolicy);
  requireSize(fn, 'a', rawA, 2);
  requireSize(fn, 'b', rawB, 2);
  // t, df and p do not change when both samples are divided by one power of two: near the float
  // limits (±1e308), compute on the scaled samples and scale the means and interval back.
  const { s, xa, xb } = scaleTogether(rawA, rawB);

  const nA = xa.length;
  const nB = xb.length;
  const meanA = mean(xa);
  const meanB = mean(xb);
  const vA = isConstant(xa) ? 0 : variance(xa, 1);
  const vB = isConstant(xb) ? 0 : variance(xb, 1);
  const meanDifference = meanA - meanB;

  let df: number;
  let stderr: number;
  if (equalVar) {
    df = nA + nB - 2;
    const pooled = ((nA - 1) * vA + (nB - 1) * vB) / df;
    stderr = Math.sqrt(pooled * (1 / nA + 1 / nB));
  } else {
    const seA2 = vA / nA;
    const seB2 = vB / nB;
    stderr = Math.sqrt(seA2 + seB2);
    df = (seA2 + seB2) ** 2 / (seA2 ** 2 / (nA - 1) + seB2 ** 2 / (nB - 1));
  }
  const method = equalVar ? 'student' : 'welch';
  const base = {
    confidenceLevel,
    meanA: meanA * s,
    meanB: meanB * s,
    meanDifference: meanDifference * s,
    nA,
    nB,
    method,
    alternative,
  } as const;

  if (vA === 0 && vB === 0) {
    return {
      ...base,
      statistic: NaN,
      pvalue: NaN,
      df: equalVar ? df : NaN,
      stderr: 0,
      ci: [NaN, NaN],
      reason: 'both samples have zero variance, so the t statistic is undefined',
    };
  }

  const statistic = meanDifference / stderr;
  let pvalue: number;
  let ci: [number, number];
  if (alternative === 'less') {
    pvalue = tCdf(statistic, df);
    ci = [-Infinity, (statistic + tPpf(confidenceLevel, df)) * stderr];
  } else if (alternative === 'greater') {
    pvalue = tSf(statistic, df);
    ci = [(statistic - tPpf(confidenceLevel, df)) * stderr, Infinity];
  } else {
    pvalue = Math.min(1, 2 * tSf(Math.abs(statistic), df));
    const q = tPpf(1 - (1 - confidenceLevel) / 2, df);
    ci = [(statistic - q) * stderr, (statistic + q) * stderr];
  }
  return { ...base, statistic, pvalue, df, stderr: stderr * s, ci: [ci[0] * s, ci[1] * s] };
}

function isConstant(x: readonly number[]): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}
