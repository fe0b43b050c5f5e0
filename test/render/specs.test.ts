import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/analysis/model.js';
import { MAX_POINTS_PER_GROUP } from '../../src/analysis/group.js';
import { boxplotSpec, thin } from '../../src/render/specs/boxplot.js';
import { comparisonIntervalSpec } from '../../src/render/specs/comparison-interval.js';
import { MAX_CURVE_POINTS, expectedMaxSpec, logSample, paletteFor } from '../../src/render/specs/expected-max.js';
import { COLORS, PALETTE } from '../../src/render/specs/theme.js';
import { createRng } from '../../src/util/rng.js';
import { model as fullModel } from '../helpers/report-model.js';

/** Two tiny groups: B's values are drawn, A is "large" (outliers only). */
const tiny: ReportModel = {
  ...fullModel,
  results: {
    ...fullModel.results,
    metric: 'acc',
    group: 'variant',
    baseline: 'B',
    groups: [
      { name: 'A', n: 500, best: 0.95, mean: 0.9, sd: 0.02, median: 0.9, q1: 0.89, q3: 0.91, min: 0.5, max: 0.95, dropped: 0, failed: 0 },
      { name: 'B', n: 3, best: 0.8, mean: 0.7, sd: 0.1, median: 0.7, q1: 0.65, q3: 0.75, min: 0.6, max: 0.8, dropped: 0, failed: 0 },
    ],
    comparisons: [
      {
        ...fullModel.results.comparisons[0],
        a: 'A',
        b: 'B',
        welch: { ...fullModel.results.comparisons[0].welch, ci: [0.1, Infinity] },
        significant: true,
      },
    ],
    expectedMax: {
      A: [
        { n: 1, mean: 0.9, sd: 0.02 },
        { n: 2, mean: 0.91, sd: 0.015 },
      ],
      B: [
        { n: 1, mean: 0.7, sd: 0.1 },
        { n: 3, mean: 0.8, sd: NaN },
      ],
    },
  },
  boxes: [
    { name: 'A', q1: 0.89, median: 0.9, q3: 0.91, whiskerLow: 0.86, whiskerHigh: 0.94, outliers: [0.5, 0.95] },
    { name: 'B', q1: 0.65, median: 0.7, q3: 0.75, whiskerLow: 0.6, whiskerHigh: 0.8, outliers: [], values: [0.6, 0.7, 0.8] },
  ],
};

type Layer = { data?: { values: unknown[] }; mark: { type: string }; encoding: Record<string, { field?: string }>; transform?: unknown[] };

describe('boxplotSpec', () => {
  const spec = boxplotSpec(tiny, { seed: 7 }) as unknown as { layer: Layer[]; encoding: { y: unknown }; width: number };

  it('draws the precomputed Tukey statistics as rule, caps, bar and median tick', () => {
    const boxes = [
      { group: 'A', label: 'A', rank: 0, role: 'variant', n: 500, q1: 0.89, median: 0.9, q3: 0.91, whiskerLow: 0.86, whiskerHigh: 0.94 },
      { group: 'B', label: 'B', rank: 1, role: 'baseline', n: 3, q1: 0.65, median: 0.7, q3: 0.75, whiskerLow: 0.6, whiskerHigh: 0.8 },
    ];
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['rule', 'tick', 'bar', 'tick', 'circle']);
    for (const i of [0, 1, 2, 3]) expect(spec.layer[i].data!.values).toEqual(boxes);
    expect(spec.layer[0].encoding.x.field).toBe('whiskerLow');
    expect(spec.layer[0].encoding.x2).toEqual({ field: 'whiskerHigh' });
    expect(spec.layer[1].transform).toEqual([{ fold: ['whiskerLow', 'whiskerHigh'], as: ['whisker', 'end'] }]);
    expect(spec.layer[2].encoding.x.field).toBe('q1');
    expect(spec.layer[2].encoding.x2).toEqual({ field: 'q3' });
    expect(spec.layer[3].encoding.x.field).toBe('median');
  });

  it('draws every run of a small group, jittered from the seed, and only the outliers of a large one', () => {
    const rng = createRng(7);
    const j = () => Math.round((rng.next() * 2 - 1) * 1e6) / 1e6;
    expect(spec.layer[4].data!.values).toEqual([
      { group: 'A', label: 'A', rank: 0, value: 0.5, at: 0.5, about: 'A: 0.5', outlier: true, jitter: j() },
      { group: 'A', label: 'A', rank: 0, value: 0.95, at: 0.95, about: 'A: 0.95', outlier: true, jitter: j() },
      { group: 'B', label: 'B', rank: 1, value: 0.6, at: 0.6, about: 'B: 0.6', outlier: false, jitter: j() },
      { group: 'B', label: 'B', rank: 1, value: 0.7, at: 0.7, about: 'B: 0.7', outlier: false, jitter: j() },
      { group: 'B', label: 'B', rank: 1, value: 0.8, at: 0.8, about: 'B: 0.8', outlier: false, jitter: j() },
    ]);
    expect(spec.layer[4].encoding.yOffset).toEqual({ field: 'jitter', type: 'quantitative', scale: { domain: [-2.2, 2.2] } });
  });

  it('is reproducible for a seed and differs across seeds only in the jitter', () => {
    expect(boxplotSpec(tiny, { seed: 7 })).toEqual(spec);
    const other = boxplotSpec(tiny, { seed: 8 }) as unknown as { layer: Layer[] };
    expect(other.layer[4].data!.values).not.toEqual(spec.layer[4].data!.values);
    expect(other.layer.slice(0, 4)).toEqual(spec.layer.slice(0, 4));
  });

  it('orders groups as the best-by-group table and marks the baseline by colour', () => {
    expect(spec.encoding.y).toEqual({
      // The unique short label; the full name stays in the data for the tooltips.
      field: 'label',
      type: 'nominal',
      // Sorted by each row's rank in the table, never by a list of names (a vega expression).
      sort: { field: 'rank', op: 'min' },
      title: 'variant',
      axis: { labelLimit: 0, labelFontSize: 12, labelPadding: 6 },
    });
    expect((spec.layer[2].encoding as Record<string, unknown>).color).toMatchObject({
      field: 'role',
      scale: { domain: ['variant', 'baseline'], range: [COLORS.variant, COLORS.baseline] },
    });
  });

  it('has no baseline legend when there is no baseline', () => {
    const noBaseline = boxplotSpec({ ...tiny, results: { ...tiny.results, baseline: undefined } }) as unknown as { layer: Layer[] };
    expect((noBaseline.layer[2].encoding as Record<string, { legend?: unknown }>).color.legend).toBeNull();
  });
});

describe('expectedMaxSpec', () => {
  const spec = expectedMaxSpec(tiny) as unknown as { data: { values: unknown[] }; encoding: { color: { scale: unknown } }; layer: Layer[] };

  it('draws mean ± sd per group, a missing sd as a zero-width band', () => {
    expect(spec.data.values).toEqual([
      { group: 'A', label: 'A', n: 1, mean: 0.9, low: 0.9 - 0.02, high: 0.9 + 0.02 },
      { group: 'A', label: 'A', n: 2, mean: 0.91, low: 0.91 - 0.015, high: 0.91 + 0.015 },
      { group: 'B', label: 'B', n: 1, mean: 0.7, low: 0.7 - 0.1, high: 0.7 + 0.1 },
      { group: 'B', label: 'B', n: 3, mean: 0.8, low: 0.8, high: 0.8 },
    ]);
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['area', 'line']);
    expect(spec.encoding.color.scale).toEqual({ domain: ['A', 'B'], range: [PALETTE[0], PALETTE[1]] });
  });

  it('is absent when no group has a curve', () => {
    expect(expectedMaxSpec({ ...tiny, results: { ...tiny.results, expectedMax: {} } })).toBeUndefined();
  });

  it('cycles the palette past ten groups', () => {
    expect(paletteFor(12).slice(10)).toEqual([PALETTE[0], PALETTE[1]]);
  });
});

describe('comparisonIntervalSpec', () => {
  it('draws the Welch CI around the difference of means, an infinite end clamped to the padded domain', () => {
    const spec = comparisonIntervalSpec(tiny) as unknown as { data: { values: unknown[] }; layer: Layer[] };
    // Finite values: diff 0.9 − 0.7 = 0.2, low 0.1, zero 0 → extent [0, 0.2], padding 12%.
    const diff = 0.9 - 0.7;
    const pad = (diff - 0) * 0.12;
    expect(spec.data.values).toEqual([
      {
        rank: 0,
        label: 'A − B',
        comparison: 'A − B',
        diff,
        low: 0.1,
        high: diff + pad,
        lowOpen: false,
        highOpen: true,
        significant: 'significant',
      },
    ]);
    expect((spec.layer[1].encoding.x as { scale: unknown }).scale).toEqual({ domain: [0 - pad, diff + pad], nice: false, zero: false });
    expect(spec.layer[0].data!.values).toEqual([{ zero: 0 }]);
    expect(spec.layer[0].encoding.y).toBeUndefined();
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['rule', 'rule', 'point', 'point', 'point']);
  });

  it('is absent without comparisons', () => {
    expect(comparisonIntervalSpec({ ...tiny, results: { ...tiny.results, comparisons: [] } })).toBeUndefined();
  });

  it("draws the verdict test's interval: the paired t-test's when runs are matched, named on the axis", () => {
    const c = tiny.results.comparisons[0];
    const paired = {
      ...tiny,
      results: {
        ...tiny.results,
        comparisons: [
          {
            ...c,
            headlineTest: 'paired' as const,
            paired: { statistic: 3, pvalue: 0.01, pvalueAdjusted: 0.01, df: 9, n: 10, ci: [0.15, 0.25] as const },
          },
        ],
      },
    };
    const spec = comparisonIntervalSpec(paired) as unknown as { data: { values: { low: number; high: number }[] }; layer: Layer[] };
    expect([spec.data.values[0].low, spec.data.values[0].high]).toEqual([0.15, 0.25]);
    expect((spec.layer[1].encoding.x as { title: string }).title).toMatch(/paired t CI$/);
    // Mann–Whitney has no interval: Welch's is drawn, and the axis says so.
    const mw = { ...tiny, results: { ...tiny.results, comparisons: [{ ...c, headlineTest: 'mannWhitney' as const }] } };
    const mwSpec = comparisonIntervalSpec(mw) as unknown as { layer: Layer[] };
    expect((mwSpec.layer[1].encoding.x as { title: string }).title).toMatch(/Welch CI$/);
  });
});

describe('thin', () => {
  it('leaves small groups alone', () => {
    const values = Array.from({ length: MAX_POINTS_PER_GROUP }, (_, i) => i);
    expect(thin(values)).toBe(values);
  });
  it('draws a huge group as at most one dot per 1/1000 of its range, keeping the extremes', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_000);
    const out = thin(values);
    expect(out.length).toBeLessThanOrEqual(MAX_POINTS_PER_GROUP + 2);
    expect(out.length).toBeGreaterThan(MAX_POINTS_PER_GROUP - 2);
    expect(out).toContain(0);
    expect(out).toContain(99_999);
    // One value per bucket: no two dots closer than 1/1000 of the range.
    expect(new Set(out.map((v) => Math.floor(v / (99_999 / MAX_POINTS_PER_GROUP)))).size).toBe(out.length);
  });
});

describe('logSample', () => {
  it('keeps short curves whole', () => {
    const pts = [{ n: 1 }, { n: 2 }, { n: 3 }];
    expect(logSample(pts)).toBe(pts);
  });
  it('samples a long curve evenly in log N, keeping both ends', () => {
    const pts = Array.from({ length: 100_000 }, (_, i) => ({ n: i + 1 }));
    const out = logSample(pts);
    expect(out.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(out.length).toBeGreaterThan(MAX_CURVE_POINTS / 2);
    expect(out[0]).toBe(pts[0]);
    expect(out.at(-1)).toBe(pts.at(-1));
    // The small budgets, where curves differ most, keep every point.
    expect(out.slice(0, 10).map((p) => p.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
