import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { report } from '../../src/commands/report.js';
import { createTestContext } from '../helpers/context.js';
import { messages } from '../../src/log/messages.js';
import { UsageError } from '../../src/errors.js';
import type { ResultsJson } from '../../src/analysis/model.js';
import { formatDf, formatFixed, formatP } from '../../src/render/format.js';
import { MemoryStore } from '../../src/storage/memory.js';
import { loadStore } from '../../src/analysis/load-store.js';

const sample = new URL('../../fixtures/runs/sample-runs.csv', import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), 'kdlab-report-'));

describe('report (command function)', () => {
  it('prints the best/runs tables and each comparison for the sample runs, --no-html', async () => {
    const ctx = createTestContext();
    const code = await report({ source: sample, baseline: 'temperature', alternative: 'greater', html: false }, ctx);
    expect(code).toBe(0);
    const text = ctx.out();
    expect(text).toContain('group: Sweep (detected; --group to change)');
    expect(text).toMatch(/best eval\/accuracy by group\ngroup +best/);
    expect(text).toMatch(/runs by group\ngroup +runs +dropped +failed +total\ncosine-scaling-fixed-k +127 +0 +1 +128/);
    expect(text).toMatch(/temperature +169 +1 +3 +173/);
    expect(text).toMatch(
      /cosine-scaling-fixed-k vs temperature: Welch's t \(unequal variances\), one-sided, H1: a > b, n = 127\/169, t = 2\.019, df = 172\.3/,
    );
    expect(text).toContain('expected best of 61 runs');
    expect(ctx.err()).toBe('');
  });

  it("names each group's best run and its differing hyperparameters in the terminal's best table", async () => {
    const ctx = createTestContext();
    await report({ source: sample, baseline: 'temperature', alternative: 'greater', html: false }, ctx);
    const best = ctx
      .out()
      .split('\n\n')
      .find((part) => part.startsWith('best eval/accuracy by group'))!;
    expect(best.split('\n')[1]).toMatch(/ best run +its hyperparameters$/);
    expect(best.split('\n')[2]).toMatch(/^cosine-scaling-fixed-k .* [a-z]+-[a-z]+-\d+ +\S+=/);
  });

  it('writes --json - to stdout following ResultsJson (non-finite → null), tables to stderr', async () => {
    const ctx = createTestContext();
    await report({ source: sample, baseline: 'temperature', alternative: 'greater', html: false, json: '-' }, ctx);
    const json = JSON.parse(ctx.out()) as ResultsJson;
    expect(Object.keys(json)).toEqual([
      'metric',
      'group',
      'goal',
      'alternative',
      'alpha',
      'adjust',
      'baseline',
      'filters',
      'groups',
      'comparisons',
      'expectedMax',
      'budgetMatched',
      'warnings',
    ]);
    expect(json.groups.map((g: { name: string; n: number }) => [g.name, g.n])).toEqual([
      ['cosine-scaling-fixed-k', 127],
      ['cosine-temperature', 61],
      ['temperature', 169],
    ]);
    expect(json.comparisons[0].welch.ci[1]).toBeNull();
    expect(Object.keys(json.comparisons[0].student)).toEqual(['statistic', 'pvalue', 'pvalueAdjusted', 'df', 'ci']);
    expect(json.expectedMax.temperature.at(-1)?.n).toBe(169);
    expect(ctx.err()).toContain('best eval/accuracy by group');
  });

  it('writes --markdown - to stdout (tables to stderr) and reads JSON Lines with --pairs all', async () => {
    const dir = tmp();
    const file = join(dir, 'runs.jsonl');
    const lines = [0.8, 0.82, 0.81, 0.79]
      .map((v) => JSON.stringify({ sweep: 'a', summary: { 'eval/accuracy': v } }))
      .concat([0.9, 0.91, 0.93, 0.92].map((v) => JSON.stringify({ sweep: 'b', summary: { 'eval/accuracy': v } })));
    writeFileSync(file, lines.join('\n'));
    const ctx = createTestContext();
    expect(await report({ source: file, pairs: 'all', html: false, markdown: '-' }, ctx)).toBe(0);
    expect(ctx.out()).toMatch(/^# eval\/accuracy: b vs a\n/);
    expect(ctx.err()).toContain('runs by group');
  });

  it('--fail-unless-significant exits 1 when the headline is not significant after adjustment', async () => {
    const base = { source: sample, baseline: 'temperature', html: false as const };
    expect(await report({ ...base, alternative: 'greater', failUnlessSignificant: true }, createTestContext())).toBe(0);
    expect(await report({ ...base, alternative: 'greater', alpha: 0.01, failUnlessSignificant: true }, createTestContext())).toBe(1);
  });

  it('writes the archived HTML report, results.json and summary.md, never overwriting', async () => {
    const dir = tmp();
    const ctx = createTestContext({ now: () => new Date('2026-03-01T12:00:00Z') });
    const opts = {
      source: sample,
      baseline: 'temperature',
      alternative: 'greater' as const,
      out: join(dir, 'reports'),
      markdown: join(dir, 's.md'),
    };
    expect(await report(opts, ctx)).toBe(0);
    expect(await report(opts, ctx)).toBe(0);
    const dirs = readdirSync(join(dir, 'reports')).filter((d) => d !== 'index.html');
    expect(dirs).toHaveLength(2);
    const html = readFileSync(join(dir, 'reports', dirs[0], 'index.html'), 'utf8');
    expect(html).toContain('cosine-scaling-fixed-k');
    expect(html).not.toMatch(/<script[^>]+src=|https?:\/\/cdn/);
    expect(existsSync(join(dir, 'reports', dirs[0], 'results.json'))).toBe(true);
    expect(readFileSync(join(dir, 's.md'), 'utf8')).toMatch(/^# eval\/accuracy/);
    expect(ctx.out()).toMatch(/report: .*index\.html/);
  });

  it('with --test mann-whitney, the terminal, JSON and HTML all give the Mann–Whitney figures and verdict', async () => {
    const dir = tmp();
    const ctx = createTestContext();
    const json = join(dir, 'results.json');
    const opts = { source: sample, baseline: 'temperature', alternative: 'greater' as const, test: 'mann-whitney' as const };
    expect(await report({ ...opts, json, out: join(dir, 'reports') }, ctx)).toBe(0);
    const results = JSON.parse(readFileSync(json, 'utf8')) as ResultsJson;
    const c = results.comparisons[0];
    const mw = c.mannWhitney;
    // JSON: the verdict rests on Mann–Whitney's adjusted p.
    expect(c.headlineTest).toBe('mannWhitney');
    expect(c.significant).toBe(mw.pvalueAdjusted < 0.05);
    expect(c.sentence).toMatch(/\(Mann–Whitney, one-sided, /);
    // Terminal: the headline line carries U and Mann–Whitney's p-values, not Welch's t.
    const line = ctx
      .out()
      .split('\n')
      .find((l) => l.startsWith('cosine-scaling-fixed-k vs temperature: '))!;
    expect(line).toBe(
      `cosine-scaling-fixed-k vs temperature: Mann–Whitney U (rank-based), one-sided, H1: a > b, n = 127/169, ` +
        `U = ${formatFixed(mw.statistic, 1)}, p = ${formatP(mw.pvalue)}, adj. p = ${formatP(mw.pvalueAdjusted)}, rank-biserial = ${formatFixed(mw.rankBiserial, 3)}`,
    );
    expect(ctx.out()).toContain(
      `  Student's t = ${formatFixed(c.student.statistic, 3)}, df = ${formatDf(c.student.df)}, p = ${formatP(c.student.pvalue)}; Welch's t = `,
    );
    // HTML: the headline names Mann–Whitney, and its row carries the verdict badge.
    const reportDir = readdirSync(join(dir, 'reports')).find((d) => d !== 'index.html')!;
    const html = readFileSync(join(dir, 'reports', reportDir, 'index.html'), 'utf8');
    expect(html).toContain(`(Mann–Whitney U, one-sided, adjusted p = ${formatP(mw.pvalueAdjusted)}`);
    expect(html).toMatch(/<th scope="row" class="text">Mann–Whitney U <span class="badge">verdict<\/span><\/th>/);
    expect(html).not.toMatch(/Welch&#39;s t-test <span class="badge">verdict/);
  });

  it('gives one usage error naming a bad column and its near misses', async () => {
    await expect(report({ source: sample, metric: 'eval/acuracy', html: false }, createTestContext())).rejects.toThrowError(
      new UsageError('--metric: no column "eval/acuracy" in the table; did you mean "eval/accuracy"?'),
    );
  });

  it('warns through the message catalog (few runs, not-independent sweeps)', async () => {
    const dir = tmp();
    const file = join(dir, 'runs.csv');
    writeFileSync(file, 'sweep_method,Sweep,acc\nbayes,A,0.8\nbayes,A,0.82\nbayes,A,0.81\ngrid,B,0.7\ngrid,B,0.75\ngrid,B,0.72\n');
    const ctx = createTestContext();
    await report({ source: file, html: false }, ctx);
    const logger = ctx.logger;
    expect(logger.warns).toContain(
      messages.fewRunsGroups([
        { name: 'A', n: 3 },
        { name: 'B', n: 3 },
      ]),
    );
    expect(logger.warns).toContain(messages.notIndependent(['A'], 'bayes'));
  });
});

describe('report from a run store', () => {
  it('flattens RunRecords: group sweep, metric eval/accuracy, bayes sweeps warned', async () => {
    const store = new MemoryStore();
    const metric = { name: 'eval/accuracy', goal: 'maximize' as const };
    await store.createSweep({ name: 'kd-grid', method: 'grid', metric, config: {} });
    await store.createSweep({ name: 'kd-tpe', method: 'bayes', metric, config: {} });
    const accs = { 'kd-grid': [0.81, 0.83, 0.82, 0.8], 'kd-tpe': [0.84, 0.85, 0.83, 0.86] };
    for (const [sweep, xs] of Object.entries(accs))
      for (const a of xs) await store.addRun(sweep, { params: { lr: 0.01 }, state: 'finished', summary: { 'eval/accuracy': a } });
    await store.addRun('kd-tpe', { params: { lr: 0.1 }, state: 'failed', summary: {} });
    const table = await loadStore(store);
    expect(table.columns.slice(0, 6)).toEqual(['id', 'name', 'sweep', 'state', 'sweep_method', 'lr']);
    expect(table.source.format).toBe('store');
    const { analyzeTable } = await import('../../src/analysis/pipeline.js');
    const { defaultEngine } = await import('../../src/analysis/stats-engine.js');
    const a = analyzeTable(table, {}, defaultEngine);
    expect(a.choices).toMatchObject({ format: 'kdlab-store', group: 'sweep', metric: 'eval/accuracy' });
    expect(a.results.groups.map((g) => [g.name, g.n, g.failed])).toEqual([
      ['kd-tpe', 4, 1],
      ['kd-grid', 4, 0],
    ]);
    expect(a.results.warnings).toContain(messages.notIndependent(['kd-tpe'], 'bayes'));
  });

  it('refuses a store file that does not exist instead of creating one', async () => {
    await expect(report({ source: join(tmp(), 'none.db'), html: false }, createTestContext())).rejects.toThrowError(/no such run store/);
  });
});
