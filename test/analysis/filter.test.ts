import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, filterTable, MAX_PATTERN_LENGTH, parseWhere, parseWheres, rowPredicate } from '../../src/analysis/filter.js';
import { loadTable } from '../../src/analysis/load.js';
import { column, tableFromRows } from '../../src/analysis/table.js';
import { UsageError } from '../../src/errors.js';

const table = tableFromRows([
  { 'params.model': 'Encoder1', 'test_full/psnr': 21.5, seed: '1', 'learning-rate': '0.010', 'a<b': 'x', note: 'kd run' },
  { 'params.model': 'Encoder2', 'test_full/psnr': '19.0', seed: '2', 'learning-rate': '0.1', 'a<b': 'y', note: null },
  { 'params.model': 'SkipEncoder1', 'test_full/psnr': 25, seed: '1.0', 'learning-rate': '1e-3', 'a<b': 'x', note: 'Baseline' },
  { 'params.model': 'Encoder10', 'test_full/psnr': null, seed: 'n/a', 'learning-rate': '0.010', 'a<b': 'z', note: '' },
]);
const rows = (...exprs: string[]) => {
  const keep = rowPredicate(table, parseWheres(exprs, table));
  return [0, 1, 2, 3].filter(keep);
};

describe('parseWhere: the operators', () => {
  it('= and != compare text exactly, or numbers numerically', () => {
    expect(rows('params.model=Encoder1')).toEqual([0]);
    expect(rows('params.model!=Encoder1')).toEqual([1, 2, 3]);
    expect(rows('seed=1')).toEqual([0, 2]); // "1.0" is the number 1
    expect(rows('learning-rate=0.01')).toEqual([0, 3]);
  });
  it('<, <=, >, >= compare numbers numerically and text by code units', () => {
    expect(rows('test_full/psnr>20')).toEqual([0, 2]);
    expect(rows('test_full/psnr>=21.5')).toEqual([0, 2]);
    expect(rows('test_full/psnr<21.5')).toEqual([1]);
    expect(rows('test_full/psnr<=19')).toEqual([1]);
    expect(rows('learning-rate<0.05')).toEqual([0, 2, 3]);
    expect(rows('params.model<F')).toEqual([0, 1, 3]);
  });
  it('~ searches a regular expression, bare or /re/flags', () => {
    expect(rows('params.model~^Encoder[0-9]$')).toEqual([0, 1]);
    expect(rows('note~/baseline/i')).toEqual([2]);
    expect(rows('params.model~/encoder1/gi', 'params.model~/encoder1/gi')).toEqual([0, 2, 3]);
  });
  it('missing cells pass only !=; COL= selects them and COL!= the others', () => {
    expect(rows('test_full/psnr>0')).toEqual([0, 1, 2]);
    expect(rows('test_full/psnr!=0')).toEqual([0, 1, 2, 3]);
    expect(rows('note=')).toEqual([1, 3]);
    expect(rows('note!=')).toEqual([0, 2]);
    expect(rows('note~.')).toEqual([0, 2]);
  });
  it('several filters must all hold', () => {
    expect(rows('seed=1', 'test_full/psnr>22')).toEqual([2]);
  });
  it('trims the value, and quotes keep its spaces', () => {
    expect(rows('note = kd run ')).toEqual([0]);
    expect(rows("note='kd run'")).toEqual([0]);
    expect(parseWhere('note=" kd"', table.columns).value).toBe(' kd');
  });
  it('matches column names with dots, slashes, hyphens and operator characters exactly', () => {
    expect(parseWhere('a<b=x', table.columns)).toMatchObject({ column: 'a<b', op: '=', value: 'x' });
    expect(rows('a<b!=x')).toEqual([1, 3]);
    expect(parseWhere('test_full/psnr>=20', table.columns)).toMatchObject({ column: 'test_full/psnr', op: '>=', value: '20' });
  });
  it('describes each filter for the report', () => {
    expect(parseWheres(['params.model = Encoder1', 'test_full/psnr>20'], table).map((f) => f.description)).toEqual([
      'params.model=Encoder1',
      'test_full/psnr>20',
    ]);
  });
});

describe('parseWhere: bad input is one UsageError line', () => {
  it('an unknown column, with a near miss', () => {
    expect(() => parseWhere('params.modle=Encoder1', table.columns)).toThrow(UsageError);
    expect(() => parseWhere('params.modle=Encoder1', table.columns)).toThrow(
      '--where: no column "params.modle" in the table; did you mean "params.model"?',
    );
  });
  it('no operator, or nothing at all', () => {
    expect(() => parseWhere('seed', table.columns)).toThrow('--where "seed": no operator; write COL=VALUE');
    expect(() => parseWhere('  ', table.columns)).toThrow(/^--where: empty expression/);
  });
  it('a bad regular expression', () => {
    expect(() => parseWhere('note~(', table.columns)).toThrow(
      /^--where "note~\(": Invalid regular expression.*; give a regular expression such as/,
    );
    expect(() => parseWhere('note~/a/q', table.columns)).toThrow(UsageError);
  });
  it('patterns that can backtrack for ever, backreferences and over-long patterns', () => {
    for (const p of ['(a+)+$', '(a*)*b', '(a|aa)*c', '(x{2,})+', '((ab)*)+']) {
      expect(() => compilePattern(p, `note~${p}`), p).toThrow(/exponential time/);
    }
    expect(() => compilePattern('(a)\\1', 'x')).toThrow(/backreferences/);
    expect(() => compilePattern('.*.*.*.*.*x', 'x')).toThrow(/more than 4 repetitions/);
    expect(() => compilePattern('a{2,}b+c*d+e{1,}', 'x')).toThrow(/more than 4 repetitions/);
    expect(() => compilePattern('.*a.*b.*c[*+]+\\*', 'x')).not.toThrow();
    expect(() => compilePattern('a'.repeat(MAX_PATTERN_LENGTH + 1), 'x')).toThrow(/keep it under 201/);
    // Harmless shapes stay allowed: an escaped paren, a class with ) and +, a group quantified once.
    for (const p of ['\\(a+\\)+', '[)+]+', '(ab)+', '(?:Encoder)[0-9]+', '^(kd|fitnet)$'])
      expect(() => compilePattern(p, p), p).not.toThrow();
  });
});

describe('filterTable', () => {
  it('keeps the rows every filter passes, with all columns', () => {
    const t = filterTable(table, parseWheres(['seed=1'], table));
    expect(t.rowCount).toBe(2);
    expect(t.columns).toEqual(table.columns);
    expect(column(t, 'params.model')).toEqual(['Encoder1', 'SkipEncoder1']);
  });
  it('returns the table itself without filters', () => {
    expect(filterTable(table, [])).toBe(table);
  });
});

describe('parseWhere fuzz', () => {
  const columns = ['seed', 'params.model', 'test_full/psnr', 'a-b', 'x=y'];
  const cells = fc.oneof(fc.constant(null), fc.string({ maxLength: 12 }), fc.double(), fc.integer(), fc.boolean());
  it('throws nothing but UsageError, and its predicate never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.array(cells, { maxLength: 5 }), (expr, values) => {
        let f;
        try {
          f = parseWhere(expr, columns);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          return;
        }
        expect(columns).toContain(f.column);
        for (const v of values) expect(typeof f.test(v)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
  it('regular expressions built from regex characters either compile or are refused with a UsageError', () => {
    const reChars = fc.constantFrom(...'()[]{}*+?|\\^$.ab0,-:'.split(''));
    fc.assert(
      fc.property(fc.array(reChars, { maxLength: 30 }), (chars) => {
        const pattern = chars.join('');
        try {
          const f = parseWhere(`seed~${pattern}`, columns);
          expect(typeof f.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaab')).toBe('boolean');
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

const mlflow = new URL('../../../shared/realdata/lucasdocunha__ConditionalAutoencoder__mlflow_runs.csv', import.meta.url).pathname;
const dennis = new URL('../../../shared/realdata/Dennis-Diehl__hyperparameter-optimization__runs.csv', import.meta.url).pathname;

describe.skipIf(!existsSync(mlflow) || !existsSync(dennis))('filters on real exports (../shared/realdata)', () => {
  it('MLflow: params.model=Encoder1_Classifier keeps exactly that model’s runs', async () => {
    const t = await loadTable(mlflow);
    const f = filterTable(t, parseWheres(['params.model=Encoder1_Classifier'], t));
    const all = column(t, 'params.model')!.filter((m) => m === 'Encoder1_Classifier').length;
    expect(f.rowCount).toBe(all);
    expect(f.rowCount).toBeGreaterThan(0);
    expect(new Set(column(f, 'params.model'))).toEqual(new Set(['Encoder1_Classifier']));
  });
  it('Dennis-Diehl: one dataset, and a numeric bound on a metric', async () => {
    const t = await loadTable(dennis);
    const f = filterTable(t, parseWheres(['dataset=adult_income', 'test_auroc>0.9'], t));
    expect(f.rowCount).toBeGreaterThan(0);
    expect(new Set(column(f, 'dataset'))).toEqual(new Set(['adult_income']));
    for (const v of column(f, 'test_auroc')!) expect(Number(v)).toBeGreaterThan(0.9);
    const adult = filterTable(t, parseWheres(['dataset=adult_income'], t));
    expect(adult.rowCount).toBe(column(t, 'dataset')!.filter((d) => d === 'adult_income').length);
    expect(f.rowCount).toBeLessThan(adult.rowCount);
  });
});
