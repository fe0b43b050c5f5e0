import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/domain/run.js';
import type { Sweep } from '../../src/domain/sweep.js';
import { parseSweepConfig } from '../../src/sweep/config.js';
import { formatStatusTable } from '../../src/render/tables.js';
import { sweepProgress } from '../../src/sweep/status.js';

const config = parseSweepConfig('name: s\nmethod: grid\ntrainer: fake\nparameters:\n  x: { values: [1, 2, 3, 4, 5] }\n');
const sweep: Sweep = {
  id: 'sw1',
  name: 's',
  method: 'grid',
  metric: config.metric,
  config: config.raw,
  state: 'running',
  createdAt: '2026-01-01T00:00:00Z',
};
const run = (id: string, key: string, attempt: number, state: RunRecord['state'], acc?: number): RunRecord => ({
  id,
  sweep: 's',
  name: `s-${key}`,
  key,
  attempt,
  state,
  params: { x: Number(key) },
  summary: acc === undefined ? {} : { 'eval/accuracy': acc },
});

describe('sweepProgress', () => {
  const runs = [
    run('a', '1', 1, 'finished', 0.8),
    run('b', '2', 1, 'crashed'),
    run('c', '2', 2, 'running'), // crashed, retry running: not done
    run('d', '3', 1, 'pruned', 0.95), // pruned values never win "best"
    run('e', '4', 1, 'killed'), // killed: queued again on resume, not done
    run('f', '5', 1, 'failed'),
  ];
  it('counts a configuration done when its latest attempt ended for good', () => {
    expect(sweepProgress(sweep, runs)).toMatchObject({
      done: 3,
      total: 5,
      running: 1,
      pending: 0,
      finished: 1,
      crashed: 1,
      pruned: 1,
      killed: 1,
      failed: 1,
      best: { value: 0.8 },
    });
  });
  it('formats one row per sweep', () => {
    expect(formatStatusTable([sweepProgress(sweep, runs)])).toBe(
      'sweep  method  state    done/total  running  failed  crashed  pruned  best\n' +
        's      grid    running  3/5         1        1       1        1       eval/accuracy=0.8000',
    );
  });
});
