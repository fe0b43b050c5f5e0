import { StatsError } from '../errors.js';
import { nctCdf } from './special/noncentral-t.js';
import { brentRoot } from './special/root.js';
import { tPpf } from './special/t-distribution.js';

export type PowerTestType = 'two-sample' | 'one-sample' | 'paired';

export interface PowerTTestOptions {
  /** Observations per group (fractional allowed, as R). Omit to solve for n. */
  readonly n?: number;
  /** Size of the second group when it differs from `n` (two-sample only; df = n + nB − 2). */
  readonly nB?: number;
  /** True difference in means (with sd = 1: Cohen's d). */
  readonly delta: number;
  readonly sd?: number;
  readonly sigLevel?: number;
  /** Target power. Omit to compute the power at `n`. */
  readonly power?: number;
  readonly type?: PowerTestType;
  readonly alternative?: 'two-sided' | 'one-sided';
  /** Count rejections in the opposite tail too (R `strict = TRUE`). */
  readonly strict?: boolean;
}

export interface PowerTTestResult {
  /** Per-group n (fractional when solved for: round up to plan). */
  readonly n: number;
  readonly nB?: number;
  readonly delta: number;
  readonly sd: number;
  readonly sigLevel: number;
  readonly power: number;
  readonly type: PowerTestType;
  readonly alternative: 'two-sided' | 'one-sided';
  readonly strict: boolean;
}

/**
 * Power of Student's t-test, or the n that reaches a target power: R's `power.t.test`.
 * ν = (n − 1)·k (k = 2 two-sample, 1 one-sample/paired), λ = √(n/k)·|δ|/σ,
 * power = P(T'_{ν,λ} > t_{ν,1−α/s}) (+ P(T'_{ν,λ} < −t_{ν,1−α/s}) when strict), s = sides.
 * Unequal groups (`nB`): ν = n + n_B − 2, λ = δ/σ·√(n·n_B/(n + n_B)) (pwr.t2n.test).
 * T' is the noncentral t (R's pnt algorithm, special/noncentral-t); n is found by Brent's
 * method on [2, 1e7] to 1e-10 (R's uniroot, whose default tolerance is only 1.2e-4).
 * Complexity: one noncentral-t evaluation for power; ~40 for n.
 *
 * @throws {StatsError} both or neither of n and power given, n < 2, power outside (sigLevel, 1),
 *   sigLevel outside (0, 1), a non-positive sd, or nB with a one-sample/paired type.
 * @example
 * powerTTest({ n: 20, delta: 1 }).power // 0.8689528016924966 (R: 0.86895280169249778)
 * powerTTest({ delta: 0.5, power: 0.8 }).n // 63.76576372484609 (R, tol 1e-13: 63.765763724846089)
 */
export function powerTTest(options: PowerTTestOptions): PowerTTestResult {
  const fn = 'powerTTest';
  const sd = options.sd ?? 1;
  const sigLevel = options.sigLevel ?? 0.05;
  const type = options.type ?? 'two-sample';
  const alternative = options.alternative ?? 'two-sided';
  const strict = options.strict ?? false;
  if (!['two-sample', 'one-sample', 'paired'].includes(type)) {
    throw new StatsError(`${fn}: unknown type ${JSON.stringify(type)}; use 'two-sample', 'one-sample' or 'paired'`);
  }
  if (alternative !== 'two-sided' && alternative !== 'one-sided') {
    throw new StatsError(`${fn}: alternative must be 'two-sided' or 'one-sided' (got ${JSON.stringify(alternative)})`);
  }
  if (typeof options.delta !== 'number' || !Number.isFinite(options.delta)) {
    throw new StatsError(`${fn} requires a finite delta (the difference in means to detect)`);
  }
  if (!(sd > 0)) throw new StatsError(`${fn}: sd must be positive (got ${sd})`);
  if (!(sigLevel > 0 && sigLevel < 1)) throw new StatsError(`${fn}: sigLevel must be in (0, 1) (got ${sigLevel})`);
  if ((options.n === undefined) === (options.power === undefined)) {
    throw new StatsError(`${fn} needs exactly one of n (to compute power) and power (to compute n)`);
  }
  if (options.nB !== undefined && type !== 'two-sample') {
    throw new StatsError(`${fn}: nB applies only to type 'two-sample'`);
  }
  const sides = alternative === 'two-sided' ? 2 : 1;
  const delta = sides === 2 ? Math.abs(options.delta) : options.delta;
  const k = type === 'two-sample' ? 2 : 1;
  const nB = options.nB;

  const powerAt = (n: number): number => {
    const nu = nB === undefined ? (n - 1) * k : n + nB - 2;
    const ncp = nB === undefined ? (Math.sqrt(n / k) * delta) / sd : (delta / sd) * Math.sqrt((n * nB) / (n + nB));
    const qu = tPpf(1 - sigLevel / sides, nu);
    let p = nctCdf(qu, nu, ncp, false);
    if (strict && sides === 2) p += nctCdf(-qu, nu, ncp, true);
    return p;
  };

  const base = { delta: options.delta, sd, sigLevel, type, alternative, strict, ...(nB === undefined ? {} : { nB }) };
  if (options.n !== undefined) {
    if (!(options.n >= 2)) throw new StatsError(`${fn} requires n ≥ 2 (got ${options.n})`);
    if (nB !== undefined && !(nB >= 2)) throw new StatsError(`${fn} requires nB ≥ 2 (got ${nB})`);
    return { ...base, n: options.n, power: powerAt(options.n) };
  }
  const target = options.power as number;
  if (!(target > sigLevel / sides && target < 1)) {
    throw new StatsError(`${fn}: power must be in (${sigLevel / sides}, 1) (got ${target})`);
  }
  if (delta === 0) throw new StatsError(`${fn}: delta 0 can never reach power ${target}`);
  const g = (n: number): number => powerAt(n) - target;
  let hi = 1e7;
  if (g(hi) < 0) throw new StatsError(`${fn}: power ${target} needs more than 1e7 per group at delta ${options.delta}`);
  // Already powerful enough at the smallest testable n (R's uniroot would extend below 2).
  if (g(2) >= 0) return { ...base, n: 2, power: powerAt(2) };
  // Shrink the bracket first so Brent starts near the answer.
  while (hi > 4 && g(hi / 4) > 0) hi /= 4;
  const n = brentRoot(g, Math.max(2, hi / 4), hi, 1e-10);
  return { ...base, n, power: target };
}
