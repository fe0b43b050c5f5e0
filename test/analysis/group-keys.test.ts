import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupLabel, resolveColumnList, resolveGroupColumns, withGroupColumn } from '../../src/analysis/group-keys.js';
import { cleanRuns } from '../../src/analysis/clean.js';
import { loadTable } from '../../src/analysis/load.js';
import { tableFromRows } from '../../src/analysis/table.js';
import { UsageError } from '../../src/errors.js';

describe('resolveGroupColumns', () => {
  const cols = ['lr', 'weight_decay', 'seed', 'lr,wd', 'params.model'];
  it('one column by its exact name', () => {
    expect(resolveGroupColumns('params.model', cols)).toEqual(['params.model']);
  });
  it('several columns separated by commas, spaces around them allowed', () => {
    expect(resolveGroupColumns('lr,weight_decay', cols)).toEqual(['lr', 'weight_decay']);
    expect(resolveGroupColumns('lr, weight_decay , seed', cols)).toEqual(['lr', 'weight_decay', 'seed']);
  });
  it('a column whose name holds a comma is selected whole, alone or among others', () => {
    expect(resolveGroupColumns('lr,wd', cols)).toEqual(['lr,wd']);
    expect(resolveGroupColumns('lr,wd,seed', cols)).toEqual(['lr,wd', 'seed']);
    expect(resolveGroupColumns('seed,lr,wd', cols)).toEqual(['seed', 'lr,wd']);
  });
  it('an unknown piece is a UsageError with a near miss', () => {
    expect(() => resolveGroupColumns('lr,weight_decy', cols)).toThrow(UsageError);
    expect(() => resolveGroupColumns('lr,weight_decy', cols)).toThrow(
      '--group: no column "weight_decy" in the table; did you mean "weight_decay"?',
    );
  });
  it('resolves --pair-by lists by the same rules, naming that flag', () => {
    expect(resolveColumnList('lr,wd,seed', cols, '--pair-by')).toEqual(['lr,wd', 'seed']);
    expect(() => resolveColumnList('sed', cols, '--pair-by')).toThrow('--pair-by: no column "sed" in the table; did you mean "seed"?');
  });
  it('refuses an empty piece and a column named twice', () => {
    expect(() => resolveGroupColumns('lr,,seed', cols)).toThrow(/empty column name/);
    expect(() => resolveGroupColumns('lr,seed,lr', cols)).toThrow(/column "lr" is named twice/);
  });
  it('never throws anything but UsageError, and what it returns are columns (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 6 }), (spec, columns) => {
        try {
          const out = resolveGroupColumns(spec, columns);
          expect(out.length).toBeGreaterThan(0);
          for (const c of out) expect(columns).toContain(c);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
        }
      }),
    );
  });
});

describe('groupLabel and withGroupColumn', () => {
  it('names a group A=a, B=b and keeps keys per column', () => {
    expect(groupLabel(['lr', 'wd'], ['0.010', 0.001])).toEqual({ name: 'lr=0.010, wd=0.001', keys: { lr: '0.010', wd: '0.001' } });
  });
  it('keeps the bare value for one column', () => {
    expect(groupLabel(['model'], ['Encoder1'])).toEqual({ name: 'Encoder1', keys: { model: 'Encoder1' } });
  });
  it('gives no group when a cell is empty', () => {
    expect(groupLabel(['lr', 'wd'], ['0.1', null])).toBeNull();
  });
  it('appends a derived column that cleanRuns groups by, with each label’s keys', () => {
    const t = tableFromRows([
      { lr: 0.1, wd: 0, acc: 0.9 },
      { lr: 0.1, wd: 0.01, acc: 0.8 },
      { lr: 0.1, wd: 0, acc: 0.7 },
      { lr: 0.2, acc: 0.6 },
    ]);
    const g = withGroupColumn(t, ['lr', 'wd']);
    expect(g.column).toBe('lr × wd');
    expect(t.columns).toEqual(['lr', 'wd', 'acc']);
    const clean = cleanRuns(g.table, { group: g.column, metric: 'acc' });
    expect(clean.groups.map((x) => [x.name, x.values.length])).toEqual([
      ['lr=0.1, wd=0', 2],
      ['lr=0.1, wd=0.01', 1],
    ]);
    expect(clean.ungrouped).toBe(1);
    expect(g.keys.get('lr=0.1, wd=0.01')).toEqual({ lr: '0.1', wd: '0.01' });
  });
  it('never reuses an existing column name for the derived one', () => {
    const t = tableFromRows([{ a: 1, b: 2, 'a × b': 'x' }]);
    expect(withGroupColumn(t, ['a', 'b']).column).toBe("a × b'");
  });
});

const simon = new URL('../../../shared/realdata/SimonHofmann94__BS-Data__grid_sweep_summary.csv', import.meta.url).pathname;

describe.skipIf(!existsSync(simon))('SimonHofmann94 grid sweep: --group lr,weight_decay', () => {
  it('groups by both columns with labels as written', async () => {
    const table = await loadTable(simon);
    const g = withGroupColumn(table, resolveGroupColumns('lr,weight_decay', table.columns));
    const clean = cleanRuns(g.table, { group: g.column, metric: 'metric_value' });
    const lrs = new Set(clean.groups.map((x) => g.keys.get(x.name)!.lr));
    const wds = new Set(clean.groups.map((x) => g.keys.get(x.name)!.weight_decay));
    expect(clean.groups.length).toBe(lrs.size * wds.size);
    expect(clean.groups.length).toBeGreaterThan(1);
    for (const x of clean.groups) expect(x.name).toBe(`lr=${g.keys.get(x.name)!.lr}, weight_decay=${g.keys.get(x.name)!.weight_decay}`);
    expect(clean.groups.reduce((s, x) => s + x.total, 0) + clean.ungrouped).toBe(table.rowCount);
  });
});
