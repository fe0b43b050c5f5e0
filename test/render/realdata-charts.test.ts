/**
 * The charts on every real export in ../shared/realdata (skipped when absent): the box plot's axis
 * follows the whiskers where a few runs lie far away, and no two group labels read the same.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTable } from '../../src/analysis/load.js';
import { analyzeTable, type AnalyzeOptions } from '../../src/analysis/pipeline.js';
import { parseGroupPattern } from '../../src/analysis/clean.js';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import { buildReportModel } from '../../src/report/build.js';
import { boxplotSpec, whiskerDomain } from '../../src/render/specs/boxplot.js';
import { abbreviateLabels, fullNamesInSpec } from '../../src/render/labels.js';
import { chartSpecs } from '../../src/render/charts.js';
import { renderSvg, xmlText } from '../../src/render/svg.js';

const dir = new URL('../../../shared/realdata/', import.meta.url).pathname;
const present = existsSync(dir);

/** Each file with the group and metric columns its README suggests. */
const FILES: readonly [string, AnalyzeOptions][] = [
  ['lucasdocunha__ConditionalAutoencoder__mlflow_runs.csv', { group: 'params.model', metric: 'metrics.val_acc' }],
  ['niallmeagher__mlp_cw4__optuna_results.csv', { group: 'params_scheduler', metric: 'value' }],
  [
    'PaulErpen__wandb-data-analysis__wandb_runs.csv',
    { group: 'name', groupPattern: parseGroupPattern('^([^-]+)-'), metric: 'test_full/psnr' },
  ],
  ['djswanevelder__msc_mlai__wandb_export.csv', { group: 'optimizer_name', metric: 'val_accuracy' }],
  ['Lucas-longxutang__Comp3242_Group_Project_nanoGPT__wandb_export.csv', { group: 'Name', metric: 'val/loss' }],
  ['Dennis-Diehl__hyperparameter-optimization__runs.csv', { group: 'method', metric: 'test_auroc' }],
  ['SimonHofmann94__BS-Data__grid_sweep_summary.csv', { group: 'lr', metric: 'metric_value' }],
  ['Phangzs__nutribench-project__optuna_trials.csv', { group: 'params_model_name', metric: 'value' }],
];

async function modelOf(file: string, opts: AnalyzeOptions) {
  const table = await loadTable(dir + file);
  const analysis = analyzeTable(table, opts, defaultEngine);
  return buildReportModel(table, analysis, { command: 'kdlab report', options: {}, createdAt: '2026-01-01T00:00:00.000Z' });
}

describe.skipIf(!present)('charts on real exports (../shared/realdata)', () => {
  it.each(FILES)('%s: whiskers fill the axis, labels unique', async (file, opts) => {
    const model = await modelOf(file, opts);
    const values = model.boxes.flatMap((b) => b.values ?? b.outliers);
    const lo = Math.min(...model.boxes.map((b) => b.whiskerLow));
    const hi = Math.max(...model.boxes.map((b) => b.whiskerHigh));
    // The axis: the whiskers plus a margin when some run lies far away, else every value.
    const axis = whiskerDomain(model.boxes) ?? [Math.min(...values), Math.max(...values)];
    for (const b of model.boxes) {
      expect(b.whiskerLow).toBeGreaterThanOrEqual(axis[0]);
      expect(b.whiskerHigh).toBeLessThanOrEqual(axis[1]);
    }
    // No far run squashes the boxes: the whiskers span at least a quarter of the axis.
    expect((hi - lo) / (axis[1] - axis[0] || 1)).toBeGreaterThanOrEqual(0.25);
    const names = model.boxes.map((b) => b.name);
    const labels = abbreviateLabels(names);
    expect(new Set(names.map((n) => labels.get(n))).size).toBe(names.length);
    expect(boxplotSpec(model)).toBeDefined();
  });

  it.each(FILES)('%s: every shortened chart label carries its full name on hover', async (file, opts) => {
    const model = await modelOf(file, opts);
    for (const chart of chartSpecs(model)) {
      const pairs = fullNamesInSpec(chart.spec);
      // Rendering is the slow part: charts with nothing shortened are covered by the svg tests.
      if (pairs.length === 0) continue;
      const svg = await renderSvg(chart.spec, { seed: 1 });
      // Vega drew each shortened label whole (not cut again), so each one got its title.
      for (const [label, full] of pairs) expect(svg).toContain(`<title>${xmlText(full)}</title>${xmlText(label)}</text>`);
    }
  });
});
