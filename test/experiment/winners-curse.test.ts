import { describe, expect, it } from 'vitest';
import type { RunRecord, RunState } from '../../src/domain/run.js';
import type { Metric } from '../../src/domain/metric.js';
import { analyzeReruns, configKey, freshSeeds, planReruns, rerunSweepName, selectTopConfigs } from '../../src/experiment/winners-curse.js';
import { UsageError } from '../../src/errors.js';

const ACC: Metric = { name: 'eval/accuracy', goal: 'maximize' };
let nextId = 0;
function run(sweep: string, params: Record<string, number | string>, acc: number | null, state: RunState = 'finished'): RunRecord {
  return { id: `r${++nextId}`, sweep, state, params, summary: { 'eval/accuracy': acc } };
}

// Sweep "a": lr 0.1 ran twice (0.90 and 0.80); a failed run with 0.99 and a finished run without a metric must be ignored.
const a1 = run('a', { loss: 'ce', lr: 0.1, seed: 1 }, 0.9);
const original: RunRecord[] = [
  a1,
  run('a', { loss: 'ce', lr: 0.1, seed: 2 }, 0.8),
  run('a', { loss: 'ce', lr: 0.2, seed: 3 }, 0.85),
  run('a', { loss: 'ce', lr: 0.3, seed: 4 }, 0.7),
  run('a', { loss: 'ce', lr: 0.4, seed: 5 }, 0.99, 'failed'),
  run('a', { loss: 'ce', lr: 0.5, seed: 6 }, null),
  run('b', { loss: 'kd', lr: 0.1, seed: 7 }, 0.88),
  run('b', { loss: 'kd', lr: 0.5, seed: 8 }, 0.86),
];

describe('selectTopConfigs', () => {
  it('picks distinct configurations by their best finished run, best first, per sweep', () => {
    const top = selectTopConfigs(original, { top: 2, metric: ACC });
    expect(top.map((c) => [c.sweep, c.rank, c.params.lr, c.selectedValue])).toEqual([
      ['a', 1, 0.1, 0.9],
      ['a', 2, 0.2, 0.85],
      ['b', 1, 0.1, 0.88],
      ['b', 2, 0.5, 0.86],
    ]);
    expect(top[0].runId).toBe(a1.id);
    expect(top[0].params).toEqual({ loss: 'ce', lr: 0.1 });
  });
  it('picks the smallest values when the goal is minimize', () => {
    const top = selectTopConfigs(original, { top: 1, metric: { name: 'eval/accuracy', goal: 'minimize' } });
    expect(top.map((c) => [c.sweep, c.params.lr, c.selectedValue])).toEqual([
      ['a', 0.3, 0.7],
      ['b', 0.5, 0.86],
    ]);
  });
  it('rejects a non-positive top', () => {
    expect(() => selectTopConfigs(original, { top: 0, metric: ACC })).toThrow(UsageError);
  });
});

describe('freshSeeds', () => {
  it('takes the smallest integers from 1000 that no run used', () => {
    expect(freshSeeds(original, 3)).toEqual([1000, 1001, 1002]);
    expect(freshSeeds([...original, run('a', { seed: 1001 }, 0.5)], 3)).toEqual([1000, 1002, 1003]);
    expect(freshSeeds(original, 2, 1)).toEqual([9, 10]);
  });
});

describe('planReruns', () => {
  it('plans K configurations × M seeds per sweep, with the same seeds for every sweep', () => {
    const plans = planReruns(original, { top: 2, seeds: 2, metric: ACC });
    expect(plans.map((p) => [p.sweep, p.rerunSweep, p.seeds])).toEqual([
      ['a', 'a-rerun', [1000, 1001]],
      ['b', 'b-rerun', [1000, 1001]],
    ]);
    expect(plans[0].runs).toEqual([
      { rank: 1, seed: 1000, params: { loss: 'ce', lr: 0.1, seed: 1000 } },
      { rank: 1, seed: 1001, params: { loss: 'ce', lr: 0.1, seed: 1001 } },
      { rank: 2, seed: 1000, params: { loss: 'ce', lr: 0.2, seed: 1000 } },
      { rank: 2, seed: 1001, params: { loss: 'ce', lr: 0.2, seed: 1001 } },
    ]);
  });
  it('names a configuration by its params without the seed', () => {
    expect(configKey({ seed: 3, b: 1, a: 'x' })).toBe(configKey({ a: 'x', b: 1, seed: 9 }));
    expect(configKey({ a: 'x', b: 1 })).not.toBe(configKey({ a: 'x', b: 2 }));
    expect(rerunSweepName('kl-temperature')).toBe('kl-temperature-rerun');
  });
});

describe('analyzeReruns', () => {
  const plans = planReruns(original, { top: 1, seeds: 3, metric: ACC });
  // a's best (lr 0.1, selected at 0.90) re-runs at 0.86, 0.84, 0.85; b's best (lr 0.1, 0.88) at 0.80, 0.83, 0.83.
  const rerunsA = [0.86, 0.84, 0.85].map((v, i) => run('a-rerun', { loss: 'ce', lr: 0.1, seed: 1000 + i }, v));
  const rerunsB = [0.8, 0.83, 0.83].map((v, i) => run('b-rerun', { loss: 'kd', lr: 0.1, seed: 1000 + i }, v));
  const stray = run('a-rerun', { loss: 'ce', lr: 0.9, seed: 1000 }, 0.1); // not a planned configuration

  it('measures the optimism of each sweep’s best with a t-interval from the re-runs', () => {
    const r = analyzeReruns(plans, [...rerunsA, ...rerunsB, stray], { metric: ACC, baseline: 'b' });
    const a = r.sweeps[0];
    expect(a.best.selectedValue).toBe(0.9);
    expect(a.best.rerun.n).toBe(3);
    expect(a.best.rerun.mean).toBeCloseTo(0.85, 14);
    expect(a.best.rerun.sd).toBeCloseTo(0.01, 14);
    expect(a.best.optimism).toBeCloseTo(0.05, 14);
    const half = 4.3026527297494619 * (0.01 / Math.sqrt(3)); // R: qt(0.975, 2)
    expect(a.best.optimismCi[0]).toBeCloseTo(0.05 - half, 12);
    expect(a.best.optimismCi[1]).toBeCloseTo(0.05 + half, 12);
    expect(r.sweeps[1].best.optimism).toBeCloseTo(0.88 - (0.8 + 0.83 + 0.83) / 3, 14);
  });

  it('pairs re-runs by seed when both sweeps re-ran the same seeds (scipy.stats.ttest_rel)', () => {
    const r = analyzeReruns(plans, [...rerunsA, ...rerunsB.slice().reverse()], { metric: ACC, baseline: 'b', alternative: 'greater' });
    expect(r.comparisons).toHaveLength(1);
    const c = r.comparisons[0];
    expect([c.a, c.b, c.test, c.nA, c.nB, c.df]).toEqual(['a', 'b', 'paired', 3, 3, 2]);
    // differences 0.06, 0.01, 0.02: mean 0.03, variance 0.0007
    expect(c.statistic).toBeCloseTo(0.03 / Math.sqrt(0.0007 / 3), 9);
    expect(c.pvalue).toBeCloseTo(0.09424866439965528, 12);
    expect(c.pvalueAdjusted).toBe(c.pvalue); // one comparison: Holm leaves it alone
    expect(c.significant).toBe(false);
    expect(c.sentence).toBe(
      'On fresh seeds, a is not shown to be higher in eval/accuracy than b (paired t-test over shared seeds, one-sided, p = 0.094 ≥ 0.05).',
    );
  });

  it('drops a seed that one sweep lacks and stays paired on the rest, as the report does (scipy.stats.ttest_rel)', () => {
    const failed = { ...rerunsB[2], state: 'failed' as const };
    const r = analyzeReruns(plans, [...rerunsA, rerunsB[0], rerunsB[1], failed], { metric: ACC, baseline: 'b' });
    const c = r.comparisons[0];
    expect([c.test, c.nA, c.nB, c.df]).toEqual(['paired', 2, 2, 1]);
    expect(c.statistic).toBeCloseTo(1.4000000000000008, 12);
    expect(c.pvalue).toBeCloseTo(0.3948630865774929, 12);
  });

  it('falls back to Welch when the sweeps share fewer than two seeds (scipy.stats.ttest_ind)', () => {
    const other = [0.8, 0.83, 0.83].map((v, i) => run('b-rerun', { loss: 'kd', lr: 0.1, seed: 2000 + i }, v));
    const r = analyzeReruns(plans, [...rerunsA, ...other], { metric: ACC, baseline: 'b' });
    const c = r.comparisons[0];
    expect([c.test, c.nA, c.nB]).toEqual(['welch', 3, 3]);
    expect(c.statistic).toBeCloseTo(2.598076211353323, 12);
    expect(c.pvalue).toBeCloseTo(0.07537639358058079, 12);
  });

  it('averages the top-K configurations on each seed: M pairs, never K·M pseudo-pairs (scipy.stats.ttest_rel)', () => {
    const top2 = planReruns(original, { top: 2, seeds: 3, metric: ACC });
    const seeds = [1000, 1001, 1002];
    const rr = [
      ...[0.86, 0.84, 0.85].map((v, i) => run('a-rerun', { loss: 'ce', lr: 0.1, seed: seeds[i] }, v)),
      ...[0.82, 0.8, 0.85].map((v, i) => run('a-rerun', { loss: 'ce', lr: 0.2, seed: seeds[i] }, v)),
      ...[0.8, 0.83, 0.83].map((v, i) => run('b-rerun', { loss: 'kd', lr: 0.1, seed: seeds[i] }, v)),
      ...[0.79, 0.8, 0.84].map((v, i) => run('b-rerun', { loss: 'kd', lr: 0.5, seed: seeds[i] }, v)),
    ];
    const c = analyzeReruns(top2, rr, { metric: ACC, baseline: 'b' }).comparisons[0];
    expect([c.test, c.nA, c.nB, c.df]).toEqual(['paired', 3, 3, 2]);
    expect(c.statistic).toBeCloseTo(1.8027756377320039, 12);
    expect(c.pvalue).toBeCloseTo(0.21320420753055516, 12);
  });

  it('signs optimism so that positive means optimistic when minimizing', () => {
    const loss: Metric = { name: 'eval/accuracy', goal: 'minimize' };
    const p = planReruns(original, { top: 1, seeds: 2, metric: loss });
    // a's lowest is lr 0.3 at 0.70; its re-runs give 0.75 and 0.77: the sweep was optimistic by 0.06.
    const rr = [0.75, 0.77].map((v, i) => run('a-rerun', { loss: 'ce', lr: 0.3, seed: 1000 + i }, v));
    const r = analyzeReruns(p, rr, { metric: loss });
    expect(r.sweeps[0].best.optimism).toBeCloseTo(0.06, 14);
    expect(r.sweeps[1].best.rerun.n).toBe(0);
    expect(r.sweeps[1].best.optimism).toBeNaN();
    expect(r.comparisons).toEqual([]); // b has no re-runs to compare
  });

  it('rejects a baseline that is not a re-run sweep', () => {
    expect(() => analyzeReruns(plans, [], { metric: ACC, baseline: 'nope' })).toThrow(
      /baseline "nope" is not one of the re-run sweeps: a, b/,
    );
  });
});
