import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveTable, parseDerive } from '../../src/analysis/derive.js';
import { parseText } from '../../src/analysis/load.js';
import { analyzeTable } from '../../src/analysis/pipeline.js';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import { column, tableFromRows, type RunTable } from '../../src/analysis/table.js';
import { UsageError } from '../../src/errors.js';

const runs = tableFromRows([
  { name: 'mcmc-truck-low-1', 'a~b': 'x-1', psnr: 24.1 },
  { name: 'default-truck-low-1', 'a~b': 'y-2', psnr: 23.2 },
  { name: 'odd', 'a~b': 'z', psnr: 20 },
]);

describe('parseDerive', () => {
  it('names each new column by a named group, in order', () => {
    const d = parseDerive('name~^(?<method>[^-]+)-(?<scene>[^-]+)-(?<budget>[^-]+)', runs.columns);
    expect([d.source, d.names, d.description]).toEqual(['name', ['method', 'scene', 'budget'], 'method, scene, budget from name']);
  });
  it('takes the longest column followed by ~, so a name holding ~ works', () => {
    expect(parseDerive('a~b~^(?<letter>[a-z])', runs.columns).source).toBe('a~b');
  });
  it.each([
    ['name', /no column/],
    ['~^(?<x>a)', /no column/],
    ['nmae~^(?<x>a)', /did you mean "name"/],
    ['name~^([^-]+)-', /names no group/],
    ['name~^(?<psnr>[^-]+)', /a column "psnr" exists already/],
    ['name~(?<x>a)\\k<x>', /backreferences/],
    ['name~(?<x>a+)+', /exponential time/],
    ['name~(?<x>[a-', /--derive "name~\(\?<x>\[a-": Invalid regular expression/],
  ])('%j is refused with one line naming the flag', (expr, message) => {
    expect(() => parseDerive(expr, runs.columns)).toThrow(UsageError);
    expect(() => parseDerive(expr, runs.columns)).toThrow(message);
  });
});

describe('deriveTable', () => {
  it('adds the columns, empty where the pattern does not match, and counts those rows', () => {
    const r = deriveTable(runs, ['name~^(?<method>[^-]+)-(?<scene>[^-]+)-', 'scene~^(?<first>.)']);
    expect(r.table.columns).toEqual(['name', 'a~b', 'psnr', 'method', 'scene', 'first']);
    expect(column(r.table, 'method')).toEqual(['mcmc', 'default', null]);
    expect(column(r.table, 'first')).toEqual(['t', 't', null]); // a later --derive reads an earlier one's column
    expect(r.unmatched).toEqual([1, 1]);
    expect(runs.columns).toHaveLength(3); // the input is not changed
  });
  it('leaves the other columns of a lazy table unread', () => {
    const text = ['name,psnr,notes', ...Array.from({ length: 50 }, (_, i) => `m${i % 2}-s${i % 5},${20 + i / 10},n${i}`)].join('\n');
    const t = parseText(text, 'csv', 'f.csv', 'lazy');
    const unread = (x: RunTable, name: string) => Object.getOwnPropertyDescriptor(x.data, x.columns.indexOf(name))?.get !== undefined;
    const r = deriveTable(t, ['name~^(?<method>m\\d)-(?<scene>s\\d)']);
    expect(column(r.table, 'scene')?.slice(0, 3)).toEqual(['s0', 's1', 's2']);
    expect(unread(t, 'notes')).toBe(true);
    expect(unread(t, 'psnr')).toBe(true);
    expect(column(r.table, 'psnr')?.[0]).toBe('20');
  });
});

describe('--derive in the analysis', () => {
  it('groups and pairs by derived columns, and the report says which it derived', () => {
    const rows = ['a', 'b'].flatMap((m, i) => [1, 2, 3, 4].map((s) => ({ name: `${m}-scene${s}`, psnr: 20 + s + i * (0.5 + s / 100) })));
    const a = analyzeTable(
      tableFromRows(rows),
      { derive: ['name~^(?<method>[ab])-(?<scene>.+)$'], group: 'method', metric: 'psnr', goal: 'maximize', pairBy: 'scene' },
      defaultEngine,
    );
    expect(a.results.derived).toEqual(['method, scene from name']);
    expect(a.results.design?.pairBy).toEqual(['scene']);
    expect(a.results.comparisons[0].headlineTest).toBe('paired');
    expect(a.results.comparisons[0].paired?.n).toBe(4);
  });
  it('warns once per expression about rows it could not read', () => {
    const a = analyzeTable(
      tableFromRows([...['a-1', 'a-2', 'b-1', 'b-2', 'odd'].map((name, i) => ({ name, psnr: i }))]),
      { derive: ['name~^(?<method>[ab])-'], group: 'method', metric: 'psnr', goal: 'maximize' },
      defaultEngine,
    );
    expect(a.results.warnings.filter((w) => w.startsWith('--derive'))).toEqual([
      '--derive: 1 of 5 rows did not match the pattern on "name"; their "method" is empty',
    ]);
  });
});

describe('parseDerive fuzz', () => {
  it('throws nothing but UsageError, and a parsed expression derives without throwing', () => {
    const reChars = fc.constantFrom(...'()[]{}*+?|\\^$.ab0,-:<>?~=!k'.split(''));
    const expr = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(reChars, { maxLength: 30 }).map((c) => `name~${c.join('')}`),
      fc.array(reChars, { maxLength: 20 }).map((c) => `name~(?<g>${c.join('')})`),
    );
    fc.assert(
      fc.property(expr, (e) => {
        let r;
        try {
          r = deriveTable(runs, [e]);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          return;
        }
        expect(r.table.rowCount).toBe(runs.rowCount);
        expect(r.table.columns.length).toBeGreaterThan(runs.columns.length);
      }),
      { numRuns: 2000 },
    );
  });
});
