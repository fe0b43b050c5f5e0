import { StatsError } from '../errors.js';
import { levenshtein } from '../util/registry.js';

/** Correction methods, named as in R's `p.adjust` ('bh' = 'BH' = 'fdr', 'by' = 'BY'). */
export const P_ADJUST_METHODS = ['holm', 'hochberg', 'hommel', 'bonferroni', 'bh', 'by', 'none'] as const;
export type PAdjustMethod = (typeof P_ADJUST_METHODS)[number];

const ALIASES: Record<string, PAdjustMethod> = { fdr: 'bh', 'benjamini-hochberg': 'bh', 'benjamini-yekutieli': 'by' };

/**
 * Adjust p-values for multiple comparisons, exactly as R's `p.adjust(p, method)`:
 * - bonferroni: min(1, m·p)
 * - holm (default, as in R): step-down, cummax((m − i + 1)·p₍ᵢ₎) over ascending p
 * - hochberg: step-up, cummin((m − i + 1)·p₍ᵢ₎) over descending p
 * - hommel: Hommel (1988) closed testing, R's O(m²) algorithm (m = 2 falls back to hochberg, as R)
 * - bh (Benjamini–Hochberg FDR): cummin(m/i·p₍ᵢ₎) over descending p
 * - by (Benjamini–Yekutieli): as bh times Σ_{k≤m} 1/k
 * - none: p unchanged
 * NaN entries stay NaN and do not count towards m (R's `na.rm` behaviour). Results keep input order.
 * Reference: Holm (1979); Benjamini & Hochberg (1995); Benjamini & Yekutieli (2001).
 * Complexity: O(m log m); hommel O(m²).
 *
 * @throws {StatsError} a p-value outside [0, 1] or an unknown method (with a near-miss hint).
 * @example
 * adjustPValues([0.01, 0.02, 0.03, 0.04], 'holm') // [0.04, 0.06, 0.06, 0.06]
 */
export function adjustPValues(p: ArrayLike<number>, method: PAdjustMethod | (string & {}) = 'holm'): number[] {
  const fn = 'adjustPValues';
  const m = resolveMethod(method);
  const out: number[] = Array.from({ length: p.length }, () => NaN);
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (typeof v !== 'number') throw new StatsError(`${fn} expects numbers, but p[${i}] is ${typeof v}`);
    if (Number.isNaN(v)) continue;
    if (v < 0 || v > 1) throw new StatsError(`${fn}: p[${i}] = ${v} is not a probability in [0, 1]`);
    idx.push(i);
  }
  const n = idx.length;
  if (n === 0) return out;
  const pv = (k: number): number => p[idx[k]];
  if (m === 'none') {
    for (const i of idx) out[i] = p[i];
    return out;
  }
  if (m === 'bonferroni') {
    for (const i of idx) out[i] = Math.min(1, n * p[i]);
    return out;
  }
  // Stable orders, like R's order(): ascending for holm, descending for the step-up methods.
  const ascending = idx.map((_, k) => k).sort((x, y) => pv(x) - pv(y) || x - y);
  if (m === 'hommel' && n > 2) {
    const ps = ascending.map(pv);
    let start = Infinity;
    for (let k = 0; k < n; k++) start = Math.min(start, (n * ps[k]) / (k + 1));
    const q = new Array<number>(n).fill(start);
    const pa = q.slice();
    for (let j = n - 1; j >= 2; j--) {
      let q1 = Infinity;
      for (let t = 0; t < j - 1; t++) q1 = Math.min(q1, (j * ps[n - j + 1 + t]) / (t + 2));
      for (let k = 0; k <= n - j; k++) q[k] = Math.min(j * ps[k], q1);
      for (let k = n - j + 1; k < n; k++) q[k] = q[n - j];
      for (let k = 0; k < n; k++) pa[k] = Math.max(pa[k], q[k]);
    }
    ascending.forEach((k, r) => {
      out[idx[k]] = Math.max(pa[r], ps[r]);
    });
    return out;
  }
  if (m === 'holm') {
    let running = 0;
    ascending.forEach((k, j) => {
      running = Math.max(running, (n - j) * pv(k));
      out[idx[k]] = Math.min(1, running);
    });
    return out;
  }
  const descending = idx.map((_, k) => k).sort((x, y) => pv(y) - pv(x) || x - y);
  let q = 1;
  if (m === 'by') {
    q = 0;
    for (let k = 1; k <= n; k++) q += 1 / k;
  }
  let running = Infinity;
  descending.forEach((k, j) => {
    const i = n - j; // R: i <- lp:1
    const v = m === 'hochberg' || m === 'hommel' ? (n + 1 - i) * pv(k) : m === 'by' ? ((q * n) / i) * pv(k) : (n / i) * pv(k);
    running = Math.min(running, v);
    out[idx[k]] = Math.min(1, running);
  });
  return out;
}

function resolveMethod(method: string): PAdjustMethod {
  const key = String(method).toLowerCase();
  if ((P_ADJUST_METHODS as readonly string[]).includes(key)) return key as PAdjustMethod;
  if (key in ALIASES) return ALIASES[key];
  const near = P_ADJUST_METHODS.filter((name) => levenshtein(name, key) <= 2);
  const hint = near.length > 0 ? ` (did you mean '${near[0]}'?)` : '';
  throw new StatsError(`adjustPValues: unknown method ${JSON.stringify(method)}${hint}; use one of ${P_ADJUST_METHODS.join(', ')}`);
}
