import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../src/analysis/pipeline.js';
import { tableFromRuns } from '../../src/analysis/store-rows.js';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import { tableFromRows, type LoadedTable } from '../../src/analysis/table.js';
import { messages } from '../../src/log/messages.js';
import { buildReportModel, MAX_EMBEDDED_RUNS } from '../../src/report/build.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { VERSION } from '../../src/version.js';

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

const provenance = { command: 'kdlab report runs.csv', options: { baseline: 'base' }, createdAt: '2026-03-01T00:00:00.000Z' };

describe('buildReportModel', () => {
  it('adds Tukey boxes, provenance, the runs used and the cleaning counts', () => {
    const t = loaded(rows);
    const a = analyzeTable(t, { baseline: 'base' }, defaultEngine);
    const m = buildReportModel(t, a, provenance, 'KD vs base');
    expect(m.title).toBe('KD vs base');
    expect(m.boxes.map((b) => [b.name, b.median, b.values?.length])).toEqual([
      ['kd', 0.84, 5],
      ['base', 0.81, 5],
    ]);
    expect(m.meta).toEqual({
      command: 'kdlab report runs.csv',
      options: { baseline: 'base' },
      kdlabVersion: VERSION,
      input: { path: 'runs.csv', sha256: 'abc', rows: 11 },
      createdAt: provenance.createdAt,
    });
    expect(m.runs).toHaveLength(10);
    expect(m.runs[0]).toEqual({ id: 'b0', name: 'base-0', group: 'base', state: 'finished', 'eval/accuracy': 0.8 });
    expect(m.cleaning).toEqual({ byState: { finished: 10, crashed: 1 }, duplicateIds: [] });
  });
  it('leaves the runs out above MAX_EMBEDDED_RUNS, with a warning', () => {
    const many = Array.from({ length: MAX_EMBEDDED_RUNS + 2 }, (_, i) => ({ g: i % 2 ? 'a' : 'b', acc: (i % 97) / 97 }));
    const t = loaded(many);
    const a = analyzeTable(t, { group: 'g', metric: 'acc' }, defaultEngine);
    const m = buildReportModel(t, a, provenance);
    expect(m.runs).toEqual([]);
    expect(m.results.warnings).toContain(messages.runsNotEmbedded(MAX_EMBEDDED_RUNS + 2, MAX_EMBEDDED_RUNS));
    expect(m.boxes.every((b) => b.values === undefined)).toBe(true);
  });
});

describe("each group's best run", () => {
  it('lists its tracker params, but not the column the runs are grouped by', () => {
    const optuna = [0.1, 0.3, 0.2, 0.5, 0.4, 0.6].map((v, i) => ({
      number: i,
      value: v,
      params_model: i % 2 ? 'bert' : 'roberta',
      params_lr: [0.001, 0.01, 0.0001][i % 3],
      state: 'COMPLETE',
    }));
    const t = loaded(optuna);
    const m = buildReportModel(t, analyzeTable(t, { group: 'params_model', metric: 'value' }, defaultEngine), provenance);
    expect(m.results.groups.map((g) => [g.name, g.bestRun?.params])).toEqual([
      ['bert', { params_lr: 0.0001 }],
      ['roberta', { params_lr: 0.01 }],
    ]);
  });
});

/** A run store's table: sweeps a (runs 0, 1) and b (runs 2, 3), params `seed: i` plus `params`, eval/accuracy plus `summary(acc)`. */
function storeTable(summary: (acc: number) => Record<string, number>, params: Record<string, string> = {}): LoadedTable {
  const metric = { name: 'eval/accuracy', goal: 'maximize' } as const;
  const runs = [0.8, 0.9, 0.85, 0.7].map((acc, i) => ({
    id: `r${i}`,
    sweep: i < 2 ? 'a' : 'b',
    state: 'finished' as const,
    params: { ...params, seed: i },
    summary: { 'eval/accuracy': acc, ...summary(acc) },
  }));
  const table = tableFromRuns(runs, [
    { name: 'a', method: 'grid', metric },
    { name: 'b', method: 'grid', metric },
  ]);
  return { ...table, source: { path: 'runs.db', format: 'store', sha256: 'x' } };
}

describe("a plain table's best run", () => {
  it('lists the settings, not the metrics, times or tracker fields beside them', () => {
    const runs = [0.1, 0.3, 0.2, 0.5].map((v, i) => ({
      method: i % 2 ? 'a' : 'b',
      psnr: v,
      lr: [0.01, 0.001][i % 2 ? 1 : 0] * (i + 1),
      created_at: `2025-01-0${i + 1}`,
      _runtime: 100 + i,
      'train/psnr': v + 1,
    }));
    const t = loaded(runs);
    const m = buildReportModel(t, analyzeTable(t, { group: 'method', metric: 'psnr' }, defaultEngine), provenance);
    expect(m.results.groups.map((g) => Object.keys(g.bestRun?.params ?? {}))).toEqual([['lr'], ['lr']]);
  });
});

describe("a store's best run", () => {
  it("lists the run's params, never its summary metrics", () => {
    const t = storeTable((acc) => ({ 'eval/loss': 1 - acc, 'test/accuracy': acc - 0.01 }), { loss: 'ce' });
    const m = buildReportModel(t, analyzeTable(t, {}, defaultEngine), provenance);
    expect(m.results.groups.map((g) => [g.name, g.bestRun?.params])).toEqual([
      ['a', { loss: 'ce', seed: 1 }],
      ['b', { loss: 'ce', seed: 2 }],
    ]);
  });
  it("carries the teacher's test accuracy that distilling runs store, for the header", () => {
    const t = storeTable(() => ({ 'teacher/test/accuracy': 0.8813 }));
    const m = buildReportModel(t, analyzeTable(t, {}, defaultEngine), provenance);
    expect(m.about?.teacherAccuracy).toEqual([0.8813]);
    expect(renderMarkdown(m)).toContain('Teacher test accuracy: 0.8813.');
    expect(buildReportModel(loaded(rows), analyzeTable(loaded(rows), {}, defaultEngine), provenance).about).toBeUndefined();
  });
});

describe('the title', () => {
  it('names the headline comparison when there is one, else the metric by group', () => {
    const t = loaded(rows);
    expect(buildReportModel(t, analyzeTable(t, { baseline: 'base' }, defaultEngine), provenance).title).toBe('eval/accuracy: kd vs base');
    const lone = loaded(rows.filter((r) => r.Sweep === 'kd'));
    expect(buildReportModel(lone, analyzeTable(lone, { group: 'Sweep' }, defaultEngine), provenance).title).toBe('eval/accuracy by Sweep');
  });
});
