import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/analysis/model.js';
import { BEST_PARAMS_CHARS, formatBestTable, formatBudget, formatComparison, formatRunsTable } from '../../src/render/terminal.js';
import { table } from '../../src/render/tables.js';
import { BEST_RUNS, model, results, withBestRuns } from '../helpers/report-model.js';

const welch = results.comparisons[0];

describe('formatComparison', () => {
  it("gives Welch's figures on the first line and Mann–Whitney's beside the effect sizes (Welch is the verdict)", () => {
    expect(formatComparison(welch, 'greater').split('\n')).toEqual([
      "cosine vs temperature: Welch's t (unequal variances), one-sided, H1: a > b, n = 10/11, t = 3.618, df = 12.08, p = 0.0017, adj. p = 0.0017, diff 95% CI [0.0112, ∞]",
      "  Mann–Whitney U = 103.0, p = 0.00011, rank-biserial = 0.873; Hedges' g = 1.457 [0.485, 2.429]; P(a better) = 0.936 [0.813, 1.000]",
      `  → ${welch.sentence}`,
    ]);
  });

  it("gives Mann–Whitney's figures when Mann–Whitney is the verdict, and the t-tests' beside them", () => {
    const mw: Comparison = { ...welch, headlineTest: 'mannWhitney' };
    expect(formatComparison(mw, 'greater').split('\n').slice(0, 2)).toEqual([
      'cosine vs temperature: Mann–Whitney U (rank-based), one-sided, H1: a > b, n = 10/11, U = 103.0, p = 0.00011, adj. p = 0.00011, rank-biserial = 0.873',
      "  Student's t = 3.479, df = 19, p = 0.0013; Welch's t = 3.618, df = 12.08, p = 0.0017; Hedges' g = 1.457 [0.485, 2.429]; P(a better) = 0.936 [0.813, 1.000]",
    ]);
  });

  it("gives Student's figures when Student is the verdict", () => {
    const student: Comparison = { ...welch, headlineTest: 'student' };
    expect(formatComparison(student, 'two-sided').split('\n')[0]).toBe(
      "cosine vs temperature: Student's t (equal variances), two-sided, n = 10/11, t = 3.479, df = 19, p = 0.0013, adj. p = 0.0013, diff 95% CI [0.0112, ∞]",
    );
  });
});

describe('formatBudget', () => {
  it('sorts by expected best and writes each column at one precision: an sd below 0.001 puts the whole column in exponent form', () => {
    const budgetMatched = {
      n: 10,
      groups: [
        { name: 'labels', expectedBest: 0.8881, sd: 0.0014 },
        { name: 'distilled', expectedBest: 0.8924, sd: 0.000845 },
      ],
    };
    expect(formatBudget({ ...results, budgetMatched })?.split('\n')).toEqual([
      "expected best of 10 runs (the smallest group's size)",
      'group      expected best        sd',
      'distilled         0.8924  8.450e−4',
      'labels            0.8881  1.400e−3',
    ]);
    expect(formatBudget({ ...results, goal: 'minimize', budgetMatched })?.split('\n')[2]).toMatch(/^labels /);
    expect(formatBudget({ ...results, budgetMatched: undefined })).toBeUndefined();
  });
});

describe('tables', () => {
  it('left-aligns the first column and right-aligns the rest', () => {
    expect(
      table(
        ['group', 'n'],
        [
          ['a', '10'],
          ['long name', '2'],
        ],
      ),
    ).toBe('group       n\na          10\nlong name   2');
  });
  it('prints best and runs by group', () => {
    expect(formatBestTable(results.groups, 'acc').split('\n')[0]).toBe('best acc by group');
    expect(formatRunsTable(results.groups).split('\n').slice(1)).toEqual([
      'group        runs  dropped  failed  total',
      'cosine         10        1       2     13',
      'temperature    11        0       3     14',
    ]);
  });
});

describe('formatBestTable: the best run of each group', () => {
  const groups = withBestRuns(model, BEST_RUNS).results.groups;

  it('names each best run (name, else id) and the hyperparameters that differ, not the shared ones', () => {
    const lines = formatBestTable(groups, 'acc').split('\n');
    expect(lines[1]).toMatch(/^group +best +mean +sd +median +q1 +q3 +best run +its hyperparameters$/);
    expect(lines[2]).toMatch(/^cosine .* misty-meadow-4 +lr=0\.001, schedule=cosine$/);
    expect(lines[3]).toMatch(/^temperature .* t2 +lr=0\.0003, schedule=step$/);
    expect(lines.join('\n')).not.toContain('batch');
  });

  it('cuts long hyperparameter text with "…" so lines stay readable', () => {
    const long = 'x'.repeat(200);
    const wide = groups.map((g, i) => ({ ...g, bestRun: { name: `run-${i}`, params: { note: `${long}${i}` } } }));
    const rows = formatBestTable(wide, 'acc').split('\n').slice(2);
    for (const row of rows) {
      const params = row.slice(row.indexOf('note='));
      expect([...params].length).toBe(BEST_PARAMS_CHARS);
      expect(params.endsWith('…')).toBe(true);
    }
  });

  it('keeps the numbers-only table when the groups carry no best run (a bare analysis)', () => {
    expect(formatBestTable(results.groups, 'acc').split('\n')[1]).toMatch(/^group +best +mean +sd +median +q1 +q3$/);
  });
});
