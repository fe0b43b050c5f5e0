import { describe, expect, it } from 'vitest';
import { formatSweepTable } from '../../src/render/tables.js';
import { listSweeps } from '../../src/runs/list-sweeps.js';
import { MemoryStore } from '../../src/storage/memory.js';

describe('listSweeps', () => {
  it('counts runs per state and finds the best finished value in the goal direction', async () => {
    const store = new MemoryStore({ now: () => 0 });
    await store.createSweep({ name: 'kd', method: 'random', metric: { name: 'eval/accuracy', goal: 'maximize' }, config: {} });
    await store.createSweep({ name: 'loss', method: 'grid', metric: { name: 'train/loss', goal: 'minimize' }, config: {} });
    await store.addRuns('kd', [
      { params: {}, state: 'finished', summary: { 'eval/accuracy': 0.8 } },
      { params: {}, state: 'finished', summary: { 'eval/accuracy': 0.9 } },
      // A failed run's metric never counts as the best.
      { params: {}, state: 'failed', summary: { 'eval/accuracy': 0.99 } },
      { params: {} },
    ]);
    await store.addRuns('loss', [
      { params: {}, state: 'finished', summary: { 'train/loss': 0.4 } },
      { params: {}, state: 'finished', summary: { 'train/loss': 0.2 } },
    ]);
    const rows = await listSweeps(store);
    expect(rows.map((r) => [r.sweep.name, r.total, r.counts.finished, r.counts.failed, r.counts.pending, r.best])).toEqual([
      ['kd', 4, 2, 1, 1, 0.9],
      ['loss', 2, 2, 0, 0, 0.2],
    ]);
    expect(formatSweepTable(rows).split('\n')).toEqual([
      'sweep  method  state    runs  pending  finished  failed  metric               best',
      'kd     random  running     4        1         2       1  eval/accuracy (max)   0.9',
      'loss   grid    running     2        0         2       0  train/loss (min)      0.2',
      '',
    ]);
  });
  it('says so when the store has no sweeps', () => {
    expect(formatSweepTable([])).toBe('no sweeps in this store\n');
  });
});

describe('listSweeps on a large sweep', () => {
  it('finds the best of 150,000 finished runs (no argument spread)', async () => {
    const store = new MemoryStore({ now: () => 0 });
    await store.createSweep({ name: 'big', method: 'random', metric: { name: 'acc', goal: 'maximize' }, config: {} });
    const n = 150_000;
    await store.addRuns(
      'big',
      Array.from({ length: n }, (_, i) => ({ params: {}, state: 'finished' as const, summary: { acc: ((i * 7919) % n) / n } })),
    );
    const [row] = await listSweeps(store);
    expect(row.total).toBe(n);
    expect(row.best).toBe((n - 1) / n);
  });
});
