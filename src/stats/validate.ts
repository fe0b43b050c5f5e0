/**
 * Input checks shared by the stats functions. The contract: invalid input throws StatsError whose
 * message starts with the calling function's name and says what to do.
 */
import { StatsError } from '../errors.js';

import { ALTERNATIVES, type Alternative } from '../domain/metric.js';

export type { Alternative };
export type NanPolicy = 'raise' | 'omit';

/**
 * Copy a sample to a number array, applying the NaN policy; throws on non-numbers, and on ±Infinity
 * unless `allowInfinite` (rank tests order infinities like any other value).
 */
export function cleanSample(
  fn: string,
  name: string,
  x: ArrayLike<number>,
  nanPolicy: NanPolicy = 'raise',
  allowInfinite = false,
): number[] {
  if (x === null || x === undefined || typeof x.length !== 'number') {
    throw new StatsError(`${fn} expects an array of numbers for ${name}`);
  }
  // Sized once and cut at the end: push() into a growing array was most of this copy's cost on 100,000-run groups.
  const out = new Array<number>(x.length);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number') {
      throw new StatsError(`${fn} expects numbers, but ${name}[${i}] is ${typeof v}`);
    }
    if (Number.isNaN(v)) {
      if (nanPolicy === 'omit') continue;
      throw new StatsError(`${fn} found NaN at ${name}[${i}]; remove missing values or pass nanPolicy: 'omit'`);
    }
    if (!allowInfinite && !Number.isFinite(v)) {
      throw new StatsError(`${fn} found ${v} at ${name}[${i}]; only finite values can be tested`);
    }
    out[k++] = v;
  }
  out.length = k;
  return out;
}

export function requireSize(fn: string, name: string, x: readonly number[], min: number): void {
  if (x.length < min) {
    throw new StatsError(`${fn} requires at least ${min} value${min === 1 ? '' : 's'} in each sample (got ${x.length} in ${name})`);
  }
}

export function checkAlternative(fn: string, alt: unknown): Alternative {
  if (alt === undefined) return 'two-sided';
  if (typeof alt === 'string' && (ALTERNATIVES as readonly string[]).includes(alt)) return alt as Alternative;
  const hint = alt === 'two_sided' || alt === 'two.sided' ? " (did you mean 'two-sided'?)" : '';
  throw new StatsError(
    `${fn}: unknown alternative ${JSON.stringify(alt)}${hint}; use one of ${ALTERNATIVES.map((a) => `'${a}'`).join(', ')}`,
  );
}

export function checkNanPolicy(fn: string, policy: unknown): NanPolicy {
  if (policy === undefined) return 'raise';
  if (policy === 'raise' || policy === 'omit') return policy;
  throw new StatsError(`${fn}: unknown nanPolicy ${JSON.stringify(policy)}; use 'raise' or 'omit'`);
}

export function checkConfidenceLevel(fn: string, level: unknown): number {
  if (level === undefined) return 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new StatsError(
      `${fn}: confidenceLevel must be a number strictly between 0 and 1 (got ${typeof level === 'number' ? level : JSON.stringify(level)})`,
    );
  }
  return level;
}

/**
 * Mean with Neumaier-compensated summation (matches numpy's pairwise sum to ~1 ulp). Samples near
 * the float limits are divided by a power of two first (exact), so ±1e308 gives a finite mean
 * where the plain sum overflows.
 */
export function mean(x: readonly number[]): number {
  const s = scaleOf(x);
  if (s === 1) return sum(x) / x.length;
  return (sum(x.map((v) => v / s)) / x.length) * s;
}

export function sum(x: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const v of x) {
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/** Sample variance with `ddof` (two-pass, compensated); Infinity when it exceeds the float range. */
export function variance(x: readonly number[], ddof = 1): number {
  const s = scaleOf(x);
  return scaledVariance(s === 1 ? x : x.map((v) => v / s), ddof) * s * s;
}

/**
 * Sample standard deviation with `ddof`, computed on the sample divided by a power of two near its
 * largest magnitude, so values near ±1e308 (whose squares overflow) or 5e-324 (whose squares
 * underflow) keep a finite, accurate sd.
 */
export function standardDeviation(x: readonly number[], ddof = 1): number {
  const s = scaleOf(x);
  return Math.sqrt(scaledVariance(s === 1 ? x : x.map((v) => v / s), ddof)) * s;
}

function scaledVariance(x: readonly number[], ddof: number): number {
  const m = sum(x) / x.length;
  const dev = new Array<number>(x.length);
  for (let i = 0; i < x.length; i++) dev[i] = (x[i] - m) * (x[i] - m);
  return sum(dev) / (x.length - ddof);
}

/**
 * 1 for samples whose squares and sums stay in range (then results are bit-identical to the
 * unscaled formulas), else the power of two at or below the largest finite magnitude. Dividing
 * by it is exact, so scale-free statistics (t, d) can be computed on x / scale.
 */
export function scaleOf(x: readonly number[]): number {
  let big = 0;
  for (const v of x) {
    const a = Math.abs(v);
    if (a > big && a !== Infinity) big = a;
  }
  if (big === 0 || (big < 2 ** 500 && big > 2 ** -500)) return 1;
  return 2 ** Math.floor(Math.log2(big));
}

/** Two samples divided by their common scaleOf (the arrays themselves when it is 1). */
export function scaleTogether(a: readonly number[], b: readonly number[]): { s: number; xa: readonly number[]; xb: readonly number[] } {
  const s = scaleOf([...a, ...b]);
  return s === 1 ? { s, xa: a, xb: b } : { s, xa: a.map((v) => v / s), xb: b.map((v) => v / s) };
}
