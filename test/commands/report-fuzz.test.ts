/**
 * End-to-end fuzz over `kdlab report` (the command function, as the CLI calls it): random run
 * tables as CSV, JSON and JSON Lines, with column and group names that are JavaScript built-in
 * property names, line/paragraph separators or markup. Every input ends in exit 0 or a KdlabError
 * with exit code 2 and a one-line message — never exit 1, never a stack, never a hang (inputs are
 * small, so each case is bounded).
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { report } from '../../src/commands/report.js';
import { KdlabError } from '../../src/errors.js';
import { createTestContext } from '../helpers/context.js';
import { HOSTILE_NAMES } from '../helpers/hostile-names.js';

const work = mkdtempSync(join(tmpdir(), 'kdlab-report-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TRICKY = [...HOSTILE_NAMES, 'eval/accuracy', 'group', 'state'];
const name = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ minLength: 1, maxLength: 6 }));
const value = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  fc.double(),
  fc.constantFrom(1e308, -1e308, 5e-324, 0),
  fc.constantFrom('nan', 'inf', '', 'x'),
);

interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** A run table: a group column, a metric column, maybe one more, and up to 12 rows. */
const table: fc.Arbitrary<Table> = fc
  .record({
    columns: fc.uniqueArray(name, { minLength: 2, maxLength: 3 }),
    groups: fc.array(name, { minLength: 1, maxLength: 3 }),
    rows: fc.array(fc.tuple(fc.nat(), value, value), { maxLength: 16 }),
  })
  .map(({ columns, groups, rows }) => ({
    columns,
    rows: rows.map(([g, v, w]) => [groups[g % groups.length], v, w].slice(0, columns.length)),
  }));

const csvCell = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
const FORMATS = {
  csv: (t: Table) => [t.columns, ...t.rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n',
  json: (t: Table) => JSON.stringify(t.rows.map((r) => Object.fromEntries(r.map((v, i) => [t.columns[i], v])))),
  jsonl: (t: Table) => t.rows.map((r) => JSON.stringify(Object.fromEntries(r.map((v, i) => [t.columns[i], v])))).join('\n') + '\n',
};
const format = fc.constantFrom(...(Object.keys(FORMATS) as (keyof typeof FORMATS)[]));

let counter = 0;
/** Cases that ended in a report: a fuzz that never got past the loader would prove little. */
let reports = 0;

/** Runs the report on one table; fails the property unless it is exit 0 or one line with exit 2. */
async function check(t: Table, ext: keyof typeof FORMATS, html: boolean, named = false): Promise<void> {
  const dir = join(work, String(++counter));
  const file = `${dir}.${ext}`;
  writeFileSync(file, FORMATS[ext](t));
  const ctx = createTestContext();
  try {
    // Named: the group and metric columns given as flags (random names are rarely detected).
    const columns = named ? { group: t.columns[0], metric: t.columns[1] } : {};
    const code = await report({ source: file, html, out: dir, ...columns }, ctx);
    expect(code).toBe(0);
    reports++;
  } catch (err) {
    if (!(err instanceof KdlabError) || err.exitCode !== 2) throw err;
    expect(err.message).not.toMatch(/[\n\r]|\n\s+at /);
    expect(err.message.length).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}

describe('report fuzz', () => {
  it('random tables without HTML: exit 0 or one line with exit 2', async () => {
    await fc.assert(
      fc.asyncProperty(table, format, fc.boolean(), (t, ext, named) => check(t, ext, false, named)),
      { numRuns: 150 },
    );
    expect(reports).toBeGreaterThan(10);
  }, 240_000);

  it('random tables with HTML (charts and pages): exit 0 or one line with exit 2', async () => {
    await fc.assert(
      fc.asyncProperty(table, format, fc.boolean(), (t, ext, named) => check(t, ext, true, named)),
      { numRuns: 8 },
    );
  }, 240_000);

  it('tricky names as the group and metric columns never reach a chart expression', async () => {
    // Vega-Lite compiles tooltip titles into object keys of an expression: a metric named
    // `constructor` there once crashed the HTML step.
    for (const [groupCol, metricCol] of [
      ['toString', 'constructor'],
      ['__proto__', 'hasOwnProperty'],
      ['valueOf', 'a\u2028b'],
    ]) {
      const rows = ['x', 'constructor'].flatMap((g, i) => [0, 1, 2].map((k) => [g, 0.5 + i / 10 + k / 100] as [string, number]));
      const file = join(work, 'tricky-columns.json');
      writeFileSync(file, FORMATS.json({ columns: [groupCol, metricCol], rows }));
      const ctx = createTestContext();
      expect(await report({ source: file, html: true, out: join(work, 'tricky-columns'), group: groupCol, metric: metricCol }, ctx)).toBe(
        0,
      );
    }
  }, 120_000);

  it('subnormal metric values: the report is written, a chart Vega cannot draw is left out with one warning', async () => {
    const file = join(work, 'subnormal.csv');
    writeFileSync(
      file,
      FORMATS.csv({
        columns: ['g', 'm'],
        rows: [
          ['a', 5e-324],
          ['a', 1e-323],
          ['b', 5e-324],
          ['b', 1.5e-323],
        ],
      }),
    );
    const ctx = createTestContext();
    expect(await report({ source: file, html: true, out: join(work, 'subnormal'), group: 'g', metric: 'm' }, ctx)).toBe(0);
    const left = ctx.logger.warns.filter((w) => /left out of the report: the chart library could not draw it/.test(w));
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((w) => !w.includes('\n'))).toBe(true);
  }, 120_000);

  it('the tricky names as groups reach the HTML report and leave exit 0', async () => {
    const groups = TRICKY.slice(0, 9);
    const rows = groups.flatMap((g, i) => [0, 1, 2].map((k) => [g, 0.5 + i / 100 + k / 1000] as [string, number]));
    const file = join(work, 'tricky.csv');
    writeFileSync(file, FORMATS.csv({ columns: ['group', 'eval/accuracy'], rows }));
    const ctx = createTestContext();
    expect(await report({ source: file, html: true, out: join(work, 'tricky') }, ctx)).toBe(0);
    // Built-in property names are groups like any other, in the terminal tables too.
    for (const g of groups.slice(0, 6)) expect(ctx.out()).toContain(g);
  }, 120_000);
});
