import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportModel } from '../../src/analysis/model.js';
import { LocalLogger } from '../../src/log/logger.js';
import { messages } from '../../src/log/messages.js';
import { readArchive, reportDirName, slugify, writeReport, type ArchivedResultsJson } from '../../src/report/archive.js';
import { model } from '../helpers/report-model.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kdlab-archive-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const at = (createdAt: string, title = model.title): ReportModel => ({ ...model, title, meta: { ...model.meta, createdAt } });

describe('reportDirName', () => {
  it('is the UTC timestamp then a slug of the title', () => {
    expect(reportDirName('2026-11-29T03:12:45.000Z', 'Cosine vs Temperature!')).toBe('20261129-031245-cosine-vs-temperature');
    expect(reportDirName('2026-11-29T05:12:45+02:00', 'x')).toBe('20261129-031245-x');
  });
  it('slugs any title to a safe, non-empty name', () => {
    expect(slugify('Élan — <img src=x onerror=alert(1)>/../..')).toBe('elan-img-src-x-onerror-alert-1');
    expect(slugify('日本語')).toBe('report');
    expect(slugify('a'.repeat(100))).toHaveLength(60);
  });
});

describe('writeReport', () => {
  it('writes index.html, results.json, summary.md and the chart SVGs into a timestamped directory', async () => {
    const logger = new LocalLogger();
    const { dir, indexHtml } = await writeReport(model, { outDir: root, logger });
    expect(dir).toBe(join(root, '20261129-031245-cosine-vs-temperature-scaling'));
    expect(indexHtml).toBe(join(dir, 'index.html'));
    expect((await readdir(dir)).sort()).toEqual([
      'boxplot.svg',
      'differences.svg',
      'expected-max.svg',
      'index.html',
      'results.json',
      'summary.md',
    ]);
    expect((await readdir(root)).sort()).toEqual(['20261129-031245-cosine-vs-temperature-scaling', 'index.html']);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toMatch(/^# Cosine vs temperature scaling\n/);
    expect(await readFile(join(dir, 'boxplot.svg'), 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    expect(logger.warns).toEqual([]);
  });

  it('writes results.json with non-finite numbers as null, plus the report block', async () => {
    const { dir } = await writeReport(model, { outDir: root, logger: new LocalLogger() });
    const json = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as ArchivedResultsJson;
    expect(json.comparisons[0].welch.ci).toEqual([0.01125, null]);
    expect(json.groups).toEqual(model.results.groups);
    expect(json.metric).toBe('eval/accuracy');
    expect(json.report).toMatchObject({ title: model.title, createdAt: model.meta.createdAt, input: model.meta.input });
    expect(json.report.headline).toMatch(/^cosine is best by mean eval\/accuracy/);
  });

  it('never overwrites an existing report: a taken name gets a suffix', async () => {
    const first = await writeReport(model, { outDir: root, logger: new LocalLogger() });
    const before = await readFile(first.indexHtml, 'utf8');
    const second = await writeReport(at(model.meta.createdAt, model.title), { outDir: root, logger: new LocalLogger() });
    const third = await writeReport(model, { outDir: root, logger: new LocalLogger() });
    expect(second.dir).toBe(`${first.dir}-2`);
    expect(third.dir).toBe(`${first.dir}-3`);
    expect(await readFile(first.indexHtml, 'utf8')).toBe(before);
  });

  it('does not write into a directory someone else already holds, even an empty one', async () => {
    const taken = join(root, reportDirName(model.meta.createdAt, model.title));
    await mkdir(taken);
    await writeFile(join(taken, 'notes.txt'), 'mine');
    const { dir } = await writeReport(model, { outDir: root, logger: new LocalLogger() });
    expect(dir).toBe(`${taken}-2`);
    expect(await readdir(taken)).toEqual(['notes.txt']);
  });

  it('leaves no temporary files behind', async () => {
    const { dir } = await writeReport(model, { outDir: root, logger: new LocalLogger() });
    const hidden = [...(await readdir(root)), ...(await readdir(dir))].filter((f) => f.startsWith('.') || f.endsWith('.tmp'));
    expect(hidden).toEqual([]);
  });

  it('writes nothing when the archive root cannot be created', async () => {
    const file = join(root, 'not-a-dir');
    await writeFile(file, 'x');
    await expect(writeReport(model, { outDir: join(file, 'reports'), logger: new LocalLogger() })).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(await readdir(root)).toEqual(['not-a-dir']);
  });
});

describe('the archive index', () => {
  it('lists every report newest first with title, date, groups and headline', async () => {
    const logger = new LocalLogger();
    await writeReport(at('2026-11-28T10:00:00.000Z', 'Middle'), { outDir: root, logger });
    await writeReport(at('2026-11-29T10:00:00.000Z', 'Newest'), { outDir: root, logger });
    await writeReport(at('2026-11-27T10:00:00.000Z', 'Oldest'), { outDir: root, logger });
    const entries = await readArchive(root, logger);
    expect(entries.map((e) => e.title)).toEqual(['Newest', 'Middle', 'Oldest']);
    expect(entries[0]).toMatchObject({
      href: './20261129-100000-newest/index.html',
      createdAt: '2026-11-29T10:00:00.000Z',
      groups: ['cosine', 'temperature'],
      significant: true,
    });
    expect(entries[0].headline).toMatch(/^cosine is best/);
    const html = await readFile(join(root, 'index.html'), 'utf8');
    expect(html.indexOf('Newest')).toBeLessThan(html.indexOf('Middle'));
    expect(html.indexOf('Middle')).toBeLessThan(html.indexOf('Oldest'));
    expect(html).toContain('href="./20261127-100000-oldest/index.html"');
    expect(logger.warns).toEqual([]);
  });

  it('tells two reports of one file apart by their input and filters', async () => {
    const logger = new LocalLogger();
    const filtered = (where: string, createdAt: string): ReportModel => ({
      ...at(createdAt, 'Same file'),
      results: { ...model.results, filters: [where] },
    });
    await writeReport(filtered('dataset = "mnist"', '2026-11-28T10:00:00.000Z'), { outDir: root, logger });
    await writeReport(filtered('dataset = "cifar"', '2026-11-29T10:00:00.000Z'), { outDir: root, logger });
    const entries = await readArchive(root, logger);
    expect(entries.map((e) => [e.input, e.filters])).toEqual([
      ['runs.csv', ['dataset = "cifar"']],
      ['runs.csv', ['dataset = "mnist"']],
    ]);
    const html = await readFile(join(root, 'index.html'), 'utf8');
    expect(html).toContain('input: <code>runs.csv</code> · filters: dataset = &quot;cifar&quot;');
    expect(html).toContain('filters: dataset = &quot;mnist&quot;');
  });

  it('skips a corrupt or incomplete report with a warning and lists the rest', async () => {
    await writeReport(at('2026-11-28T10:00:00.000Z', 'Good'), { outDir: root, logger: new LocalLogger() });
    await mkdir(join(root, 'broken'));
    await writeFile(join(root, 'broken', 'results.json'), '{"groups": [');
    await mkdir(join(root, '20261128-100500-interrupted'));
    await writeFile(join(root, '20261128-100500-interrupted', 'notes.txt'), 'mine');
    await mkdir(join(root, 'examples')); // a folder kdlab did not name: no warning
    await mkdir(join(root, 'wrong-shape'));
    await writeFile(join(root, 'wrong-shape', 'results.json'), '[1, 2]');
    const logger = new LocalLogger();
    const { dir } = await writeReport(at('2026-11-29T10:00:00.000Z', 'Also good'), { outDir: root, logger });
    expect((await readArchive(root, new LocalLogger())).map((e) => e.title)).toEqual(['Also good', 'Good']);
    expect(logger.warns).toHaveLength(3);
    expect(logger.warns).toContain(messages.unreadableReport(join(root, '20261128-100500-interrupted'), 'it has no results.json'));
    expect(logger.warns).toContain(
      messages.unreadableReport(join(root, 'wrong-shape', 'results.json'), 'results.json is not a JSON object'),
    );
    expect(logger.warns.find((w) => w.includes('broken'))).toMatch(
      /^skipping archived report .*broken\/results\.json in the index: .*JSON/,
    );
    expect(dir).toContain('also-good');
  });

  it('derives the headline of a results.json written without the report block', async () => {
    await mkdir(join(root, 'plain'));
    await writeFile(join(root, 'plain', 'results.json'), JSON.stringify(model.results));
    const [entry] = await readArchive(root, new LocalLogger());
    expect(entry).toMatchObject({ title: 'plain', groups: ['cosine', 'temperature'], significant: true });
    expect(entry.headline).toMatch(/^cosine is best/);
  });
});
