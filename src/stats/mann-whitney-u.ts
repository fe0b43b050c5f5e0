import { StatsError } from '../errors.js';
import { rankdata } from './rankdata.js';
import { normSf } from './special/normal.js';
import { type Alternative, type NanPolicy, checkAlternative, checkNanPolicy, cleanSample, requireSize } from './validate.js';

export type MannWhitneyMethod = 'auto' | 'exact' | 'asymptotic';

export interface MannWhitneyUOptions {
  readonly alternative?: Alternative;
  /** 'auto' (default) follows scipy 1.10: exact when min(n_a, n_b) ≤ 8 and there are no ties. */
  readonly method?: MannWhitneyMethod;
  /** Continuity correction of ½ in the normal approximation (default true, as scipy). */
  readonly useContinuity?: boolean;
  readonly nanPolicy?: NanPolicy;
}

export interface MannWhitneyUResult {
  /** U statistic of sample a: #(a_i > b_j) + ½·#(a_i = b_j) (scipy `statistic`). */
  readonly statistic: number;
  readonly pvalue: number;
  /** The method actually used ('auto' resolved). */
  readonly method: 'exact' | 'asymptotic';
  readonly alternative: Alternative;
  /** Rank-biserial correlation 2U/(n_a·n_b) − 1, in [−1, 1]; positive when a tends to be larger. */
  readonly rankBiserial: number;
  /** Common-language effect size U/(n_a·n_b) = P(A > B) + ½·P(A = B). */
  readonly commonLanguage: number;
  readonly nA: number;
  readonly nB: number;
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum) for independent samples, equal to
 * `scipy.stats.mannwhitneyu(a, b, alternative, method, use_continuity)` in scipy 1.10.1:
 * U₁ = R₁ − n_a(n_a+1)/2 from average ranks; 'greater' uses U₁, 'less' U₂ = n_a·n_b − U₁,
 * 'two-sided' max(U₁, U₂) with the p-value doubled and clipped to 1.
 * - exact: the null distribution of U by the recurrence of Löffler (1983),
 *   f(m, n, k) = f(m−1, n, k−n) + f(m, n−1, k); p = Σ_{k ≤ mn−U} f(m, n, k)/C(m+n, m)
 *   (scipy truncates a half-integer U under ties). Complexity O(m·n·(mn − U)).
 * - asymptotic: z = (U − mn/2 − ½)/σ with the tie-corrected
 *   σ² = mn/12·((N+1) − Σ(t³ − t)/(N(N−1))); p = P(Z > z). Complexity O(N log N).
 * Effect sizes: Kerby (2014) rank-biserial; McGraw & Wong (1992) common language.
 *
 * ±Infinity ranks below/above every finite value (scipy's test_gh_11355b).
 *
 * @throws {StatsError} an empty sample, NaN with nanPolicy 'raise', an unknown
 *   method/alternative, or an exact distribution too large to enumerate (use 'asymptotic').
 * @example
 * mannWhitneyU([1, 2, 3, 4], [2.5, 4.5, 6, 8, 10]).pvalue // 0.06349206349206349 (exact; scipy 0.06349206349206349)
 */
export function mannWhitneyU(a: ArrayLike<number>, b: ArrayLike<number>, options: MannWhitneyUOptions = {}): MannWhitneyUResult {
  const fn = 'mannWhitneyU';
  const alternative = checkAlternative(fn, options.alternative);
  const nanPolicy = checkNanPolicy(fn, options.nanPolicy);
  const useContinuity = options.useContinuity ?? true;
  const requested = options.method ?? 'auto';
  if (!['auto', 'exact', 'asymptotic'].includes(requested)) {
    throw new StatsError(`${fn}: unknown method ${JSON.stringify(requested)}; use 'auto', 'exact' or 'asymptotic'`);
  }
  // ±Infinity is ranked like any other value (below/above every finite one), as scipy does.
  const xa = cleanSample(fn, 'a', a, nanPolicy, true);
  const xb = cleanSample(fn, 'b', b, nanPolicy, true);
  requireSize(fn, 'a', xa, 1);
  requireSize(fn, 'b', xb, 1);
  const n1 = xa.length;
  const n2 = xb.length;
  const xy = [...xa, ...xb];
  const { ranks, tieSizes } = rankdata(xy);
  const hasTies = tieSizes.some((t) => t > 1);
  const method: 'exact' | 'asymptotic' =
    requested !== 'auto' ? requested : n1 > 8 && n2 > 8 ? 'asymptotic' : hasTies ? 'asymptotic' : 'exact';

  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const [u, f] = alternative === 'greater' ? [u1, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u1, u2), 2];

  let p: number;
  if (method === 'exact') {
    p = exactSf(fn, Math.trunc(u), n1, n2);
  } else {
    const mu = (n1 * n2) / 2;
    const n = n1 + n2;
    let tieTerm = 0;
    for (const t of tieSizes) tieTerm += t ** 3 - t;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u - mu - (useContinuity ? 0.5 : 0)) / s;
    p = normSf(z);
  }
  p = Math.min(1, Math.max(0, p * f));
  const cl = u1 / (n1 * n2);
  return {
    statistic: u1,
    pvalue: p,
    method,
    alternative,
    rankBiserial: 2 * cl - 1,
    commonLanguage: cl,
    nA: n1,
    nB: n2,
  };
}

/** P(U ≥ u) under H0 = P(U ≤ mn − u) by symmetry, summed as scipy sums it. */
function exactSf(fn: string, u: number, m: number, n: number): number {
  const kmax = m * n - u;
  if (kmax < 0) return 0;
  const cost = m * n * (kmax + 1);
  if (cost > 2e9) {
    throw new StatsError(`${fn}: the exact distribution for sizes ${m} and ${n} is too large to enumerate; use method 'asymptotic'`);
  }
  const counts = countsUpTo(m, n, kmax);
  const total = binom(m + n, m);
  let p = 0;
  for (let k = 0; k <= kmax; k++) p += counts[k] / total;
  return p;
}

/** f(m, n, k) for k = 0..kmax: arrangements of m a's and n b's with U = k. */
function countsUpTo(m: number, n: number, kmax: number): Float64Array {
  // cur[i] holds f(i, j, ·) for the current j, truncated at kmax.
  const cur: Float64Array[] = [];
  for (let i = 0; i <= m; i++) {
    const row = new Float64Array(kmax + 1);
    row[0] = 1; // f(i, 0, k) = [k = 0]
    cur.push(row);
  }
  for (let j = 1; j <= n; j++) {
    // f(i, j, k) = f(i−1, j, k−j) + f(i, j−1, k); f(0, j, k) = [k = 0] stays.
    for (let i = 1; i <= m; i++) {
      const prev = cur[i - 1]; // already f(i−1, j, ·)
      const row = cur[i]; // still f(i, j−1, ·)
      for (let k = kmax; k >= j; k--) row[k] += prev[k - j];
    }
  }
  return cur[m];
}

function binom(n: number, k: number): number {
  k = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r) < 2 ** 53 ? Math.round(r) : r;
}
