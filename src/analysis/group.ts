/**
 * Stage 3, group (pure): cleaned groups → sorted samples, per-group summaries (the seed's
 * `best_accuracy` and `runs` tables in one) and Tukey boxes for charts.
 *
 * Each group is sorted once (typed-array sort); every quantile, the whiskers and the outliers are
 * read from that sorted copy, so a million runs cost one sort per group.
 */
import type { Goal } from '../domain/metric.js';
import type { GroupBox, GroupSummary } from './model.js';
import type { CleanGroup } from './clean.js';
import { quantileSorted } from '../stats/quantile.js';

/** Groups up to this size carry every value for jittered points (the box plot draws them); larger ones only box + outliers. */
export const MAX_POINTS_PER_GROUP = 500;

export interface SampleGroup {
  readonly name: string;
  /** Metric values ascending. */
  readonly sorted: Float64Array;
  readonly summary: GroupSummary;
}

/** n, best, mean, sd (ddof 1), median, quartiles, min, max of one group. */
export function summarize(name: string, sorted: Float64Array, goal: Goal, counts: { dropped: number; failed: number }): GroupSummary {
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const mean = n ? sum / n : NaN;
  // Two-pass variance: accurate for accuracy-like data clustered near one value.
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i] - mean;
    ss += d * d;
    comp += d;
  }
  const sd = n > 1 ? Math.sqrt((ss - (comp * comp) / n) / (n - 1)) : NaN;
  const min = n ? sorted[0] : NaN;
  const max = n ? sorted[n - 1] : NaN;
  return {
    name,
    n,
    best: goal === 'minimize' ? min : max,
    mean,
    sd,
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    min,
    max,
    dropped: counts.dropped,
    failed: counts.failed,
  };
}

/** Sorted samples and summaries, best group first (max best, or min with `minimize`); empty groups last. */
export function groupSamples(groups: readonly CleanGroup[], goal: Goal): SampleGroup[] {
  const out = groups.map((g) => {
    const sorted = Float64Array.from(g.values).sort();
    return { name: g.name, sorted, summary: summarize(g.name, sorted, goal, g) };
  });
  const sign = goal === 'minimize' ? 1 : -1;
  // Stable: ties keep input order.
  return out.sort((x, y) => {
    const bx = x.summary.best,
      by = y.summary.best;
    if (Number.isNaN(bx) || Number.isNaN(by)) return Number.isNaN(bx) ? (Number.isNaN(by) ? 0 : 1) : -1;
    return sign * (bx - by);
  });
}

/**
 * Tukey box as matplotlib/pandas draws it: whiskers at the most extreme data within 1.5·IQR of the
 * quartiles, points beyond them as outliers.
 */
export function tukeyBox(name: string, sorted: Float64Array, maxPoints = MAX_POINTS_PER_GROUP): GroupBox {
  const n = sorted.length;
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const loFence = q1 - 1.5 * iqr;
  const hiFence = q3 + 1.5 * iqr;
  let lo = 0;
  while (lo < n && sorted[lo] < loFence) lo++;
  let hi = n - 1;
  while (hi >= 0 && sorted[hi] > hiFence) hi--;
  const outliers = [...sorted.subarray(0, lo), ...sorted.subarray(hi + 1)];
  return {
    name,
    q1,
    median: quantileSorted(sorted, 0.5),
    q3,
    // matplotlib clamps a whisker to the quartile when no point lies inside the fence on that side.
    whiskerLow: n ? Math.min(sorted[lo] ?? q1, q1) : NaN,
    whiskerHigh: n ? Math.max(sorted[hi] ?? q3, q3) : NaN,
    outliers,
    ...(n <= maxPoints ? { values: Array.from(sorted) } : {}),
  };
}
