/**
 * `kdlab report` on paired/blocked designs, filters and multi-column groups, end to end through the
 * command: the JSON numbers against scipy/R (test/commands/golden/report-paired.py), the design
 * fields, the headline choice, empty groups, the comparison cap, and a fuzz of the flags' parsing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTable } from '../../src/analysis/pipeline.js';
import type { Comparison, ResultsJson } from '../../src/analysis/model.js';
import { defaultEngine } from '../../src/analysis/stats-engine.js';
import { tableFromRows } from '../../src/analysis/table.js';
import { report, type ReportOptions } from '../../src/commands/report.js';
import { KdlabError } from '../../src/errors.js';
import { createTestContext } from '../helpers/context.js';

const golden = new URL('./golden/', import.meta.url).pathname;

interface PairedGolden {
  where: string[];
  pairBy: string[];
  comparisons: Record<
    string,
    {
      n: number;
      paired: { statistic: number; pvalue: number; pvalueAdjusted: number; df: number; n: number; ci: [number, number] };
      wilcoxon: { statistic: number; pvalue: number; pvalueAdjusted: number };
    }
  >;
}

function close(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

async function runReport(opts: Omit<ReportOptions, 'json' | 'html'>) {
  const dir = mkdtempSync(join(tmpdir(), 'kdlab-designs-'));
  const json = join(dir, 'results.json');
  const context = createTestContext();
  const code = await report({ ...opts, json, html: false }, context);
  return { code, results: JSON.parse(readFileSync(json, 'utf8')) as ResultsJson, out: context.out(), err: context.err() };
}

describe('report --where --pair-by against scipy and R', () => {
  const g = JSON.parse(readFileSync(join(golden, 'report-paired.json'), 'utf8')) as PairedGolden;

  it('gives ttest_rel, wilcoxon and their Holm-adjusted p-values on the matched keys', async () => {
    const { code, results, out } = await runReport({
      source: join(golden, 'report-paired.csv'),
      group: 'group',
      metric: 'acc',
      where: g.where,
      pairBy: g.pairBy.join(','),
    });
    expect(code).toBe(0);
    expect(results.filters).toEqual(['split=test']);
    expect(results.design?.pairBy).toEqual(['dataset', 'seed']);
    expect(results.comparisons).toHaveLength(3);
    for (const c of results.comparisons) {
      const e = g.comparisons[`${c.a}|${c.b}`];
      expect(c.headlineTest).toBe('paired');
      expect(c.paired?.n).toBe(e.n);
      for (const k of ['statistic', 'pvalue', 'pvalueAdjusted', 'df'] as const) close(c.paired![k], e.paired[k]);
      close(c.paired!.ci[0], e.paired.ci[0]);
      close(c.paired!.ci[1], e.paired.ci[1]);
      for (const k of ['statistic', 'pvalue', 'pvalueAdjusted'] as const) close(c.wilcoxon![k], e.wilcoxon[k]);
      expect(c.dz?.value).toBeCloseTo(c.paired!.statistic / Math.sqrt(e.n), 12);
    }
    expect(out).toMatch(/design: paired by dataset, seed: \d+ keys/);
    expect(out).toContain('filters: split=test');
  });

  it('counts replicates and the runs no other group matches in `design`', async () => {
    const { results } = await runReport({
      source: join(golden, 'report-paired.csv'),
      group: 'group',
      metric: 'acc',
      where: ['split=test'],
      pairBy: 'dataset,seed',
    });
    // kd seed 2 twice in each dataset (4 runs), baseline mnist seed 4 twice (2 runs).
    expect(results.design?.replicatesAveraged).toBe(6);
    // One missing dataset per group (3) and kd's cifar key (1); fitnet's missing fashion/6 key drops
    // nothing, as kd and baseline still match on it.
    expect(results.design?.dropped).toBe(4);
    expect(results.warnings.some((w) => w.startsWith('4 runs had no match'))).toBe(true);
  });

  it('leaves the paired fields out without --pair-by, and says the runs look paired', async () => {
    const { results, out } = await runReport({
      source: join(golden, 'report-paired.csv'),
      group: 'group',
      metric: 'acc',
      where: ['split=test'],
    });
    expect(results.design).toBeUndefined();
    expect(results.comparisons.every((c: Comparison) => c.paired === undefined && c.wilcoxon === undefined)).toBe(true);
    expect(results.comparisons[0].headlineTest).toBe('welch');
    expect(out).toContain('these runs look paired by');
  });
});

describe('multi-column groups, empty groups, the headline', () => {
  const rows: Record<string, number | string | null>[] = [];
  for (const lr of [0.1, 0.01])
    for (const wd of [0, 0.5])
      for (let seed = 1; seed <= 5; seed++)
        rows.push({ lr, wd, seed, state: 'finished', acc: 0.5 + lr + wd / 10 + seed / 100 + ((seed * 7) % 3) / 1000 });
  rows.push({ lr: 1, wd: 0, seed: 1, state: 'failed', acc: null });

  it('groups by A,B with keys, keeps an empty group out of the comparisons, and heads with best vs runner-up', () => {
    const a = analyzeTable(tableFromRows(rows), { group: 'lr,wd', metric: 'acc', pairBy: 'seed' }, defaultEngine);
    const names = a.results.groups.map((g) => g.name);
    expect(names).toContain('lr=0.1, wd=0.5');
    expect(a.results.groups.find((g) => g.name === 'lr=0.1, wd=0.5')?.keys).toEqual({ lr: '0.1', wd: '0.5' });
    const empty = a.results.groups.find((g) => g.name === 'lr=1, wd=0');
    expect(empty?.empty).toBe(true);
    expect(a.results.comparisons.some((c) => c.a === empty?.name || c.b === empty?.name)).toBe(false);
    expect(a.results.comparisons).toHaveLength(6);
    const [h] = a.results.comparisons;
    expect([h.a, h.b].sort()).toEqual(['lr=0.1, wd=0', 'lr=0.1, wd=0.5']);
  });

  it('heads with the best group against the baseline when --pairs all has one', () => {
    const a = analyzeTable(tableFromRows(rows), { group: 'lr,wd', metric: 'acc', baseline: 'lr=0.01, wd=0', pairs: 'all' }, defaultEngine);
    const [h] = a.results.comparisons;
    expect([h.a, h.b].sort()).toEqual(['lr=0.01, wd=0', 'lr=0.1, wd=0.5']);
  });

  it('refuses --pairs all above the cap before any test, naming the count and the flag', () => {
    const many = Array.from({ length: 46 * 2 }, (_, i) => ({ g: `g${i % 46}`, acc: i / 100 }));
    let calls = 0;
    const counting = {
      ...defaultEngine,
      ttestInd: (...args: Parameters<typeof defaultEngine.ttestInd>) => (calls++, defaultEngine.ttestInd(...args)),
    };
    // 46 groups make 1035 comparisons.
    expect(() => analyzeTable(tableFromRows(many), { group: 'g', metric: 'acc' }, counting)).toThrow(
      /1035 comparisons.*--max-comparisons 1035/,
    );
    expect(calls).toBe(0);
    const a = analyzeTable(tableFromRows(many), { group: 'g', metric: 'acc', maxComparisons: 1035 }, counting);
    expect(a.results.comparisons).toHaveLength(1035);
    // Student and Welch once each per comparison: linear in the comparisons.
    expect(calls).toBe(2 * 1035);
  });

  it('reports progress for many comparisons', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdlab-designs-'));
    const src = join(dir, 'many.csv');
    writeFileSync(src, 'g,acc\n' + Array.from({ length: 21 * 2 }, (_, i) => `g${i % 21},${i / 100}`).join('\n') + '\n');
    const seen: { total?: number; done: number[] } = { done: [] };
    const context = createTestContext({
      progress: () => ({
        start: (total) => void (seen.total = total),
        update: (done) => void seen.done.push(done),
        stop: () => {},
      }),
    });
    expect(await report({ source: src, group: 'g', metric: 'acc', html: false }, context)).toBe(0);
    // 21 groups: 210 comparisons, above the threshold of 200.
    expect(seen.total).toBe(210);
    expect(seen.done.at(-1)).toBe(210);
  });
});

describe('flag parsing through the report command (fuzz)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kdlab-designs-fuzz-'));
  const src = join(dir, 'runs.csv');
  writeFileSync(
    src,
    'method,seed,lr,wd,acc\n' +
      Array.from({ length: 24 }, (_, i) => `m${i % 3},${i % 4},${i % 2 ? 0.1 : 0.01},${i % 5},${((i * 37) % 100) / 100}`).join('\n') +
      '\n',
  );
  const piece = fc.oneof(
    fc.constantFrom(
      'method',
      'seed',
      'lr',
      'wd',
      'acc',
      'auto',
      'nope',
      '',
      ' ',
      ',',
      '=',
      '!=',
      '<',
      '<=',
      '>',
      '>=',
      '~',
      '(a+)+',
      '\\',
      '"',
      "'",
      '0.1',
      '[',
      '*',
    ),
    fc.string({ maxLength: 6 }),
  );
  const text = fc.array(piece, { maxLength: 5 }).map((p) => p.join(''));

  it('exits 0, or throws a one-line error with exit code 2', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(text, { maxLength: 3 }),
        fc.option(text, { nil: undefined }),
        fc.option(text, { nil: undefined }),
        async (where, group, pairBy) => {
          const context = createTestContext();
          try {
            const code = await report({ source: src, metric: 'acc', where, group: group ?? 'method', pairBy, html: false }, context);
            expect(code).toBe(0);
          } catch (e) {
            expect(e).toBeInstanceOf(KdlabError);
            expect((e as KdlabError).exitCode).toBe(2);
            expect((e as Error).message).not.toContain('\n');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
