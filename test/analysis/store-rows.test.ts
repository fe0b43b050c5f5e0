import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/domain/run.js';
import { programOf, tableFromRuns, type SweepInfo } from '../../src/analysis/store-rows.js';

const metric = { name: 'eval/accuracy', goal: 'maximize' } as const;
const run = (id: string, sweep: string, acc: number): RunRecord => ({
  id,
  sweep,
  state: 'finished',
  params: { lr: 0.1 },
  summary: { 'eval/accuracy': acc },
});

describe('tableFromRuns', () => {
  it('one row per run with params and summary as columns, the sweep as the group hint', () => {
    const sweeps: SweepInfo[] = [{ name: 's', method: 'grid', metric }];
    const t = tableFromRuns([run('a', 's', 0.9), run('b', 's', 0.8)], sweeps);
    expect(t.rowCount).toBe(2);
    expect(t.columns).toEqual(expect.arrayContaining(['id', 'sweep', 'state', 'lr', 'eval/accuracy']));
    expect(t.hints).toEqual({ group: 'sweep', metric, params: ['lr'] }); // params, not the summary's metrics
    expect(t.program).toBeUndefined();
  });
  it("carries the program and command of a user-program sweep, for the report's header", () => {
    const sweeps: SweepInfo[] = [
      {
        name: 's',
        method: 'grid',
        metric,
        config: { program: 'train.py', command: ['${env}', '${interpreter}', '${program}', '${args}'] },
      },
    ];
    expect(tableFromRuns([run('a', 's', 0.9)], sweeps).program).toEqual({
      program: 'train.py',
      command: '${env} ${interpreter} ${program} ${args}',
    });
  });
});

describe('programOf', () => {
  it('names every program of the sweeps once, and nothing for kdlab-trained sweeps', () => {
    const s = (config: Record<string, unknown>): SweepInfo => ({ name: 'x', method: 'grid', metric, config });
    expect(programOf([s({ program: 'a.py' }), s({ program: 'b.py' }), s({ program: 'a.py' })])).toEqual({ program: 'a.py, b.py' });
    expect(programOf([s({ loss: 'ce' }), { name: 'y', method: 'grid', metric }])).toBeUndefined();
  });
});
