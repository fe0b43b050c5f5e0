import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../src/analysis/pipeline.js';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import { tableFromRows, type LoadedTable } from '../../src/analysis/table.js';
import { rowsFromRuns } from '../../src/analysis/store-rows.js';
import { toJson } from '../../src/util/json.js';
import { messages } from '../../src/log/messages.js';

const rows = [
  ...[0.8, 0.82, 0.81, 0.79, 0.83].map((v, i) => ({
    id: `b${i}`,
    Name: `base-${i}`,
    State: 'finished',
    Sweep: 'base',
    'eval/accuracy': v,
  })),
  ...[0.84, 0.85, 0.83, 0.86, 0.84].map((v, i) => ({ id: `k${i}`, Name: `kd-${i}`, State: 'finished', Sweep: 'kd', 'eval/accuracy': v })),
  { id: 'k9', Name: 'kd-9', State: 'crashed', Sweep: 'kd', 'eval/accuracy': null },
];
const loaded = (r: Record<string, unknown>[]): LoadedTable => ({
  ...tableFromRows(r),
  source: { path: 'runs.csv', format: 'csv', sha256: 'abc' },
});

describe('analyzeTable (pure pipeline)', () => {
  const a = analyzeTable(loaded(rows), { baseline: 'base', alternative: 'greater' }, defaultEngine);
  it('detects, cleans, groups and compares', () => {
    expect(a.choices).toMatchObject({
      format: 'wandb-ui',
      group: 'Sweep',
      metric: 'eval/accuracy',
      goal: 'maximize',
      state: 'State',
      id: 'id',
    });
    expect(a.results.groups.map((g) => [g.name, g.n, g.failed])).toEqual([
      ['kd', 5, 1],
      ['base', 5, 0],
    ]);
    expect(a.results.comparisons.map((c) => [c.a, c.b, c.significant])).toEqual([['kd', 'base', true]]);
    expect(a.results.warnings).toEqual([
      messages.fewRunsGroups([
        { name: 'kd', n: 5 },
        { name: 'base', n: 5 },
      ]),
    ]);
  });
  it('serialises to the documented schema with non-finite numbers as null', () => {
    const json = JSON.parse(toJson(a.results)) as { comparisons: { student: { ci: (number | null)[] } }[]; baseline: string };
    expect(json.comparisons[0].student.ci[1]).toBeNull();
    expect(json.baseline).toBe('base');
  });
});

describe('rowsFromRuns (run store → rows)', () => {
  it('flattens id, name, sweep, state, sweep method, params and summary metrics', () => {
    const run = {
      id: 'r1',
      sweep: 's1',
      name: 'kd-1',
      state: 'finished' as const,
      params: { lr: 0.01, loss: 'kd' },
      summary: { 'eval/accuracy': 0.9, 'eval/loss': null },
    };
    expect(
      rowsFromRuns([run], [{ id: 's1', name: 'temperature', method: 'bayes', metric: { name: 'eval/accuracy', goal: 'maximize' } }]),
    ).toEqual([
      {
        id: 'r1',
        name: 'kd-1',
        sweep: 'temperature',
        state: 'finished',
        sweep_method: 'bayes',
        lr: 0.01,
        loss: 'kd',
        'eval/accuracy': 0.9,
        'eval/loss': null,
      },
    ]);
  });
});
