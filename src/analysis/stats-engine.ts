/**
 * The StatsEngine the report uses, bound to src/stats, plus the ttest command's helpers.
 *
 * Functions src/stats does not provide yet (Mann–Whitney, Hedges' g, probability of improvement,
 * expected best-of-N) are implemented below from their published formulas, and move to src/stats
 * once it has them.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import type { Alternative } from '../domain/metric.js';
import { adjustPValues, normPpf, normSf, ttestInd, type TTestIndResult } from '../stats/index.js';
import type { StatsEngine } from './compare.js';
import { createRng } from '../util/rng.js';

export const defaultEngine: StatsEngine = {
  ttestInd: (a, b, opts) => ttestInd(a, b, opts),
  mannWhitneyU,
  hedgesG,
  probabilityOfImprovement,
  adjustPValues: (p, method) => adjustPValues(p, method),
  expectedMax: expectedMaxSorted,
  formatPValue,
};

/** p as people quote it: two significant digits, scientific below 1e-4. */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return 'nan';
  if (p === 0) return '0';
  return p < 1e-4 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

export function ttestTwoGroups(a: Float64Array, b: Float64Array, opts: { equalVar: boolean; alternative: Alternative; confidenceLevel: number }): TTestIndResult {
  return ttestInd(a, b, opts);
}

/** `TtestResult(statistic=…, pvalue=…, df=…)` as scipy prints it, then the method and the CI. */
export function formatTTestLine(r: TTestIndResult): string {
  const pct = `${+(r.confidenceLevel * 100).toFixed(6)}%`;
  const end = (x: number) => (x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x));
  return `TtestResult(statistic=${r.statistic}, pvalue=${r.pvalue}, df=${r.df})  # ${r.method === 'welch' ? "Welch's" : "Student's"} t-test, ${r.alternative}, mean difference ${r.meanDifference}, ${pct} CI [${end(r.ci[0])}, ${end(r.ci[1])}]`;
}

/**
 * Mann–Whitney U of sample a, as scipy.stats.mannwhitneyu: exact distribution when both samples
 * have fewer than 8 values and no ties ('auto'), else the tie-corrected normal approximation with
 * continuity correction. rankBiserial = 2U/(nₐn_b) − 1.
 */
export function mannWhitneyU(a: Float64Array, b: Float64Array, opts: { alternative: Alternative }): { statistic: number; pvalue: number; rankBiserial: number } {
  const n1 = a.length, n2 = b.length, n = n1 + n2;
  const all = new Float64Array(n);
  all.set(a);
  all.set(b, n1);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => all[i] - all[j]);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[order[j + 1]] === all[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const rankBiserial = (2 * u1) / (n1 * n2) - 1;
  let pvalue: number;
  if (Math.max(n1, n2) < 8 && tieTerm === 0) {
    // Exact: counts of U over all C(n, n1) rank assignments.
    const dist = exactUDistribution(n1, n2);
    const total = dist.reduce((s, c) => s + c, 0);
    const sf = (u: number) => { let s = 0; for (let k = Math.ceil(u); k < dist.length; k++) s += dist[k]; return s / total; };
    const cdf = (u: number) => { let s = 0; for (let k = 0; k <= Math.floor(u) && k < dist.length; k++) s += dist[k]; return s / total; };
    if (opts.alternative === 'greater') pvalue = sf(u1);
    else if (opts.alternative === 'less') pvalue = cdf(u1);
    else pvalue = Math.min(1, 2 * sf(Math.max(u1, u2)));
  } else {
    const mu = (n1 * n2) / 2;
    const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const u = opts.alternative === 'less' ? u2 : opts.alternative === 'greater' ? u1 : Math.max(u1, u2);
    const z = (u - mu - 0.5) / sigma;
    pvalue = opts.alternative === 'two-sided' ? Math.min(1, 2 * normSf(z)) : normSf(z);
  }
  return { statistic: u1, pvalue, rankBiserial };
}

function exactUDistribution(n1: number, n2: number): number[] {
  // f(i, j, u): ways to reach U = u with i values of a and j of b (the classic recurrence).
  const maxU = n1 * n2;
  let prev: number[][] = Array.from({ length: n1 + 1 }, (_, i) => { const row = new Array(maxU + 1).fill(0); if (i >= 0) row[0] = 1; return row; });
  for (let j = 1; j <= n2; j++) {
    const cur: number[][] = Array.from({ length: n1 + 1 }, () => new Array(maxU + 1).fill(0));
    cur[0][0] = 1;
    for (let i = 1; i <= n1; i++) for (let u = 0; u <= maxU; u++) cur[i][u] = (u - j >= 0 ? cur[i - 1][u - j] : 0) + prev[i][u];
    prev = cur;
  }
  return prev[n1];
}

/** Hedges' g (pooled SD, exact gamma correction J) with the Hedges–Olkin normal CI. */
export function hedgesG(a: Float64Array, b: Float64Array, opts: { confidenceLevel: number }): { value: number; ci: [number, number] } {
  const n1 = a.length, n2 = b.length, df = n1 + n2 - 2;
  const m1 = meanOf(a), m2 = meanOf(b);
  const sp = Math.sqrt(((n1 - 1) * varOf(a, m1) + (n2 - 1) * varOf(b, m2)) / df);
  const j = Math.exp(gammaln(df / 2) - 0.5 * Math.log(df / 2) - gammaln((df - 1) / 2));
  const g = (j * (m1 - m2)) / sp;
  const se = Math.sqrt((n1 + n2) / (n1 * n2) + (g * g) / (2 * (n1 + n2)));
  const z = normPpf(0.5 + opts.confidenceLevel / 2);
  return { value: g, ci: [g - z * se, g + z * se] };
}

/**
 * P(X_a > X_b) with ties counted half (= U_a / (nₐn_b)), with a seeded percentile-bootstrap CI
 * (Agarwal et al. 2021). Above 4,000 runs in all, the Hanley–McNeil normal interval replaces the
 * bootstrap, whose cost grows with every resample.
 */
export function probabilityOfImprovement(a: Float64Array, b: Float64Array, opts: { seed: number; confidenceLevel: number }): { value: number; ci: [number, number] } {
  const na = a.length, nb = b.length;
  const p = (x: Float64Array, y: Float64Array) => superiority(x.slice().sort(), y.slice().sort());
  const value = p(a, b);
  const alpha = 1 - opts.confidenceLevel;
  if (na + nb > 4000) {
    const q1 = value / (2 - value), q2 = (2 * value * value) / (1 + value);
    const se = Math.sqrt((value * (1 - value) + (na - 1) * (q1 - value * value) + (nb - 1) * (q2 - value * value)) / (na * nb));
    const z = normPpf(1 - alpha / 2);
    return { value, ci: [Math.max(0, value - z * se), Math.min(1, value + z * se)] };
  }
  const rng = createRng(opts.seed);
  const B = 2000;
  const stats = new Float64Array(B);
  const ra = new Float64Array(na), rb = new Float64Array(nb);
  for (let k = 0; k < B; k++) {
    for (let i = 0; i < na; i++) ra[i] = a[rng.int(na)];
    for (let i = 0; i < nb; i++) rb[i] = b[rng.int(nb)];
    stats[k] = superiority(ra.sort(), rb.sort());
  }
  stats.sort();
  const at = (q: number) => { const h = (B - 1) * q, lo = Math.floor(h); return stats[lo] + (h - lo) * ((stats[Math.min(lo + 1, B - 1)] ?? 0) - stats[lo]); };
  return { value, ci: [at(alpha / 2), at(1 - alpha / 2)] };
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
 */
export function expectedMaxSorted(sorted: Float64Array, n: number): { mean: number; sd: number } {
  const N = sorted.length;
  let e = 0, e2 = 0;
  let prev = 0;
  for (let i = 1; i <= N; i++) {
    const cur = Math.pow(i / N, n);
    const w = cur - prev;
    prev = cur;
    e += sorted[i - 1] * w;
    e2 += sorted[i - 1] * sorted[i - 1] * w;
  }
  return { mean: e, sd: Math.sqrt(Math.max(0, e2 - e * e)) };
}

function meanOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

function varOf(x: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}
