import { describe, expect, it } from 'vitest';
import { winnersCurseView } from '../../src/render/winners-curse-view.js';
import type { WinnersCurseSection } from '../../src/analysis/model.js';

const section: WinnersCurseSection = {
  metric: 'eval/accuracy',
  goal: 'maximize',
  top: 1,
  seeds: [1000, 1001],
  alternative: 'greater',
  alpha: 0.05,
  adjust: 'holm',
  sweeps: [
    {
      sweep: 'kl',
      rerunSweep: 'kl-rerun',
      rank: 1,
      params: { loss: 'kl-temperature', epochs: 15, learning_rate: 0.01, seed: 1 },
      selected: 0.96,
      rerunMean: 0.95,
      rerunSd: 0.002,
      n: 2,
      optimism: 0.01,
      optimismCi: [0.002, 0.018],
    },
    {
      sweep: 'ce',
      rerunSweep: 'ce-rerun',
      rank: 1,
      params: { loss: 'ce', epochs: 15, learning_rate: 0.02, seed: 1 },
      selected: 0.95,
      rerunMean: 0.951,
      rerunSd: 0.004,
      n: 2,
      optimism: -0.001,
      optimismCi: [-0.03, 0.028],
    },
  ],
  comparisons: [
    {
      a: 'ce',
      b: 'kl',
      test: 'paired',
      nA: 2,
      nB: 2,
      statistic: 0.5,
      pvalue: 0.35,
      pvalueAdjusted: 0.35,
      df: 1,
      ci: [-0.01, Infinity],
      meanDifference: 0.001,
      significant: false,
      sentence: 'On fresh seeds, ce is not shown to be higher in eval/accuracy than kl.',
    },
  ],
};

describe('winnersCurseView', () => {
  it('lists only the params that tell configurations apart, never the seed', () => {
    const v = winnersCurseView(section);
    expect(v.rows.map((r) => r.params)).toEqual(['loss=kl-temperature, learning_rate=0.01', 'loss=ce, learning_rate=0.02']);
  });
  it('marks a configuration as optimistic only when its whole interval is above 0', () => {
    expect(winnersCurseView(section).rows.map((r) => r.optimistic)).toEqual([true, false]);
  });
  it('formats the comparison with its seeds and df', () => {
    const v = winnersCurseView(section);
    expect(v.seeds).toBe('1000, 1001');
    expect(v.comparisons[0]).toMatchObject({ df: '1', significant: false });
  });
});
