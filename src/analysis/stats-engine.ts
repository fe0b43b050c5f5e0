/**
 * The StatsEngine the report uses, bound to src/stats. Two functions are specialised for the report's
 * scale (a million runs): expected best-of-N over an already-sorted sample, and the probability of
 * improvement, whose bootstrap gives way to a normal interval above BOOTSTRAP_MAX_RUNS runs.
 */
import type { Alternative } from '../domain/metric.js';
import {
  adjustPValues,
  cohensDz,
  hedgesG,
  mannWhitneyU,
  normPpf,
  probabilityOfImprovement as bootstrapPoi,
  ttestInd,
  ttestRel,
  wilcoxon,
  type TTestIndResult,
} from '../stats/index.js';
import type { StatsEngine } from './compare.js';

/** Above this many runs in a pair, P(a > b) gets the Hanley–McNeil interval instead of a bootstrap. */
export const BOOTSTRAP_MAX_RUNS = 20_000;

export const defaultEngine: StatsEngine = {
  ttestInd: (a, b, opts) => ttestInd(a, b, opts),
  mannWhitneyU: (a, b, opts) => mannWhitneyU(a, b, opts),
  hedgesG: (a, b, opts) => {
    const r = hedgesG(a, b, opts);
    return { value: r.estimate, ci: r.ci };
  },
  ttestRel: (a, b, opts) => ttestRel(a, b, opts),
  wilcoxon: (a, b, opts) => wilcoxon(a, b, opts),
  cohensDz: (a, b, opts) => {
    const r = cohensDz(a, b, opts);
    return { value: r.estimate, ci: r.ci };
  },
  probabilityOfImprovement,
  adjustPValues: (p, method) => adjustPValues(p, method),
  expectedMax: expectedMaxSorted,
  expectedMaxCurve: expectedMaxCurveSorted,
};

export function ttestTwoGroups(
  a: Float64Array,
  b: Float64Array,
  opts: { equalVar: boolean; alternative: Alternative; confidenceLevel: number },
): TTestIndResult {
  return ttestInd(a, b, opts);
}

/**
 * P(X_a > X_b) with ties counted half (Agarwal et al. 2021), with src/stats' seeded percentile
 * bootstrap CI. Above BOOTSTRAP_MAX_RUNS runs in the pair, the bootstrap (cost nResamples·(nₐ + n_b))
 * gives way to the Hanley–McNeil (1982) normal interval, which is tight and accurate at that size.
 */
export function probabilityOfImprovement(
  a: Float64Array,
  b: Float64Array,
  opts: { seed: number; confidenceLevel: number },
): { value: number; ci: [number, number] } {
  const na = a.length,
    nb = b.length;
  if (na + nb <= BOOTSTRAP_MAX_RUNS) {
    const r = bootstrapPoi(a, b, { seed: opts.seed, confidenceLevel: opts.confidenceLevel });
    return { value: r.probability, ci: [r.ci[0], r.ci[1]] };
  }
  const value = superiority(a.slice().sort(), b.slice().sort());
  const q1 = value / (2 - value),
    q2 = (2 * value * value) / (1 + value);
  const se = Math.sqrt((value * (1 - value) + (na - 1) * (q1 - value * value) + (nb - 1) * (q2 - value * value)) / (na * nb));
  const z = normPpf(0.5 + opts.confidenceLevel / 2);
  return { value, ci: [Math.max(0, value - z * se), Math.min(1, value + z * se)] };
}

/** P(X > Y) + ½P(X = Y) of two ascending samples by one merge pass, O(nₓ + n_y). */
function superiority(x: Float64Array, y: Float64Array): number {
  let wins = 0;
  let lo = 0; // y[0..lo) < x[i]
  let hi = 0; // y[0..hi) ≤ x[i]
  for (let i = 0; i < x.length; i++) {
    while (lo < y.length && y[lo] < x[i]) lo++;
    if (hi < lo) hi = lo;
    while (hi < y.length && y[hi] <= x[i]) hi++;
    wins += lo + 0.5 * (hi - lo);
  }
  return wins / (x.length * y.length);
}

/**
 * Expected maximum of n runs drawn with replacement from a sweep's empirical distribution (Dodge et
 * al. 2019): E = Σᵢ v₍ᵢ₎ [(i/N)ⁿ − ((i−1)/N)ⁿ], and its sd from E[max²]. `sorted` ascending. O(N).
 *
 * Terms with (i/N)ⁿ < e⁻⁴⁰ are skipped: together they weigh less than half a double's epsilon, and
 * for large n they are most of the sum, which keeps 60 curve points over 100,000 runs cheap.
 */
export function expectedMaxSorted(sorted: Float64Array, n: number): { mean: number; sd: number } {
  const N = sorted.length;
  const logs = logRatios(sorted);
  const i0 = Math.max(1, Math.ceil(N * Math.exp(-40 / n)));
  // Offsets from the largest value, where the weight concentrates: no cancellation in the sd.
  const top = sorted[N - 1];
  let e = 0,
    e2 = 0;
  let prev = i0 > 1 ? Math.exp(n * logs[i0 - 2]) : 0;
  for (let i = i0; i <= N; i++) {
    const cur = i === N ? 1 : Math.exp(n * logs[i - 1]);
    const w = cur - prev;
    prev = cur;
    const d = sorted[i - 1] - top;
    e += d * w;
    e2 += d * d * w;
  }
  return { mean: top + e, sd: Math.sqrt(Math.max(0, e2 - e * e)) };
}

/**
 * expectedMaxSorted for several sizes in one pass: sizes up to 64 take their powers (i/N)ⁿ by
 * repeated multiplication (no exp per term); larger ones go through expectedMaxSorted.
 */
export function expectedMaxCurveSorted(sorted: Float64Array, sizes: readonly number[]): { mean: number; sd: number }[] {
  const N = sorted.length;
  const small = sizes.filter((n) => n <= 64);
  const maxSmall = small.length ? Math.max(...small) : 0;
  const out = new Map<number, { mean: number; sd: number }>();
  if (maxSmall > 0) {
    const top = sorted[N - 1];
    const e = new Float64Array(maxSmall + 1),
      e2 = new Float64Array(maxSmall + 1);
    const prevPow = new Float64Array(maxSmall + 1); // ((i−1)/N)ⁿ per n
    for (let i = 1; i <= N; i++) {
      const r = i / N;
      const d = sorted[i - 1] - top;
      let pw = 1;
      for (let n = 1; n <= maxSmall; n++) {
        pw *= r;
        const cur = i === N ? 1 : pw;
        const w = cur - prevPow[n];
        prevPow[n] = cur;
        e[n] += d * w;
        e2[n] += d * d * w;
      }
    }
    for (const n of small) out.set(n, { mean: top + e[n], sd: Math.sqrt(Math.max(0, e2[n] - e[n] * e[n])) });
  }
  return sizes.map((n) => out.get(n) ?? expectedMaxSorted(sorted, n));
}

const logCache = new WeakMap<Float64Array, Float64Array>();
/** log(i/N) for i = 1..N, computed once per sample. */
function logRatios(sorted: Float64Array): Float64Array {
  let logs = logCache.get(sorted);
  if (!logs) {
    const N = sorted.length;
    logs = new Float64Array(N);
    for (let i = 1; i <= N; i++) logs[i - 1] = Math.log(i / N);
    logCache.set(sorted, logs);
  }
  return logs;
}
