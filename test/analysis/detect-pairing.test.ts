import { existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { DETECT_MAX_ROWS, detectPairing } from '../../src/analysis/detect-pairing.js';
import { deriveColumns } from '../../src/analysis/derive.js';
import { cleanRuns } from '../../src/analysis/clean.js';
import { withGroupColumn } from '../../src/analysis/group-keys.js';
import { loadTable } from '../../src/analysis/load.js';
import { tableFromRows, type RunTable } from '../../src/analysis/table.js';

function detect(table: RunTable, group: string, metric: string, extraRoles: string[] = [], groupPattern?: RegExp) {
  const clean = cleanRuns(table, { group, metric, groupPattern });
  return detectPairing(table, clean.groups, [group, metric, ...extraRoles]);
}

/** Four sweeps × 5 seeds, as kdlab's demo runs them: run i has the same seed and lr in every sweep. */
function demoLike(): RunTable {
  const rows = [];
  for (const sweep of ['baseline', 'kd', 'kd-t4', 'fitnet']) {
    for (let seed = 1; seed <= 5; seed++) {
      rows.push({
        run_id: `${sweep}-${seed}`,
        name: `${sweep}-run-${seed}`,
        sweep,
        seed,
        lr: [0.1, 0.01, 0.001][seed % 3],
        created_at: `2026-01-0${seed}T00:0${seed}:00Z`,
        accuracy: 0.9 + seed * 0.001 + sweep.length * 0.0001,
        val_loss: 0.3 - seed * 0.0123 - sweep.length * 0.00037,
      });
    }
  }
  return tableFromRows(rows);
}

describe('detectPairing', () => {
  it('suggests the seed column of a paired design', () => {
    const r = detect(demoLike(), 'sweep', 'accuracy');
    expect(r.suggestion?.columns).toEqual(['seed']);
    expect(r.suggestion).toMatchObject({ coverage: 1, overlap: 1, uniqueness: 1, sharedKeys: 5 });
  });
  it('never suggests the group, the metric, ids, names, timestamps or measurements', () => {
    const r = detect(demoLike(), 'sweep', 'accuracy');
    const all = r.candidates.flatMap((c) => c.columns);
    for (const c of ['sweep', 'accuracy', 'run_id', 'name', 'created_at', 'val_loss']) expect(all).not.toContain(c);
  });
  it('prefers seed to a factor that also repeats across groups (lr has 3 levels over 5 runs)', () => {
    const r = detect(demoLike(), 'sweep', 'accuracy');
    const lr = r.candidates.find((c) => c.columns.length === 1 && c.columns[0] === 'lr')!;
    expect(lr.uniqueness).toBe(3 / 5);
    expect(r.suggestion!.score).toBeGreaterThan(lr.score);
  });
  it('finds identical configurations: sweeps sharing a sampler seed draw the same lr for run i', () => {
    // A seeded LCG stands in for the sampler: the same sequence in every sweep.
    const draws = Array.from({ length: 24 }, (_, i) => 10 ** (-4 + ((i * 7919) % 1000) / 333.3));
    const rows = ['baseline', 'kd', 'kd-t4', 'fitnet'].flatMap((sweep, s) =>
      draws.map((lr, i) => ({
        id: `${sweep}-${i}`,
        sweep,
        lr,
        'eval/accuracy': 0.9 + ((i * 31 + s * 17) % 97) / 1000,
        'eval/loss': 0.3 - i / 1000 - s / 7,
      })),
    );
    const r = detect(tableFromRows(rows), 'sweep', 'eval/accuracy');
    expect(r.suggestion?.columns).toEqual(['lr']);
    expect(r.candidates.flatMap((c) => c.columns)).not.toContain('eval/loss');
  });
  it('finds a W&B or Optuna sweep seed by its dotted or prefixed name', () => {
    const rows = ['a', 'b'].flatMap((g) => [1, 2, 3].map((s) => ({ g, 'config.seed': s, params_seed: s * 7, v: s + (g === 'a' ? 1 : 0) })));
    const r = detect(tableFromRows(rows), 'g', 'v');
    // Both pair every run; the first in column order wins among equals with seed-like names.
    expect(r.suggestion?.columns).toEqual(['config.seed']);
    expect(r.candidates.map((c) => c.columns.join('+'))).toContain('params_seed');
  });
  it('suggests nothing for independent runs (every key in one group only) or a column unique per run', () => {
    const rows = ['a', 'b'].flatMap((g, gi) => [1, 2, 3, 4].map((s) => ({ g, seed: gi * 10 + s, v: s })));
    expect(detect(tableFromRows(rows), 'g', 'v').suggestion).toBeUndefined();
  });
  it('suggests nothing with a single group or too few runs', () => {
    const rows = [1, 2, 3, 4].map((s) => ({ g: 'a', seed: s, v: s }));
    expect(detect(tableFromRows(rows), 'g', 'v')).toEqual({ candidates: [] });
  });
  it('combines two columns when neither alone pairs each run once (dataset × seed)', () => {
    const rows = ['m1', 'm2', 'm3'].flatMap((method) =>
      ['iris', 'adult'].flatMap((dataset) =>
        [1, 2, 3].map((seed) => ({ method, dataset, seed, auc: 0.8 + ((seed * 7 + method.length + dataset.length) % 10) / 100 })),
      ),
    );
    const r = detect(tableFromRows(rows), 'method', 'auc');
    expect(r.suggestion?.columns).toEqual(['dataset', 'seed']);
    expect(r.suggestion?.uniqueness).toBe(1);
  });
});

describe('deriveColumns', () => {
  it('adds capture groups as columns, empty where the pattern does not match', () => {
    const { table: t, unmatched } = deriveColumns(
      tableFromRows([{ name: 'mcmc-truck-low-1' }, { name: 'odd' }]),
      'name',
      /^[^-]+-([^-]+)-([^-]+)/,
      ['scene', 'budget'],
    );
    expect(t.columns).toEqual(['name', 'scene', 'budget']);
    expect(t.data[1]).toEqual(['truck', null]);
    expect(t.data[2]).toEqual(['low', null]);
    expect(unmatched).toBe(1);
  });
});

const dir = new URL('../../../shared/realdata/', import.meta.url).pathname;
const file = (name: string) => dir + name;

describe.skipIf(!existsSync(dir))('detectPairing on real exports (../shared/realdata)', () => {
  it('PaulErpen W&B: methods from the run name pair by scene × budget derived from it', async () => {
    const loaded = await loadTable(file('PaulErpen__wandb-data-analysis__wandb_runs.csv'));
    const table = deriveColumns(loaded, 'name', /^[^-]+-([^-]+)-([^-]+)/, ['scene', 'budget']).table;
    const clean = cleanRuns(table, { group: 'name', groupPattern: /^([^-]+)-/, metric: 'test_full/psnr', state: 'state' });
    const r = detectPairing(table, clean.groups, ['name', 'test_full/psnr', 'state', 'run_id']);
    expect(r.suggestion?.columns).toEqual(['scene', 'budget']);
  });
  // The file holds 5 datasets × 2 model types (mlp, rf) × 10 seeds per method: every (dataset,
  // seed) has two runs per method, one per model type, so the full key has three columns.
  it('Dennis-Diehl HPO benchmark: methods pair by (dataset, seed, model_type)', async () => {
    const table = await loadTable(file('Dennis-Diehl__hyperparameter-optimization__runs.csv'));
    const r = detect(table, 'method', 'test_auroc');
    expect(r.suggestion?.columns).toEqual(['dataset', 'seed', 'model_type']);
    expect(r.suggestion).toMatchObject({ uniqueness: 1, overlap: 1, sharedKeys: 100 });
  });
  it('nanoGPT W&B UI export: 16 variants × 4 seeds pair by seed', async () => {
    const table = await loadTable(file('Lucas-longxutang__Comp3242_Group_Project_nanoGPT__wandb_export.csv'));
    const r = detect(table, 'Name', 'val/loss', ['State']);
    expect(r.suggestion?.columns).toEqual(['seed']);
    expect(r.suggestion?.sharedKeys).toBe(4);
  });
  it('SimonHofmann94 grid: lr × weight_decay groups pair by seed', async () => {
    const loaded = await loadTable(file('SimonHofmann94__BS-Data__grid_sweep_summary.csv'));
    const g = withGroupColumn(loaded, ['lr', 'weight_decay']);
    const clean = cleanRuns(g.table, { group: g.column, metric: 'metric_value' });
    const r = detectPairing(g.table, clean.groups, [g.column, 'lr', 'weight_decay', 'metric_value']);
    expect(r.suggestion?.columns).toEqual(['seed']);
  });
});

describe('detectPairing over many groups (cost, counted)', () => {
  it('stays linear in the groups: shared keys are counted against a few neighbours, not every pair', () => {
    const rows: { method: string; seed: number; acc: number }[] = [];
    for (let g = 0; g < 400; g++) for (let seed = 1; seed <= 3; seed++) rows.push({ method: `m${g}`, seed, acc: (g * 7 + seed) / 3000 });
    const table = tableFromRows(rows);
    const groups = cleanRuns(table, { group: 'method', metric: 'acc' }).groups;
    const has = vi.spyOn(Map.prototype, 'has');
    try {
      const found = detectPairing(table, groups, ['method', 'acc']);
      expect(found.suggestion?.columns).toEqual(['seed']);
      // Every pair of 400 groups would be 79,800 pairs × 3 keys; neighbours are 400 × 4 × 3.
      expect(has.mock.calls.length).toBeLessThan(79_800);
    } finally {
      has.mockRestore();
    }
  });
});

describe('detectPairing on a large table (read at evenly spaced rows)', () => {
  it('finds the seed of 3 × 20,000 runs while reading at most DETECT_MAX_ROWS of them', () => {
    const rows: { method: string; seed: number; dataset: string; acc: number }[] = [];
    for (const method of ['a', 'b', 'c'])
      for (let i = 0; i < 20_000; i++) rows.push({ method, seed: i, dataset: ['x', 'y'][i % 2], acc: (i % 97) / 97 });
    const table = tableFromRows(rows);
    const groups = cleanRuns(table, { group: 'method', metric: 'acc' }).groups;
    const seed = table.data[table.columns.indexOf('seed')];
    let reads = 0;
    const counted: RunTable = {
      ...table,
      data: table.data.map((col) =>
        col === seed
          ? new Proxy(col, {
              get: (t, k): unknown => {
                if (typeof k === 'string' && /^\d+$/.test(k)) reads++;
                return Reflect.get(t, k) as unknown;
              },
            })
          : col,
      ),
    };
    const found = detectPairing(counted, groups, ['method', 'acc']);
    expect(found.suggestion?.columns).toEqual(['seed']);
    expect(found.suggestion?.coverage).toBe(1);
    // Scored once alone and in a few combinations, each over the sample: never the 60,000 rows each time.
    expect(reads).toBeLessThan(20 * DETECT_MAX_ROWS);
  });
});
