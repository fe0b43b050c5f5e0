import { StatsError } from '../errors.js';
import { quantileSorted } from './quantile.js';
import { type NanPolicy, checkNanPolicy, cleanSample, mean, standardDeviation } from './validate.js';

export interface DescribeResult {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (ddof 1); NaN when n = 1. */
  readonly sd: number;
  /** Standard error of the mean, sd/√n. */
  readonly sem: number;
  readonly min: number;
  /** 25th percentile (linear interpolation). */
  readonly q1: number;
  readonly median: number;
  /** 75th percentile (linear interpolation). */
  readonly q3: number;
  readonly max: number;
  /** q3 − q1. */
  readonly iqr: number;
}

/**
 * Summary statistics of a sample, as `pandas.Series.describe()` gives them (count, mean, std,
 * min, 25%, 50%, 75%, max) plus sem and iqr. Quantiles use numpy/pandas' default linear
 * interpolation (R `quantile(type = 7)`); sd has ddof 1.
 * Values near the float limits (±1e308, 5e-324) are summed scaled by a power of two, so mean, sd
 * and quantiles stay finite where the textbook formulas overflow (numpy's std gives inf there).
 * Complexity: O(n log n) (one sort).
 *
 * @throws {StatsError} empty input (after dropping NaN when nanPolicy is 'omit'), NaN with
 *   nanPolicy 'raise', or ±Infinity.
 * @example
 * describe([1, 2, 3, 4, 10]) // { n: 5, mean: 4, sd: 3.5355339059327378, sem: 1.5811388300841898,
 *                            //   min: 1, q1: 2, median: 3, q3: 4, max: 10, iqr: 2 }
 */
export function describe(x: ArrayLike<number>, options: { readonly nanPolicy?: NanPolicy } = {}): DescribeResult {
  const fn = 'describe';
  const values = cleanSample(fn, 'x', x, checkNanPolicy(fn, options.nanPolicy));
  if (values.length === 0) throw new StatsError(`${fn} requires at least 1 value (got 0)`);
  const sorted = [...values].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
  const n = values.length;
  const sd = n > 1 ? standardDeviation(values, 1) : NaN;
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  return {
    n,
    mean: mean(values),
    sd,
    sem: sd / Math.sqrt(n),
    min: sorted[0],
    q1,
    median: quantileSorted(sorted, 0.5),
    q3,
    max: sorted[n - 1],
    iqr: q3 - q1,
  };
}
