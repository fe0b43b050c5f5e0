/**
 * Every real export in ../shared/realdata produces a report model with the group and metric columns
 * its README names, and the group counts it states. Skipped when the folder is absent.
 */
import { messages } from '../../src/log/messages.js';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../src/analysis/load.js';
import { analyzeTable, type AnalyzeOptions } from '../../src/analysis/pipeline.js';
import { buildReportModel } from '../../src/report/build.js';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import { parseGroupPattern } from '../../src/analysis/clean.js';

const dir = new URL('../../../shared/realdata/', import.meta.url).pathname;
const present = existsSync(dir);

async function analyze(file: string, opts: AnalyzeOptions) {
  const table = await loadTable(dir + file);
  const analysis = analyzeTable(table, opts, defaultEngine);
  const model = buildReportModel(table, analysis, { command: 'kdlab report', options: {}, createdAt: '2026-01-01T00:00:00.000Z' });
  const totals = Object.fromEntries(analysis.cleaning.groups.map((g) => [g.name, g.total]));
  const used = Object.fromEntries(analysis.results.groups.map((g) => [g.name, g.n]));
  return { table, analysis, model, totals, used };
}

describe.skipIf(!present)('real exports (../shared/realdata)', () => {
  it('MLflow search_runs: params.model, 18 groups, FAILED/RUNNING runs left out', async () => {
    const { analysis, totals, model } = await analyze('lucasdocunha__ConditionalAutoencoder__mlflow_runs.csv', { group: 'params.model' });
    expect(analysis.choices).toMatchObject({
      format: 'mlflow',
      metric: 'metrics.val_acc',
      metricDetected: true,
      state: 'status',
      id: 'run_id',
    });
    expect(Object.keys(totals)).toHaveLength(18);
    expect(totals.Encoder6_Classifier).toBe(10);
    expect(totals.SkipEncoder6_Classifier).toBe(13);
    expect(Object.values(totals).filter((n) => n === 1)).toHaveLength(6);
    expect(Object.values(totals).filter((n) => n >= 60 && n <= 63)).toHaveLength(10);
    expect(analysis.cleaning.byState).toEqual({ finished: 619, failed: 20, running: 3 });
    // Groups with no usable run are listed (empty) but get no box.
    const empty = model.results.groups.filter((g) => g.empty).map((g) => g.name);
    expect(empty.length).toBeGreaterThan(0);
    expect(model.results.groups.filter((g) => g.n === 0).map((g) => g.name)).toEqual(empty);
    expect(model.boxes).toHaveLength(18 - empty.length);
    expect(model.boxes.some((b) => empty.includes(b.name))).toBe(false);
  });

  it('Optuna trials_dataframe: params_scheduler, 128 FAIL + 4 RUNNING left out, TPE warning', async () => {
    const { analysis, totals, used } = await analyze('niallmeagher__mlp_cw4__optuna_results.csv', { group: 'params_scheduler' });
    expect(analysis.choices).toMatchObject({ format: 'optuna', metric: 'value', state: 'state', id: 'number' });
    expect(totals).toEqual({ step: 110, cosine: 95 });
    expect(used).toEqual({ step: 36, cosine: 37 });
    expect(analysis.cleaning.byState).toEqual({ failed: 128, finished: 73, running: 4 });
    expect(analysis.results.groups.reduce((s, g) => s + g.failed, 0)).toBe(132);
    expect(analysis.results.warnings.some((w) => w.includes('TPE'))).toBe(true);
    expect(analysis.results.comparisons).toHaveLength(1);
  });

  it('W&B API export: the group is the prefix of name (--group-pattern), 1 crashed run', async () => {
    const { analysis, totals } = await analyze('PaulErpen__wandb-data-analysis__wandb_runs.csv', {
      group: 'name',
      groupPattern: parseGroupPattern('^([^-]+)-'),
      metric: 'test_full/psnr',
    });
    expect(analysis.choices.format).toBe('wandb-api');
    expect(totals).toEqual({
      default: 17,
      mcmc: 16,
      mini_splatting: 15,
      mip_splatting: 15,
      eagles: 15,
      gaussian_pro: 15,
      geo_gaussian: 15,
    });
    expect(analysis.cleaning.byState).toEqual({ finished: 107, crashed: 1 });
    expect(analysis.results.groups.find((g) => g.name === 'default')).toMatchObject({ n: 16, failed: 1 });
  });

  it('W&B UI export with doubled quotes and no final newline: optimizer_name SGD 261 / Adam 239', async () => {
    const { analysis, totals } = await analyze('djswanevelder__msc_mlai__wandb_export.csv', { group: 'optimizer_name' });
    expect(analysis.choices).toMatchObject({ format: 'wandb-ui', metric: 'val_accuracy', metricDetected: true });
    expect(totals).toEqual({ SGD: 261, Adam: 239 });
  });

  it('W&B UI export with groups of 4: Name, val/loss minimised (detected from the name)', async () => {
    const { analysis, totals, model } = await analyze('Lucas-longxutang__Comp3242_Group_Project_nanoGPT__wandb_export.csv', {
      group: 'Name',
      metric: 'val/loss',
      baseline: 'baseline',
    });
    expect(Object.values(totals)).toEqual(new Array(16).fill(4));
    expect(analysis.choices.goal).toBe('minimize');
    expect(analysis.results.comparisons).toHaveLength(15);
    expect(analysis.results.groups[0].best).toBe(Math.min(...analysis.results.groups.map((g) => g.min)));
    // Said once for all 16 groups, not 16 times.
    const small = analysis.results.warnings.filter((w) => /only 4 runs/.test(w));
    expect(small).toEqual([messages.fewRunsGroups(analysis.results.groups.map((g) => ({ name: g.name, n: 4 })))]);
    expect(small[0]).toMatch(/^16 groups have only 4 runs: /);
    expect(model.boxes.every((b) => b.values?.length === 4)).toBe(true);
  });

  it('custom HPO table: method detected as the group, 7 × 100', async () => {
    const { analysis, totals } = await analyze('Dennis-Diehl__hyperparameter-optimization__runs.csv', { metric: 'test_auroc' });
    expect(analysis.choices).toMatchObject({ group: 'method', groupDetected: true });
    expect(Object.values(totals)).toEqual(new Array(7).fill(100));
    expect(analysis.results.comparisons).toHaveLength(21);
  });

  it('CRLF grid summary: numeric labels of lr kept as written, 3 × 45', async () => {
    const { analysis, totals } = await analyze('SimonHofmann94__BS-Data__grid_sweep_summary.csv', { group: 'lr' });
    expect(analysis.choices.metric).toBe('metric_value');
    expect(Object.keys(totals).sort()).toEqual(['0.001', '0.005', '0.01']);
    expect(Object.values(totals)).toEqual([45, 45, 45]);
  });

  it('Optuna with the pandas index column: params_model_name 5 × 18, value minimised', async () => {
    const { table, analysis, totals } = await analyze('Phangzs__nutribench-project__optuna_trials.csv', {
      group: 'params_model_name',
      goal: 'minimize',
    });
    expect(table.columns[0]).toBe('Unnamed: 0');
    expect(analysis.choices.metric).toBe('value');
    expect(Object.values(totals)).toEqual(new Array(5).fill(18));
    // A GridSampler study: no TPE warning.
    expect(analysis.results.warnings.some((w) => w.includes('TPE'))).toBe(false);
  });
});
