import { describe, expect, it } from 'vitest';
import { compareGroups, curveSizes, headlineComparison } from '../../src/analysis/compare.js';
import { groupSamples } from '../../src/analysis/group.js';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import { adjustPValues, ttestInd } from '../../src/stats/index.js';
import { messages } from '../../src/log/messages.js';
import { UsageError } from '../../src/errors.js';

const g = (name: string, values: number[]) => ({
  name,
  values: Float64Array.from(values),
  rows: new Int32Array(values.length),
  dropped: 0,
  failed: 0,
  total: values.length,
});
const base = [0.8, 0.82, 0.81, 0.79, 0.83, 0.8, 0.81, 0.82, 0.8, 0.81, 0.78];
const better = [0.84, 0.85, 0.83, 0.86, 0.84, 0.85, 0.82, 0.84, 0.86, 0.85];
const same = [0.81, 0.8, 0.82, 0.79, 0.81, 0.8, 0.83, 0.81, 0.8, 0.82];
const groups = groupSamples([g('base', base), g('better', better), g('same', same)], 'maximize');
const opts = {
  metric: 'eval/accuracy',
  goal: 'maximize' as const,
  alternative: 'greater' as const,
  alpha: 0.05,
  adjust: 'holm' as const,
  baseline: 'base',
};

describe('compareGroups against a baseline', () => {
  const r = compareGroups(groups, opts, defaultEngine);
  it('compares every other group with the baseline, the best by mean first (the headline)', () => {
    expect(r.comparisons.map((c) => [c.a, c.b])).toEqual([
      ['better', 'base'],
      ['same', 'base'],
    ]);
    expect(r.headline).toBe(0);
  });
  it('reports Student and Welch exactly as ttestInd, Holm-adjusted across the comparisons', () => {
    const w = r.comparisons.map((c) =>
      ttestInd(groups.find((x) => x.name === c.a)!.sorted, groups.find((x) => x.name === 'base')!.sorted, {
        equalVar: false,
        alternative: 'greater',
      }),
    );
    expect(r.comparisons.map((c) => c.welch.pvalue)).toEqual(w.map((x) => x.pvalue));
    expect(r.comparisons.map((c) => c.welch.pvalueAdjusted)).toEqual(
      adjustPValues(
        w.map((x) => x.pvalue),
        'holm',
      ),
    );
    expect(r.comparisons[0].welch.ci[1]).toBe(Infinity);
    expect(r.comparisons[0].student.df).toBe(19);
  });
  it('decides significance on the adjusted headline p and says so in one sentence', () => {
    expect(r.comparisons[0].significant).toBe(true);
    expect(r.comparisons[0].sentence).toMatch(/^better is more accurate than base \(Welch, one-sided, Holm-adjusted p = .* < 0\.05\)$/);
    expect(r.comparisons[1].significant).toBe(false);
    expect(r.comparisons[1].sentence).toMatch(
      /^same is not shown to be more accurate than base \(Welch, one-sided, Holm-adjusted p = .* ≥ 0\.05\)$/,
    );
  });
  it('gives expected best-of-N curves and the budget-matched best at the smallest N', () => {
    expect(r.expectedMax.base.at(-1)!.n).toBe(11);
    expect(r.expectedMax.base[0]).toEqual({
      n: 1,
      mean: expect.closeTo(base.reduce((s, x) => s + x) / 11, 12) as number,
      sd: expect.any(Number) as number,
    });
    expect(r.budgetMatched!.n).toBe(10);
    expect(r.budgetMatched!.groups.map((x) => x.name)).toEqual(groups.map((x) => x.name));
    expect(r.budgetMatched!.groups[0].expectedBest).toBeCloseTo(defaultEngine.expectedMax(groups[0].sorted, 10).mean, 15);
  });
  it('warns about groups with few runs', () => {
    expect(r.warnings).toEqual([]);
    const small = compareGroups(
      groupSamples([g('A', [1, 2, 3]), g('B', [2, 3, 4, 5])], 'maximize'),
      { ...opts, baseline: 'A' },
      defaultEngine,
    );
    expect(small.warnings).toEqual([
      messages.fewRunsGroups([
        { name: 'B', n: 4 },
        { name: 'A', n: 3 },
      ]),
    ]);
  });
  it('rejects an unknown baseline, suggesting near misses', () => {
    expect(() => compareGroups(groups, { ...opts, baseline: 'bse' }, defaultEngine)).toThrowError(UsageError);
    expect(() => compareGroups(groups, { ...opts, baseline: 'bse' }, defaultEngine)).toThrowError(/did you mean "base"/);
  });
});

describe('compareGroups, all pairs and minimize', () => {
  it('compares all pairs with the top two groups by mean as the headline', () => {
    const r = compareGroups(groups, { ...opts, baseline: undefined, alternative: 'two-sided' }, defaultEngine);
    expect(r.comparisons).toHaveLength(3);
    expect([r.comparisons[0].a, r.comparisons[0].b]).toEqual(['better', 'same']);
  });
  it('with minimize, the best is the smallest and improvement means lower', () => {
    const gs = groupSamples([g('hi', [3, 4, 5, 4]), g('lo', [1, 2, 1.5, 2.5])], 'minimize');
    const r = compareGroups(gs, { ...opts, goal: 'minimize', alternative: 'less', baseline: 'hi', metric: 'val/loss' }, defaultEngine);
    expect(r.comparisons[0].probabilityOfImprovement.value).toBe(1);
    expect(r.budgetMatched!.groups.find((x) => x.name === 'lo')!.expectedBest).toBeLessThan(2.5);
    expect(r.comparisons[0].sentence).toMatch(/^lo has a lower val\/loss than hi/);
  });
  it('skips groups with fewer than 2 runs, with a warning', () => {
    const r = compareGroups(groupSamples([g('A', [1, 2, 3]), g('B', [5])], 'maximize'), { ...opts, baseline: 'A' }, defaultEngine);
    expect(r.comparisons).toEqual([]);
    expect(r.warnings).toContain(messages.comparisonSkipped('B', 'A', 'a t-test needs at least 2 runs per group'));
  });
});

describe('curveSizes', () => {
  it('uses every n up to 30, then log-spaced sizes up to N', () => {
    expect(curveSizes(5)).toEqual([1, 2, 3, 4, 5]);
    const s = curveSizes(100000, 61);
    expect(s.length).toBeLessThan(60);
    expect(s).toContain(61);
    expect(s.at(-1)).toBe(100000);
  });
});

describe('the headline comparison (chosen once, here)', () => {
  it('is the best challenger against the baseline, first in the comparisons', () => {
    const r = compareGroups(groups, opts, defaultEngine);
    expect(headlineComparison(r)).toBe(r.comparisons[0]);
    expect([r.comparisons[0].a, r.comparisons[0].b]).toEqual(['better', 'base']);
  });
  it('without a baseline, is the pair of the two best groups by mean, whatever the pair order', () => {
    const top = [0.9, 0.91, 0.92, 0.9];
    const second = [0.85, 0.86, 0.84, 0.85];
    const low = [0.7, 0.71, 0.72, 0.7];
    // Pair order puts (low, top) and (low, second) before (top, second).
    const gs = groupSamples([g('low', low), g('top', top), g('second', second)], 'minimize');
    const r = compareGroups(gs, { ...opts, goal: 'maximize', baseline: undefined }, defaultEngine);
    expect(r.headline).toBe(0);
    expect(new Set([r.comparisons[0].a, r.comparisons[0].b])).toEqual(new Set(['top', 'second']));
  });
  it('is absent when there is nothing to compare', () => {
    const r = compareGroups(groupSamples([g('only', base)], 'maximize'), { ...opts, baseline: undefined }, defaultEngine);
    expect(headlineComparison(r)).toBeUndefined();
    expect(r.headline).toBe(-1);
  });
  it('every comparison carries the chosen test, and its verdict rests on that test', () => {
    const r = compareGroups(groups, { ...opts, headlineTest: 'mann-whitney' }, defaultEngine);
    for (const c of r.comparisons) {
      expect(c.headlineTest).toBe('mannWhitney');
      expect(c.significant).toBe(c.mannWhitney.pvalueAdjusted < opts.alpha);
      expect(c.sentence).toMatch(/\(Mann–Whitney, one-sided, /);
    }
  });
  it('refuses an unknown test by name, with a near-miss hint', () => {
    expect(() => compareGroups(groups, { ...opts, headlineTest: 'mann-whitny' as 'welch' }, defaultEngine)).toThrowError(
      new UsageError('unknown test "mann-whitny" (did you mean "mann-whitney"?); valid: student, welch, mann-whitney, paired-t, wilcoxon'),
    );
  });
});
