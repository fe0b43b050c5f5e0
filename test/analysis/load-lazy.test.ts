/**
 * The unquoted CSV/TSV fast path materialises a column only when a stage reads it. Lazy and eager
 * tables must hold the same cells, throw the same errors, and give the same analysis.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText, type ColumnMode } from '../../src/analysis/load.js';
import { analyzeTable, type AnalyzeOptions } from '../../src/analysis/pipeline.js';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import type { RunTable } from '../../src/analysis/table.js';

const outcome = (text: string, format: 'csv' | 'tsv', mode: ColumnMode) => {
  try {
    const t = parseText(text, format, 'f.csv', mode);
    return { columns: t.columns, rowCount: t.rowCount, data: t.columns.map((_, c) => [...t.data[c]]) };
  } catch (err) {
    return { error: String(err) };
  }
};

/** Whether column `name` of a table is still unread (its cells not yet sliced). */
const unread = (t: RunTable, name: string) => Object.getOwnPropertyDescriptor(t.data, t.columns.indexOf(name))?.get !== undefined;

describe('lazy columns of unquoted CSV/TSV', () => {
  it('hold the same cells and throw the same errors as eager columns, for any unquoted text', () => {
    const cell = fc.oneof(
      fc.constantFrom('', ' ', 'a', 'finished', '0.5', '1e-3', '\r', 'x y', '{}', "{'lr': 1}"),
      fc.string({ maxLength: 5 }),
    );
    const text = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 12 })
      .chain((rows) => fc.tuple(fc.constant(rows), fc.constantFrom(',', '\t'), fc.constantFrom('\n', '\r\n'), fc.boolean()))
      .map(([rows, d, nl, bom]) => (bom ? '\uFEFF' : '') + rows.map((r) => r.join(d)).join(nl))
      .filter((t) => !t.includes('"'));
    fc.assert(
      fc.property(text, fc.constantFrom<'csv' | 'tsv'>('csv', 'tsv'), (t, format) => {
        expect(outcome(t, format, 'lazy')).toEqual(outcome(t, format, 'eager'));
      }),
      { numRuns: 500 },
    );
  });

  it('hold the cells a plain split of the lines gives, lazy or eager', () => {
    // The plain definition: lines split on LF (a CR before it dropped), blank lines without a delimiter skipped, cells split on the delimiter.
    const plain = (text: string, d: string) => {
      const lines = text
        .replace(/^\uFEFF/, '')
        .split('\n')
        .map((l) => l.replace(/\r$/, ''))
        .filter((l) => !(l.trim() === '' && !l.includes(d)));
      return lines.length === 0 ? undefined : lines.slice(1).map((l) => l.split(d).map((c) => (c === '' ? null : c)));
    };
    // Letters, digits, dots and spaces: no quote, no line break, nothing the delimiter sniffer could take for a delimiter.
    const cell = fc.oneof(fc.constantFrom('', ' ', 'finished', '0.5', 'x y'), fc.stringMatching(/^[a-z0-9. ]{0,4}$/));
    const table = fc
      .integer({ min: 1, max: 4 })
      .chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 10 }));
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(',', '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom<ColumnMode>('lazy', 'eager'),
        (rows, d, nl, mode) => {
          const text = rows.map((r) => r.join(d)).join(nl);
          fc.pre(!/["\n]/.test(rows.flat().join('')) && !rows.flat().some((c) => c.includes(d === ',' ? ',' : '\t')));
          const expected = plain(text, d);
          fc.pre(expected !== undefined && expected.every((r) => r.length === rows[0].length));
          const t = parseText(text, d === ',' ? 'csv' : 'tsv', 'f', mode);
          expect(t.rowCount).toBe(expected.length);
          expect(Array.from({ length: t.rowCount }, (_, r) => t.columns.map((_c, c) => t.data[c][r]))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('share one string per repeated text, and slice the cells of a column only when it is read', () => {
    const t = parseText('id,state,acc\nr1,finished,0.5\nr2,finished,\nr3,crashed,0.7\n', 'csv', 'f.csv', 'lazy');
    expect(unread(t, 'acc')).toBe(true);
    expect(t.data[1]).toEqual(['finished', 'finished', 'crashed']);
    expect(unread(t, 'state')).toBe(false);
    expect(unread(t, 'acc')).toBe(true);
    expect(t.data[2]).toEqual(['0.5', null, '0.7']);
  });
});

/** A generated W&B-style export (bench/report/generate.mjs, seeded) of `rows` runs in 10 groups. */
const generated = (rows: number): string =>
  execFileSync(process.execPath, [new URL('../../bench/report/generate.mjs', import.meta.url).pathname, String(rows), '10'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });

const analyses = (text: string, opts: AnalyzeOptions) => {
  const lazy = parseText(text, 'csv', 'f.csv', 'lazy');
  const eager = parseText(text, 'csv', 'f.csv', 'eager');
  return { lazy, results: [analyzeTable(lazy, opts, defaultEngine).results, analyzeTable(eager, opts, defaultEngine).results] };
};

describe('the analysis of a lazy table equals that of the eager one', () => {
  // The report now reads every column of this export (the best run's name and hyperparameters, the
  // pairing hint's candidate keys), so only equality is asserted here; columns no stage reads stay
  // unread (the real-export case below).
  it('on a generated export of 1,000 runs', () => {
    const { results } = analyses(generated(1_000), { baseline: 'sweep-0', alternative: 'greater' });
    expect(results[0]).toEqual(results[1]);
    expect(results[0].groups).toHaveLength(10);
  });

  const dir = new URL('../../../shared/realdata/', import.meta.url).pathname;
  const files: [string, AnalyzeOptions][] = [
    ['lucasdocunha__ConditionalAutoencoder__mlflow_runs.csv', { group: 'params.model' }],
    ['niallmeagher__mlp_cw4__optuna_results.csv', { group: 'params_scheduler' }],
    ['SimonHofmann94__BS-Data__grid_sweep_summary.csv', { group: 'lr' }],
  ];
  for (const [file, opts] of files)
    it.skipIf(!existsSync(dir + file))(`on the real export ${file}`, () => {
      const text = readFileSync(dir + file, 'utf8');
      expect(text.includes('"')).toBe(false);
      const run = () => analyses(text, opts).results;
      let results: ReturnType<typeof run> | undefined;
      let error: unknown;
      try {
        results = run();
      } catch (err) {
        error = err;
      }
      if (results) expect(results[0]).toEqual(results[1]);
      else expect(() => analyzeTable(parseText(text, 'csv', 'f', 'eager'), opts, defaultEngine)).toThrow(String(error));
    });
});
