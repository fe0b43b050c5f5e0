import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseText } from '../../src/analysis/load.js';
import { column } from '../../src/analysis/table.js';
import { UsageError } from '../../src/errors.js';
import { exportRuns, formatCsv, formatJsonl, runsToTable } from '../../src/runs/export-runs.js';
import { MemoryStore } from '../../src/storage/memory.js';
import type { RunRecord } from '../../src/domain/run.js';

const metric = { name: 'eval/accuracy', goal: 'maximize' } as const;

function record(over: Partial<RunRecord>): RunRecord {
  return { id: 'r1', sweep: 's', state: 'finished', params: {}, summary: {}, ...over };
}

describe('runsToTable', () => {
  it('puts run fields first, then params, then metrics, then timings', () => {
    const t = runsToTable([
      record({
        id: 'a',
        name: 'kd-1',
        params: { temperature: 4, loss: 'kd' },
        summary: { 'eval/accuracy': 0.9 },
        backend: 'wasm',
        wallTimeS: 3,
        attempt: 1,
      }),
      record({
        id: 'b',
        params: { temperature: 2, alpha: 0.5 },
        summary: { 'eval/accuracy': 0.8, 'train/loss': 0.1 },
        state: 'failed',
        error: 'nan loss',
      }),
    ]);
    expect(t.columns).toEqual([
      'id',
      'name',
      'sweep',
      'state',
      'temperature',
      'loss',
      'alpha',
      'eval/accuracy',
      'train/loss',
      'backend',
      'device',
      'worker',
      'attempt',
      'created_at',
      'started_at',
      'finished_at',
      'wall_time_s',
      'error',
    ]);
    expect(t.rows[0]).toEqual(['a', 'kd-1', 's', 'finished', 4, 'kd', null, 0.9, null, 'wasm', null, null, 1, null, null, null, 3, null]);
    expect(t.rows[1].slice(0, 9)).toEqual(['b', null, 's', 'failed', 2, null, 0.5, 0.8, 0.1]);
    expect(t.rows[1][17]).toBe('nan loss');
  });
  it('prefixes a param or metric whose name is taken', () => {
    const t = runsToTable([record({ params: { state: 'x', lr: 0.1 }, summary: { lr: 0.5, id: 1 } })]);
    expect(t.columns.slice(4, 8)).toEqual(['params.state', 'lr', 'summary.lr', 'summary.id']);
  });
});

describe('formatCsv / formatJsonl', () => {
  const table = {
    columns: ['id', 'note', 'v', 'ok'],
    rows: [
      ['a', 'x, "y"\nz', 0.1, true],
      ['b', ' pad', null, false],
    ] as const,
  };
  it('quotes cells with commas, quotes, line breaks or edge spaces; empty for null', () => {
    expect(formatCsv(table)).toBe('id,note,v,ok\na,"x, ""y""\nz",0.1,true\nb," pad",,false\n');
  });
  it('reads back through the report loader cell for cell', () => {
    const back = parseText(formatCsv(table), 'csv');
    expect(column(back, 'note')).toEqual(['x, "y"\nz', ' pad']);
    expect(column(back, 'v')).toEqual(['0.1', null]);
  });
  it('writes one typed object per run', () => {
    expect(formatJsonl(table).split('\n')).toEqual([
      '{"id":"a","note":"x, \\"y\\"\\nz","v":0.1,"ok":true}',
      '{"id":"b","note":" pad","v":null,"ok":false}',
      '',
    ]);
    expect(formatJsonl({ columns: ['id'], rows: [] })).toBe('');
  });
});

describe('exportRuns', () => {
  let store: MemoryStore;
  let dir: string;
  beforeEach(async () => {
    store = new MemoryStore({ now: () => Date.UTC(2026, 0, 1) });
    dir = mkdtempSync(join(tmpdir(), 'kdlab-export-'));
    await store.createSweep({ name: 'kd', method: 'grid', metric, config: {} });
    await store.createSweep({ name: 'ce', method: 'grid', metric, config: {} });
    await store.addRun('kd', { params: { t: 4 }, state: 'finished', summary: { 'eval/accuracy': 0.91 } });
    await store.addRun('ce', { params: { t: 1 }, state: 'finished', summary: { 'eval/accuracy': 0.88 } });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the text for stdout, filtered by sweep', async () => {
    const r = await exportRuns(store, { sweep: 'kd', format: 'csv' });
    expect(r.runs).toBe(1);
    expect(r.text!.split('\n')[1]).toMatch(/^\w+,,kd,finished,4,0\.91,/);
  });
  it('writes a file atomically', async () => {
    const out = join(dir, 'sub', 'runs.jsonl');
    const r = await exportRuns(store, { format: 'jsonl', out });
    expect(r).toMatchObject({ runs: 2, path: out });
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.sweep, l['eval/accuracy']])).toEqual([
      ['kd', 0.91],
      ['ce', 0.88],
    ]);
  });
  it('names the sweeps when --sweep matches none', async () => {
    const err = await exportRuns(store, { sweep: 'kdd', format: 'csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('--sweep: no sweep "kdd" in memory:; sweeps: kd, ce');
  });
  it('rejects an unknown format', async () => {
    await expect(exportRuns(store, { format: 'xlsx' as never })).rejects.toThrow(/use csv or jsonl/);
  });
});
