import { describe, expect, it } from 'vitest';
import { detectTracker, detectGroup, detectMetric, detectRoles, goalFromName, nearMisses, toNumber } from '../../src/analysis/detect.js';
import { tableFromRows } from '../../src/analysis/table.js';
import { UsageError } from '../../src/errors.js';

describe('detectTracker and detectRoles', () => {
  it('recognises W&B UI, W&B API, MLflow and Optuna tables by their columns', () => {
    expect(detectTracker(tableFromRows([{ Name: 'r', State: 'finished', Sweep: 's', 'eval/accuracy': 1 }]))).toBe('wandb-ui');
    expect(detectTracker(tableFromRows([{ run_id: 'x', name: 'r', state: 'finished', 'eval/accuracy': 1 }]))).toBe('wandb-api');
    expect(detectTracker(tableFromRows([{ run_id: 'x', status: 'FINISHED', 'metrics.val_acc': 1, 'params.model': 'a' }]))).toBe('mlflow');
    expect(detectTracker(tableFromRows([{ number: 0, value: 1, params_lr: 0.1, state: 'COMPLETE' }]))).toBe('optuna');
    expect(detectTracker(tableFromRows([{ g: 'a', v: 1 }]))).toBe('generic');
  });
  it('finds the state, id and sweep-method columns', () => {
    expect(detectRoles(tableFromRows([{ number: 0, value: 1, params_lr: 0.1, state: 'COMPLETE' }]))).toEqual({
      format: 'optuna',
      state: 'state',
      id: 'number',
      sweepMethod: undefined,
    });
    expect(detectRoles(tableFromRows([{ ID: 'a', Name: 'r', State: 'x', sweep_method: 'bayes' }]))).toMatchObject({
      id: 'ID',
      state: 'State',
      sweepMethod: 'sweep_method',
    });
  });
});

describe('detectGroup and detectMetric', () => {
  it('prefers Sweep, skipping an empty Sweep column', () => {
    expect(
      detectGroup(
        tableFromRows([
          { Sweep: 'a', x: 1 },
          { Sweep: 'b', x: 2 },
          { Sweep: 'b', x: 3 },
        ]),
      ),
    ).toBe('Sweep');
    const emptySweep = tableFromRows([
      { Sweep: null, method: 'a' },
      { Sweep: null, method: 'b' },
      { Sweep: null, method: 'b' },
    ]);
    expect(detectGroup(emptySweep)).toBe('method');
  });
  it('fails with the candidate columns when nothing looks like a group', () => {
    const t = tableFromRows([
      { opt: 'sgd', acc: 1 },
      { opt: 'adam', acc: 2 },
      { opt: 'adam', acc: 3 },
    ]);
    expect(() => detectGroup(t)).toThrowError(UsageError);
    expect(() => detectGroup(t)).toThrowError(/--group COL \(columns with 2–50 distinct values: opt\)/);
  });
  it('picks eval/accuracy, then value, then an accuracy-like metrics.* column', () => {
    expect(detectMetric(tableFromRows([{ value: 1, 'eval/accuracy': '0.9' }]))).toBe('eval/accuracy');
    expect(detectMetric(tableFromRows([{ value: '3.5' }]))).toBe('value');
    expect(detectMetric(tableFromRows([{ 'metrics.loss': 1, 'metrics.val_acc': 0.8 }]))).toBe('metrics.val_acc');
    expect(() => detectMetric(tableFromRows([{ name: 'x' }]))).toThrowError(/no metric column detected/);
  });
});

describe('goalFromName, toNumber, nearMisses', () => {
  it('minimises losses and errors, maximises the rest', () => {
    expect(['val/loss', 'test_error', 'rmse', 'perplexity'].map(goalFromName)).toEqual(['minimize', 'minimize', 'minimize', 'minimize']);
    expect(['eval/accuracy', 'value', 'test_auroc', 'reward'].map(goalFromName)).toEqual(['maximize', 'maximize', 'maximize', 'maximize']);
  });
  it('reads decimal numbers only', () => {
    expect([' 0.5 ', '1e-3', '-2', 7].map(toNumber)).toEqual([0.5, 0.001, -2, 7]);
    expect(['', 'nan', 'NaN', 'n/a', '0x1A', null].map(toNumber).every(Number.isNaN)).toBe(true);
  });
  it('suggests case and spelling near misses', () => {
    expect(nearMisses('sweep', ['Sweep', 'State', 'eval/accuracy'])).toEqual(['Sweep']);
    expect(nearMisses('eval/acuracy', ['eval/accuracy', 'eval/loss'])).toEqual(['eval/accuracy']);
    expect(nearMisses('zzz', ['Sweep'])).toEqual([]);
  });
});
