import { StatsError } from '../errors.js';
import { pairedDifferences } from './paired-differences.js';
import { rankdata } from './rankdata.js';
import { normCdf, normSf } from './special/normal.js';
import { type Alternative, type NanPolicy, checkAlternative, checkNanPolicy } from './validate.js';

/** How zero differences are treated (scipy `zero_method`). */
export type WilcoxonZeroMethod = 'wilcox' | 'pratt' | 'zsplit';
export const WILCOXON_ZERO_METHODS = ['wilcox', 'pratt', 'zsplit'] as const satisfies readonly WilcoxonZeroMethod[];
export type WilcoxonMethod = 'auto' | 'exact' | 'approx';

export interface WilcoxonOptions {
  /** 'wilcox' (default) drops zero differences; 'pratt' ranks them, then drops them; 'zsplit' splits their ranks between the signs. */
  readonly zeroMethod?: WilcoxonZeroMethod;
  /** Continuity correction of ½ in the normal approximation (default false, as scipy). */
  readonly correction?: boolean;
  /** Alternative about the differences x − y: 'two-sided' (default), 'greater' (shifted up) or 'less'. */
  readonly alternative?: Alternative;
  /** 'auto' (default): exact when there are at most 50 differences, else the normal approximation (scipy 1.10). */
  readonly method?: WilcoxonMethod;
  /** 'raise' (default) throws on NaN; 'omit' drops every pair with a NaN. */
  readonly nanPolicy?: NanPolicy;
}

export interface WilcoxonResult {
  /** min(R⁺, R⁻) for 'two-sided', R⁺ for one-sided alternatives (scipy `statistic`). */
  readonly statistic: number;
  readonly pvalue: number;
  /** The method actually used: 'exact' falls back to 'approx' when a difference is 0, as scipy does. */
  readonly method: 'exact' | 'approx';
  /** Sum of the ranks of the positive differences (R's `V`; with 'zsplit', plus half the zero ranks). */
  readonly rPlus: number;
  readonly rMinus: number;
  /** Standard normal statistic of the approximation; absent on the exact path. */
  readonly z?: number;
  /** Pairs used (after nanPolicy 'omit'), zeros included. */
  readonly n: number;
  /** Differences equal to 0. */
  readonly zeros: number;
  /** Whether some |differences| tie (the exact p-value then assumes untied ranks, as scipy 1.10). */
  readonly ties: boolean;
  readonly alternative: Alternative;
  readonly zeroMethod: WilcoxonZeroMethod;
  readonly correction: boolean;
}

/** Largest n whose exact null distribution 'auto' uses (scipy 1.10: `d.size <= 50`). */
export const WILCOXON_EXACT_MAX_N = 50;

/**
 * Wilcoxon signed-rank test for paired samples (or one sample of differences, `y` omitted):
 * `scipy.stats.wilcoxon(x, y, zero_method, correction, alternative, method)` as in scipy 1.10.1.
 *
 * d = x − y; ranks r of |d| (average ranks for ties); R⁺ = Σ r[d > 0], R⁻ = Σ r[d < 0]
 * ('zsplit' adds half the zero ranks to each; 'wilcox' drops zeros before ranking).
 * - exact: the null distribution of R⁺ over the 2ⁿ sign patterns, counted by the DP
 *   c_k(s) = c_{k−1}(s) + c_{k−1}(s − k) (subsets of {1..n} summing to s); p = tail count / 2ⁿ,
 *   the two-sided p is twice the smaller tail (1 at the centre). A zero difference switches to
 *   'approx' (scipy warns and does the same); with tied ranks scipy 1.10 still uses the exact
 *   table with R⁺ truncated to an integer, and so does this function (`ties` says so).
 *   Complexity O(n³) (n ≤ 50 under 'auto'; an explicit 'exact' refuses n > 1000).
 * - approx: z = (T − μ − c)/σ with μ = n(n+1)/4, σ² = (n(n+1)(2n+1) − ½Σ t(t²−1))/24 over the tie
 *   groups t of the ranks; 'pratt' subtracts the zeros' share, μ −= n₀(n₀+1)/4 and
 *   σ²·24 −= n₀(n₀+1)(2n₀+1) (Cureton 1967). c = ½ toward μ with `correction`, else 0.
 * Equal to R `wilcox.test(x, y, paired = TRUE, exact, correct = FALSE)` for 'wilcox' (R's V is `rPlus`).
 * Reference: Wilcoxon (1945), Biometrics Bulletin 1:80–83. Complexity O(n log n) plus the table.
 *
 * @throws {StatsError} samples of different lengths, no pairs, NaN with nanPolicy 'raise',
 *   ±Infinity, every difference 0 (unless 'zsplit'), an unknown option, or an exact table too large.
 *   (scipy returns NaN for no pairs; kdlab throws, as its other tests do.)
 * @example
 * wilcoxon([1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3], [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]).pvalue // 0.0390625 (exact; scipy 0.0390625 = 20/512)
 */
export function wilcoxon(x: ArrayLike<number>, y?: ArrayLike<number>, options: WilcoxonOptions = {}): WilcoxonResult {
  const fn = 'wilcoxon';
  const alternative = checkAlternative(fn, options.alternative);
  const nanPolicy = checkNanPolicy(fn, options.nanPolicy);
  const zeroMethod = options.zeroMethod ?? 'wilcox';
  if (!(WILCOXON_ZERO_METHODS as readonly string[]).includes(zeroMethod)) {
    throw new StatsError(`${fn}: unknown zeroMethod ${JSON.stringify(zeroMethod)}; use 'wilcox', 'pratt' or 'zsplit'`);
  }
  const requested = options.method ?? 'auto';
  if (!['auto', 'exact', 'approx'].includes(requested)) {
    throw new StatsError(`${fn}: unknown method ${JSON.stringify(requested)}; use 'auto', 'exact' or 'approx'`);
  }
  const correction = options.correction ?? false;
  const all = pairedDifferences(fn, x, y, nanPolicy);
  const n = all.length;
  if (n === 0) throw new StatsError(`${fn} requires at least 1 pair (got 0)`);
  let zeros = 0;
  for (const v of all) if (v === 0) zeros++;
  // scipy raises for 'wilcox' and 'pratt'; 'zsplit' splits every rank evenly, so z = 0 and p = 1.
  if (zeros === n && zeroMethod !== 'zsplit') {
    throw new StatsError(
      `${fn}: every difference is 0, so the signed-rank test is undefined with zeroMethod '${zeroMethod}'; check that the two samples differ`,
    );
  }

  let method: 'exact' | 'approx' =
    requested === 'approx' ? 'approx' : requested === 'exact' || n <= WILCOXON_EXACT_MAX_N ? 'exact' : 'approx';
  if (zeros > 0) method = 'approx';
  // scipy drops zeros for 'wilcox' only on the approximate path; the exact path never sees zeros.
  const d = zeroMethod === 'wilcox' ? all.filter((v) => v !== 0) : all;
  const count = d.length;
  const { ranks } = rankdata(d.map(Math.abs));

  let rPlus = 0;
  let rMinus = 0;
  let rZero = 0;
  for (let i = 0; i < count; i++) {
    if (d[i] > 0) rPlus += ranks[i];
    else if (d[i] < 0) rMinus += ranks[i];
    else rZero += ranks[i];
  }
  if (zeroMethod === 'zsplit') {
    rPlus += rZero / 2;
    rMinus += rZero / 2;
  }
  const statistic = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  const tieSizes = tieGroupSizes(zeroMethod === 'pratt' ? d.filter((v) => v !== 0).map(Math.abs) : d.map(Math.abs));
  const ties = tieSizes.some((t) => t > 1);
  const base = { statistic, rPlus, rMinus, n, zeros, ties, alternative, zeroMethod, correction } as const;

  if (method === 'exact') {
    return { ...base, method, pvalue: exactPValue(fn, Math.trunc(rPlus), count, alternative) };
  }

  let mu = (count * (count + 1)) / 4;
  let s = count * (count + 1) * (2 * count + 1);
  if (zeroMethod === 'pratt') {
    mu -= (zeros * (zeros + 1)) / 4;
    s -= zeros * (zeros + 1) * (2 * zeros + 1);
  }
  // scipy's tie term runs over the ranks kept: for 'pratt' the zeros' ranks are removed first.
  for (const t of tieSizes) if (t > 1) s -= 0.5 * t * (t * t - 1);
  const se = Math.sqrt(s / 24);
  const c = !correction ? 0 : alternative === 'two-sided' ? 0.5 * Math.sign(statistic - mu) : alternative === 'less' ? -0.5 : 0.5;
  const z = (statistic - mu - c) / se;
  const p = alternative === 'two-sided' ? 2 * normSf(Math.abs(z)) : alternative === 'greater' ? normSf(z) : normCdf(z);
  return { ...base, method, z, pvalue: p };
}

function tieGroupSizes(values: readonly number[]): number[] {
  return rankdata(values).tieSizes;
}

/** Exact p-value of R⁺ = r among n untied ranks, as scipy 1.10 sums its pmf. */
function exactPValue(fn: string, r: number, n: number, alternative: Alternative): number {
  if (n > 1000) throw new StatsError(`${fn}: the exact distribution for ${n} pairs is too large to tabulate; use method 'approx'`);
  const counts = signedRankCounts(n);
  const max = counts.length - 1;
  // 2ⁿ overflows no double for n ≤ 1000; counts are exact integers up to n ≈ 60.
  const total = 2 ** n;
  const tail = (from: number, to: number) => {
    let s = 0;
    for (let k = from; k <= to; k++) s += counts[k];
    return s / total;
  };
  let p: number;
  if (alternative === 'greater') p = tail(r, max);
  else if (alternative === 'less') p = tail(0, r);
  else if (r === Math.floor(max / 2)) p = 1;
  else p = 2 * Math.min(tail(0, r), tail(r, max));
  return Math.min(1, Math.max(0, p));
}

/** c(s) = number of subsets of {1..n} with sum s, for s = 0..n(n+1)/2. */
export function signedRankCounts(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const c = new Float64Array(max + 1);
  c[0] = 1;
  let top = 0;
  for (let k = 1; k <= n; k++) {
    top += k;
    // Downward so each rank k is used at most once.
    for (let s = top; s >= k; s--) c[s] += c[s - k];
  }
  return c;
}
