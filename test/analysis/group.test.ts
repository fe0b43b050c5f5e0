import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupSamples, summarize, tukeyBox } from '../../src/analysis/group.js';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('summarize', () => {
  it('gives n, best, mean, sd (ddof 1), quartiles, min, max', () => {
    const s = summarize('A', f64([1, 2, 3, 4]), 'maximize', { dropped: 2, failed: 1 });
    expect(s).toMatchObject({
      name: 'A',
      n: 4,
      best: 4,
      mean: 2.5,
      median: 2.5,
      q1: 1.75,
      q3: 3.25,
      min: 1,
      max: 4,
      dropped: 2,
      failed: 1,
    });
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(summarize('A', f64([1, 2]), 'minimize', { dropped: 0, failed: 0 }).best).toBe(1);
  });
});

describe('groupSamples', () => {
  const groups = [
    { name: 'low', values: f64([0.5, 0.7]), rows: new Int32Array(2), dropped: 0, failed: 0, total: 2 },
    { name: 'high', values: f64([0.9, 0.6]), rows: new Int32Array(2), dropped: 0, failed: 0, total: 2 },
    { name: 'empty', values: f64([]), rows: new Int32Array(0), dropped: 3, failed: 0, total: 3 },
  ];
  it('sorts groups by best (max), empty groups last, values ascending', () => {
    const g = groupSamples(groups, 'maximize');
    expect(g.map((x) => x.name)).toEqual(['high', 'low', 'empty']);
    expect(Array.from(g[0].sorted)).toEqual([0.6, 0.9]);
  });
  it('sorts by min with minimize', () => {
    expect(groupSamples(groups, 'minimize').map((x) => x.name)).toEqual(['low', 'high', 'empty']);
  });
});

describe('tukeyBox', () => {
  it('puts whiskers at the most extreme points within 1.5·IQR, as matplotlib does', () => {
    // numpy: q1 = 2.75, q3 = 6.25, IQR = 3.5 → fences −2.5, 11.5; 100 is an outlier.
    const b = tukeyBox('A', f64([1, 2, 3, 4, 5, 6, 7, 100]));
    expect(b).toMatchObject({ q1: 2.75, median: 4.5, q3: 6.25, whiskerLow: 1, whiskerHigh: 7, outliers: [100] });
    expect(b.values).toHaveLength(8);
  });
  it('omits individual values for large groups', () => {
    const big = Float64Array.from({ length: 1000 }, (_, i) => i);
    const b = tukeyBox('big', big, 500);
    expect(b.values).toBeUndefined();
    expect(b.outliers).toEqual([]);
    expect(b.whiskerHigh).toBe(999);
  });
});

describe('tukeyBox equals matplotlib.cbook.boxplot_stats (what pandas draws)', () => {
  const goldens = JSON.parse(readFileSync(new URL('./golden/box-goldens.json', import.meta.url), 'utf8')) as {
    name: string;
    values: number[];
    q1: number;
    median: number;
    q3: number;
    whiskerLow: number;
    whiskerHigh: number;
    outliers: number[];
  }[];
  it.each(goldens)('$name', (g) => {
    const b = tukeyBox(g.name, Float64Array.from(g.values).sort());
    for (const k of ['q1', 'median', 'q3', 'whiskerLow', 'whiskerHigh'] as const) expect(b[k]).toBeCloseTo(g[k], 12);
    expect(b.outliers).toEqual(g.outliers);
  });
});
