/**
 * Paired designs, filters and multi-column groups on real exports (../shared/realdata; skipped when
 * absent). PaulErpen's design lives in its run names (`method-scene-budget-rep`): `--derive` makes
 * columns of its parts, the report groups by method and pairs by scene × budget, and the figures
 * match scipy's (test/analysis/golden/paired-realdata.py).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../src/analysis/load.js';
import { analyzeTable } from '../../src/analysis/pipeline.js';
import { defaultEngine } from '../../src/analysis/stats-engine.js';

const dir = new URL('../../../shared/realdata/', import.meta.url).pathname;
const has = (f: string) => existsSync(dir + f);
const PAUL = 'PaulErpen__wandb-data-analysis__wandb_runs.csv';
const DENNIS = 'Dennis-Diehl__hyperparameter-optimization__runs.csv';
const SIMON = 'SimonHofmann94__BS-Data__grid_sweep_summary.csv';

interface RealGolden {
  comparisons: {
    a: string;
    b: string;
    n: number;
    paired: { statistic: number; pvalue: number; df: number };
    wilcoxon: { statistic: number; pvalue: number };
  }[];
}

function close(actual: number | undefined, expected: number) {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe.skipIf(!has(PAUL))('PaulErpen: methods paired by scene × budget from the run name', () => {
  it('gives scipy ttest_rel and wilcoxon for mcmc vs default on the matched keys', async () => {
    const golden = JSON.parse(readFileSync(new URL('./golden/paired-realdata.json', import.meta.url), 'utf8')) as RealGolden;
    const loaded = await loadTable(dir + PAUL);
    const a = analyzeTable(
      loaded,
      {
        derive: ['name~^(?<method>[^-]+)-(?<scene>[^-]+)-(?<budget>[^-]+)'],
        group: 'method',
        metric: 'test_full/psnr',
        goal: 'maximize',
        baseline: 'default',
        pairBy: 'scene,budget',
      },
      defaultEngine,
    );
    expect(a.results.design?.pairBy).toEqual(['scene', 'budget']);
    const e = golden.comparisons.find((c) => c.a === 'mcmc' && c.b === 'default')!;
    const c = a.results.comparisons.find((x) => x.a === 'mcmc' && x.b === 'default')!;
    expect(c.headlineTest).toBe('paired');
    expect(c.paired?.n).toBe(e.n);
    close(c.paired?.statistic, e.paired.statistic);
    close(c.paired?.pvalue, e.paired.pvalue);
    close(c.paired?.df, e.paired.df);
    close(c.wilcoxon?.statistic, e.wilcoxon.statistic);
    close(c.wilcoxon?.pvalue, e.wilcoxon.pvalue);
  });
});

describe.skipIf(!has(DENNIS))('Dennis-Diehl: one dataset and model type, methods paired by seed', () => {
  it('filters to the dataset and model, pairs 10 seeds per comparison and gives paired verdicts', async () => {
    const table = await loadTable(dir + DENNIS);
    const a = analyzeTable(
      table,
      { where: ['dataset=adult_income', 'model_type=mlp'], group: 'method', metric: 'test_auroc', pairBy: 'seed' },
      defaultEngine,
    );
    expect(a.results.filters).toEqual(['dataset=adult_income', 'model_type=mlp']);
    expect(a.results.design).toMatchObject({ pairBy: ['seed'], keys: 10, replicatesAveraged: 0, dropped: 0 });
    expect(a.results.groups).toHaveLength(7);
    expect(a.results.comparisons).toHaveLength(21);
    for (const c of a.results.comparisons) {
      expect(c.headlineTest).toBe('paired');
      expect(c.paired?.n).toBe(10);
    }
  });

  it('finds the (dataset, seed, model type) blocking without --pair-by, and uses it with --pair-by auto', async () => {
    const table = await loadTable(dir + DENNIS);
    const hint = analyzeTable(table, { group: 'method', metric: 'test_auroc' }, defaultEngine);
    expect(hint.pairing?.use).toBe('suggested');
    // 5 datasets × 10 seeds × 2 model types: each method ran every block once.
    expect(hint.pairing?.columns).toEqual(['dataset', 'seed', 'model_type']);
    const auto = analyzeTable(table, { group: 'method', metric: 'test_auroc', pairBy: 'auto' }, defaultEngine);
    expect(auto.results.design?.pairBy).toEqual(['dataset', 'seed', 'model_type']);
    expect(auto.results.design?.keys).toBe(100);
  });
});

describe.skipIf(!has(SIMON))('SimonHofmann94: groups by learning rate × weight decay, paired by seed', () => {
  it('names each group by both columns, with keys, and pairs by seed', async () => {
    const table = await loadTable(dir + SIMON);
    const a = analyzeTable(
      table,
      { group: 'lr,weight_decay', metric: 'metric_value', pairBy: 'seed', where: ['phase=grid'] },
      defaultEngine,
    );
    expect(a.results.group).toBe('lr,weight_decay');
    for (const g of a.results.groups) {
      expect(g.name).toBe(`lr=${g.keys?.lr}, weight_decay=${g.keys?.weight_decay}`);
    }
    expect(a.results.groups.length).toBeGreaterThan(2);
    expect(a.results.comparisons.every((c) => c.headlineTest === 'paired' && (c.paired?.n ?? 0) >= 2)).toBe(true);
  });
});
