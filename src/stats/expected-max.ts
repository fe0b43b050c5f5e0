import { StatsError } from '../errors.js';
import { cleanSample } from './validate.js';

export interface ExpectedMaxOptions {
  /** Number of runs n in the budget; default: all N values. */
  readonly n?: number;
  /** Draw the n runs with replacement (Dodge et al.'s estimator, default) or without (unbiased). */
  readonly replacement?: boolean;
  /** 'maximize' (default) for accuracy-like metrics; 'minimize' gives the expected best (lowest) loss. */
  readonly goal?: 'maximize' | 'minimize';
}

export interface ExpectedMaxResult {
  /** Budget: number of runs. */
  readonly n: number;
  /** Expected best value among n runs. */
  readonly mean: number;
  /** Standard deviation of the best value among n runs. */
  readonly sd: number;
  readonly replacement: boolean;
}

/**
 * Expected best validation score among n runs drawn from a sweep's N observed scores ("Show Your
 * Work", Dodge et al. 2019, EMNLP), in closed form over the sorted scores v₍₁₎ ≤ … ≤ v₍N₎:
 * - with replacement: P(max = v₍ᵢ₎) = (i/N)ⁿ − ((i−1)/N)ⁿ;
 * - without replacement (unbiased for the population of N runs): P(max = v₍ᵢ₎) = C(i−1, n−1)/C(N, n),
 *   evaluated by the ratio recurrence w_{i−1} = w_i·(i−n)/(i−1) from w_N = n/N (no overflow for N in the thousands).
 * mean = Σ wᵢv₍ᵢ₎ and sd = √(Σ wᵢ(v₍ᵢ₎ − mean)²) (centred, so constant scores give exactly 0).
 * Complexity: O(N log N) for one n; see expectedMaxCurve for every n.
 *
 * @throws {StatsError} no values, NaN/±Infinity, n not a positive integer, or n > N without replacement.
 * @example
 * expectedMax([0.1, 0.9], { n: 2 }) // { n: 2, mean: 0.7000000000000001, sd: 0.34641016151377546, replacement: true } — P(max = 0.9) = 3/4
 */
export function expectedMax(values: ArrayLike<number>, options: ExpectedMaxOptions = {}): ExpectedMaxResult {
  const { sorted, sign, replacement } = prepare('expectedMax', values, options);
  const n = options.n ?? sorted.length;
  checkN('expectedMax', n, sorted.length, replacement);
  return atN(sorted, n, replacement, sign);
}

/**
 * expectedMax for every budget n = 1..maxN (default N): the "expected validation performance"
 * curve of Dodge et al. (2019). Complexity O(N·maxN).
 *
 * @throws {StatsError} as expectedMax.
 * @example
 * expectedMaxCurve([0.1, 0.9]).map((p) => p.mean) // [0.5, 0.7000000000000001]
 */
export function expectedMaxCurve(
  values: ArrayLike<number>,
  options: Omit<ExpectedMaxOptions, 'n'> & { readonly maxN?: number } = {},
): ExpectedMaxResult[] {
  const { sorted, sign, replacement } = prepare('expectedMaxCurve', values, options);
  const maxN = options.maxN ?? sorted.length;
  checkN('expectedMaxCurve', maxN, sorted.length, replacement);
  const out: ExpectedMaxResult[] = [];
  for (let n = 1; n <= maxN; n++) out.push(atN(sorted, n, replacement, sign));
  return out;
}

function prepare(fn: string, values: ArrayLike<number>, options: Omit<ExpectedMaxOptions, 'n'>) {
  const goal = options.goal ?? 'maximize';
  if (goal !== 'maximize' && goal !== 'minimize') {
    throw new StatsError(`${fn}: goal must be 'maximize' or 'minimize' (got ${JSON.stringify(goal)})`);
  }
  const sign = goal === 'maximize' ? 1 : -1;
  const x = cleanSample(fn, 'values', values);
  if (x.length === 0) throw new StatsError(`${fn} requires at least 1 value (got 0)`);
  const sorted = x.map((v) => sign * v).sort((p, q) => p - q);
  return { sorted, sign, replacement: options.replacement ?? true };
}

function checkN(fn: string, n: number, total: number, replacement: boolean): void {
  if (!Number.isInteger(n) || n < 1) throw new StatsError(`${fn}: n must be a positive integer (got ${n})`);
  if (!replacement && n > total) {
    throw new StatsError(`${fn}: n = ${n} exceeds the ${total} runs available without replacement; use replacement: true or n ≤ ${total}`);
  }
}

function atN(sorted: readonly number[], n: number, replacement: boolean, sign: number): ExpectedMaxResult {
  const N = sorted.length;
  const w = new Float64Array(N);
  if (replacement) {
    let prev = 0;
    for (let i = 1; i <= N; i++) {
      const cur = Math.pow(i / N, n);
      w[i - 1] = cur - prev;
      prev = cur;
    }
  } else {
    let wi = n / N; // C(N−1, n−1)/C(N, n)
    for (let i = N; i >= n; i--) {
      w[i - 1] = wi;
      wi = (wi * (i - n)) / (i - 1);
    }
  }
  // Offsets from the largest score (where the weight concentrates): exact for constant scores and for n = N.
  const v0 = sorted[N - 1];
  let shift = 0;
  for (let i = 0; i < N; i++) shift += w[i] * (sorted[i] - v0);
  const mean = v0 + shift;
  let v = 0;
  for (let i = 0; i < N; i++) v += w[i] * (sorted[i] - v0 - shift) ** 2;
  return { n, mean: sign * mean, sd: Math.sqrt(v), replacement };
}
