import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseText } from '../../src/analysis/load.js';
import { DataError, UsageError } from '../../src/errors.js';
import { exportRuns } from '../../src/runs/export-runs.js';
import { formatImportResult, importRuns, parseDuration, parseTime, paramValue, planColumns } from '../../src/runs/import-runs.js';
import { MemoryStore } from '../../src/storage/memory.js';

let dir: string;
let store: MemoryStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kdlab-import-'));
  store = new MemoryStore();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('planColumns', () => {
  it('reads MLflow prefixes and run fields', () => {
    const t = parseText(
      'run_id,experiment_id,status,start_time,end_time,metrics.val_acc,params.lr,params.model,tags.mlflow.runName\nabc,1,FINISHED,1700000000000,1700000060000,0.9,0.01,cnn,first\n',
      'csv',
    );
    const p = planColumns(t);
    expect(p).toMatchObject({
      id: 'run_id',
      name: 'tags.mlflow.runName',
      state: 'status',
      startedAt: 'start_time',
      finishedAt: 'end_time',
    });
    expect([...p.params]).toEqual([
      ['params.lr', 'lr'],
      ['params.model', 'model'],
    ]);
    expect([...p.metrics]).toEqual([['metrics.val_acc', 'val_acc']]);
  });
  it('reads Optuna trials_dataframe columns, ignoring the pandas index and system attributes', () => {
    const t = parseText(
      ',number,value,datetime_start,datetime_complete,duration,params_lr,params_opt,system_attrs_grid_id,user_attrs_acc,state\n0,0,1.5,2025-01-01 10:00:00.123456,2025-01-01 10:01:00,0 days 00:01:00.5,0.1,adam,3,0.7,COMPLETE\n',
      'csv',
    );
    const p = planColumns(t);
    expect(p).toMatchObject({ id: 'number', state: 'state', duration: 'duration', startedAt: 'datetime_start' });
    expect([...p.params.values()]).toEqual(['lr', 'opt']);
    expect([...p.metrics.values()]).toEqual(['value', 'acc']);
  });
  it('guesses metrics in a W&B UI export by name and numeric values, settings stay params', () => {
    const t = parseText(
      '"Name","State","Created","Runtime","Sweep","learning_rate","kd_loss_weight","loss","optimizer","val/loss","test_acc","eval_interval"\n"r1","finished","2026-05-25T14:08:33.000Z","732","","0.001","0.5","kl","adam","1.2","0.8","100"\n',
      'csv',
    );
    const p = planColumns(t);
    expect([...p.params.values()]).toEqual(['learning_rate', 'kd_loss_weight', 'loss', 'optimizer', 'eval_interval']);
    expect([...p.metrics.values()]).toEqual(['val/loss', 'test_acc']);
    expect(p).toMatchObject({ name: 'Name', state: 'State', duration: 'Runtime', startedAt: 'Created' });
  });
  it('lets --params and --metrics override the guess, and names a missing column', () => {
    const t = parseText('name,score,seed\nr,1,2\n', 'csv');
    expect([...planColumns(t, { params: ['score'], metrics: ['seed'] }).metrics.values()]).toEqual(['seed']);
    expect(() => planColumns(t, { params: ['scor'] })).toThrow(UsageError);
  });
});

describe('cell conversions', () => {
  it('types params written as text', () => {
    expect([paramValue('0.010'), paramValue('True'), paramValue('adam'), paramValue(null), paramValue(3)]).toEqual([
      0.01,
      true,
      'adam',
      null,
      3,
    ]);
  });
  it('reads timestamps: ISO, naive pandas datetimes as UTC, epoch milliseconds', () => {
    expect(parseTime('2025-11-22 02:30:19.429633')).toBe('2025-11-22T02:30:19.429Z');
    expect(parseTime('2026-05-25T14:08:33.000Z')).toBe('2026-05-25T14:08:33.000Z');
    expect(parseTime('2024-01-01 00:00:00+02:00')).toBe('2023-12-31T22:00:00.000Z');
    expect(parseTime('1700000000000')).toBe(new Date(1700000000000).toISOString());
    expect(parseTime('not a time')).toBeUndefined();
  });
  it('reads durations in seconds or as pandas timedeltas', () => {
    expect(parseDuration('732')).toBe(732);
    expect(parseDuration('0 days 00:01:54.827170')).toBeCloseTo(60 + 54.82717, 12);
    expect(parseDuration('1 days 02:03:04')).toBe(86400 + 2 * 3600 + 3 * 60 + 4);
    expect(parseDuration('soon')).toBeUndefined();
  });
});

describe('importRuns', () => {
  const optuna =
    'number,value,datetime_start,datetime_complete,duration,params_lr,params_opt,state\n' +
    '0,0.9,2025-01-01 10:00:00,2025-01-01 10:01:00,0 days 00:01:00,0.1,adam,COMPLETE\n' +
    '1,,2025-01-01 10:02:00,,0 days 00:00:05,0.01,sgd,FAIL\n' +
    '2,0.7,2025-01-01 10:03:00,,,0.05,sgd,PRUNED\n' +
    '3,,2025-01-01 10:04:00,,,0.02,adam,RUNNING\n';

  it('maps Optuna states, params, value and timings onto runs of a new import sweep', async () => {
    const r = await importRuns(store, { file: file('trials.csv', optuna), sweep: 'optuna' });
    expect(r).toMatchObject({
      tracker: 'optuna',
      rows: 4,
      added: 4,
      skipped: 0,
      byState: { finished: 1, failed: 2, pruned: 1 },
      metric: { name: 'value', goal: 'maximize' },
    });
    const sweep = await store.getSweep('optuna');
    expect(sweep).toMatchObject({
      method: 'import',
      state: 'finished',
      metric: { name: 'value', goal: 'maximize' },
      config: { tracker: 'optuna', format: 'csv' },
    });
    const runs = await store.listRuns({ sweep: 'optuna' });
    expect(runs[0].key).toMatch(/^import:[0-9a-f]{12}:0$/);
    expect(runs[0]).toMatchObject({
      name: '0',
      state: 'finished',
      params: { lr: 0.1, opt: 'adam' },
      summary: { value: 0.9 },
      wallTimeS: 60,
      startedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:01:00.000Z',
    });
    expect(runs[1]).toMatchObject({ state: 'failed', summary: {}, wallTimeS: 5 });
    expect(runs[3]).toMatchObject({ state: 'failed', error: 'was RUNNING when exported' });
  });

  it('adds nothing when the same export is imported again', async () => {
    const path = file('trials.csv', optuna);
    await importRuns(store, { file: path, sweep: 'optuna' });
    const again = await importRuns(store, { file: path, sweep: 'optuna' });
    expect(again).toMatchObject({ added: 0, skipped: 4 });
    expect(formatImportResult(again)).toContain('skipped 4 runs the sweep already holds (same id)');
    expect((await store.listRuns()).length).toBe(4);
  });

  it('keeps two Optuna studies apart in one sweep (trial numbers repeat), and rows without ids', async () => {
    await importRuns(store, { file: file('a.csv', optuna), sweep: 'optuna' });
    const other = await importRuns(store, { file: file('b.csv', optuna.replace('0.9,', '0.95,')), sweep: 'optuna' });
    expect(other).toMatchObject({ added: 4, skipped: 0 });
    const plain = file('plain.csv', 'lr,acc\n0.1,0.9\n0.1,0.9\n');
    expect(await importRuns(store, { file: plain, sweep: 'plain' })).toMatchObject({ added: 2 });
    expect(await importRuns(store, { file: plain, sweep: 'plain' })).toMatchObject({ added: 0, skipped: 2 });
  });

  it('reads a W&B API export in JSON Lines with summary and config objects', async () => {
    const path = file(
      'wandb.jsonl',
      [
        {
          id: 'x1',
          name: 'kd-a',
          state: 'finished',
          config: { temperature: { value: 4 }, loss: 'kd' },
          summary: { 'eval/accuracy': 0.91, _runtime: 30 },
        },
        {
          id: 'x2',
          name: 'kd-b',
          state: 'crashed',
          config: { temperature: { value: 2 }, loss: 'kd' },
          summary: { 'eval/accuracy': 0.5, _runtime: 3 },
        },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const r = await importRuns(store, { file: path, sweep: 'w' });
    expect(r.metric).toEqual({ name: 'eval/accuracy', goal: 'maximize' });
    const runs = await store.listRuns({ sweep: 'w' });
    expect(runs.map((x) => [x.name, x.state, x.params, x.summary, x.wallTimeS])).toEqual([
      ['kd-a', 'finished', { temperature: 4, loss: 'kd' }, { 'eval/accuracy': 0.91 }, 30],
      ['kd-b', 'crashed', { temperature: 2, loss: 'kd' }, { 'eval/accuracy': 0.5 }, 3],
    ]);
  });

  it('round-trips a kdlab export: params, metrics, states and timings come back', async () => {
    const src = new MemoryStore();
    await src.createSweep({ name: 'kd', method: 'grid', metric: { name: 'eval/accuracy', goal: 'maximize' }, config: {} });
    await src.addRun('kd', {
      params: { temperature: 4, loss: 'kd', hard: true },
      state: 'finished',
      summary: { 'eval/accuracy': 0.91, 'train/loss': 0.25 },
      backend: 'wasm',
      device: 'cpu',
      wallTimeS: 12.5,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:12.500Z',
    });
    await src.addRun('kd', { params: { temperature: 8, loss: 'kd', hard: false }, state: 'failed', error: 'loss became NaN', summary: {} });
    for (const format of ['csv', 'jsonl'] as const) {
      const out = join(dir, `runs.${format}`);
      await exportRuns(src, { format, out });
      const dst = new MemoryStore();
      await importRuns(dst, { file: out, sweep: 'kd-copy' });
      const [a, b] = await dst.listRuns();
      const [oa, ob] = await src.listRuns();
      expect(a).toMatchObject({
        state: 'finished',
        params: oa.params,
        summary: oa.summary,
        backend: 'wasm',
        device: 'cpu',
        wallTimeS: 12.5,
        startedAt: oa.startedAt,
        finishedAt: oa.finishedAt,
        key: `import:${oa.id}`,
      });
      expect(b).toMatchObject({ state: 'failed', params: ob.params, error: 'loss became NaN' });
      expect((await dst.getSweep('kd-copy'))!.metric).toEqual({ name: 'eval/accuracy', goal: 'maximize' });
    }
  });

  it('rejects an unknown state with the row and column', async () => {
    const path = file('bad.csv', 'name,state,acc\na,finished,0.9\nb,exploded,0.8\n');
    const err = await importRuns(store, { file: path, sweep: 's' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/bad\.csv: row 2: unknown run state "exploded" in column "state"/);
    expect(await store.getSweep('s')).toBeUndefined();
  });

  it('refuses to import into a sweep that kdlab searched', async () => {
    await store.createSweep({ name: 'grid', method: 'grid', metric: { name: 'acc', goal: 'maximize' }, config: {} });
    await expect(importRuns(store, { file: file('a.csv', 'name,acc\na,1\n'), sweep: 'grid' })).rejects.toThrow(
      /is a grid sweep run by kdlab/,
    );
  });

  it('checks --metric against the imported metrics', async () => {
    await expect(importRuns(store, { file: file('a.csv', 'name,acc,lr\na,1,2\n'), sweep: 's', metric: 'lr' })).rejects.toThrow(
      /--metric: "lr" is not a metric of this file; metrics: acc/,
    );
    const r = await importRuns(store, { file: file('b.csv', 'name,metrics.loss\na,1\n'), sweep: 's2', metric: 'metrics.loss' });
    expect(r.metric).toEqual({ name: 'loss', goal: 'minimize' });
  });
});

const REAL = new URL('../../../shared/realdata/', import.meta.url).pathname;

describe.skipIf(!existsSync(REAL))('importRuns on real exports (../shared/realdata)', () => {
  /** States counted straight from the file's last CSV field, independently of the loader. */
  function lastFieldCounts(path: string, field: (line: string) => string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const line of readFileSync(path, 'utf8').trim().split(/\r?\n/).slice(1))
      counts.set(field(line), (counts.get(field(line)) ?? 0) + 1);
    return counts;
  }

  it('Optuna trials: COMPLETE → finished, FAIL and RUNNING → failed, every trial once', async () => {
    const path = join(REAL, 'niallmeagher__mlp_cw4__optuna_results.csv');
    const states = lastFieldCounts(path, (l) => l.slice(l.lastIndexOf(',') + 1));
    const r = await importRuns(store, { file: path, sweep: 'optuna' });
    expect(r.added).toBe([...states.values()].reduce((a, b) => a + b, 0));
    expect(r.byState.finished).toBe(states.get('COMPLETE'));
    expect(r.byState.failed).toBe((states.get('FAIL') ?? 0) + (states.get('RUNNING') ?? 0));
    const finished = await store.listRuns({ sweep: 'optuna', states: ['finished'] });
    expect(finished.every((x) => typeof x.summary.value === 'number')).toBe(true);
  });

  it('MLflow runs: status mapped, metrics.* and params.* stripped of their prefix', async () => {
    const path = join(REAL, 'lucasdocunha__ConditionalAutoencoder__mlflow_runs.csv');
    const r = await importRuns(store, { file: path, sweep: 'mlflow' });
    expect(r.tracker).toBe('mlflow');
    expect(r.metric.name).toBe('val_acc');
    expect(r.params).toContain('model');
    expect(r.metrics.every((m) => !m.startsWith('metrics.'))).toBe(true);
    expect(r.byState.finished! + (r.byState.failed ?? 0)).toBe(r.rows);
  });
});
