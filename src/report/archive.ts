/**
 * The report archive: one directory per report under the archive root (default `reports/`),
 *
 *   reports/
 *     index.html                          every report, newest first (regenerated each time)
 *     20261129-031245-cosine-vs-temp/
 *       index.html  results.json  summary.md  boxplot.svg  differences.svg  expected-max.svg
 *
 * Steps of writeReport:
 *   1. render (pure up to the SVGs): charts, HTML, Markdown, results JSON
 *   2. claim a fresh directory with an exclusive mkdir (a taken name gets -2, -3, …), so an
 *      existing report is never overwritten, even by a concurrent run
 *   3. write each file atomically (temp + rename), results.json last: the index lists a report
 *      only once its results.json exists, so an interrupted run never shows up half-written
 *   4. regenerate the archive's index.html from every report's results.json, removing report
 *      directories that an interrupted run left without results.json once they are older than
 *      UNFINISHED_GRACE_MS (younger ones may belong to a report being written right now)
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportModel, ResultsJson } from '../analysis/model.js';
import type { Logger } from '../log/logger.js';
import { messages } from '../log/messages.js';
import { writeFileAtomic } from '../util/fs.js';
import { toJson } from '../util/json.js';
import { renderCharts } from '../render/charts.js';
import type { AxisScale } from '../render/specs/boxplot.js';
import { headlineComparison } from '../analysis/compare.js';
import { headlineSentence } from '../render/headline.js';
import { renderArchiveIndex, renderReportHtml, type ArchiveIndexEntry } from '../render/html.js';
import { renderMarkdown } from '../render/markdown.js';

export interface WriteReportOptions {
  /** The archive root; the CLI passes `reports` unless `--out` says otherwise. */
  readonly outDir: string;
  /** Inline the vega runtime for tooltips. */
  readonly interactive?: boolean;
  readonly logger: Logger;
  /** Seed of the chart jitter (default 1). */
  readonly seed?: number;
  /** The box plot's metric axis (`--scale`). */
  readonly scale?: AxisScale;
  /** The clock for the unfinished-report grace period (default Date.now). */
  readonly now?: () => number;
}

/** How long a report directory without results.json is left alone before it counts as abandoned. */
export const UNFINISHED_GRACE_MS = 15 * 60_000;

/** A directory writeReport claimed (timestamp-slug, maybe -N): only these are ever removed. */
const REPORT_DIR = /^\d{8}-\d{6}-[a-z0-9-]+$/;
/** What writeReport puts in a directory, including writeFileAtomic's temp files. */
const REPORT_FILE = /^(index\.html|results\.json|summary\.md|[a-z0-9-]+\.svg|\..+\.tmp)$/;

/** results.json: the documented ResultsJson plus a `report` block the archive index reads. */
export interface ArchivedResultsJson extends ResultsJson {
  readonly report: {
    readonly title: string;
    readonly createdAt: string;
    readonly kdlabVersion: string;
    readonly command: string;
    readonly input: { readonly path: string; readonly sha256: string; readonly rows: number };
    readonly headline: string;
  };
}

export async function writeReport(model: ReportModel, opts: WriteReportOptions): Promise<{ dir: string; indexHtml: string }> {
  // 1. render
  const charts = await renderCharts(model, { seed: opts.seed, scale: opts.scale, logger: opts.logger });
  const html = renderReportHtml(model, { charts, interactive: opts.interactive });
  const markdown = renderMarkdown(model);
  const results = toJson(archivedResults(model));

  // 2. claim a directory
  await mkdir(opts.outDir, { recursive: true });
  const dir = await claimDirectory(opts.outDir, reportDirName(model.meta.createdAt, model.title));

  // 3. write, results.json last
  for (const chart of charts) await writeFileAtomic(join(dir, `${chart.id}.svg`), standaloneSvg(chart.svg));
  await writeFileAtomic(join(dir, 'summary.md'), markdown);
  const indexHtml = join(dir, 'index.html');
  await writeFileAtomic(indexHtml, html);
  await writeFileAtomic(join(dir, 'results.json'), results);
  opts.logger.debug(`report written to ${dir}`);

  // 4. archive index
  await writeArchiveIndex(opts.outDir, opts.logger, { now: opts.now });
  return { dir, indexHtml };
}

function archivedResults(model: ReportModel): ArchivedResultsJson {
  return {
    ...model.results,
    report: {
      title: model.title,
      createdAt: model.meta.createdAt,
      kdlabVersion: model.meta.kdlabVersion,
      command: model.meta.command,
      input: model.meta.input,
      headline: headlineSentence(model.results),
    },
  };
}

/** `20261129-031245-<slug>` from the report's UTC creation time and title. */
export function reportDirName(createdAt: string, title: string): string {
  const d = new Date(createdAt);
  const iso = Number.isNaN(d.getTime()) ? '00000000T000000' : d.toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `${stamp}-${slugify(title)}`;
}

/** Lower-case ASCII words joined by hyphens, at most 60 characters; "report" when nothing is left. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'report';
}

/** mkdir without `recursive` fails if the name exists, which makes the claim atomic. */
async function claimDirectory(root: string, name: string): Promise<string> {
  for (let i = 1; ; i++) {
    const dir = join(root, i === 1 ? name : `${name}-${i}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

function standaloneSvg(svg: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

/**
 * Rebuilds `<root>/index.html` from every report directory's results.json, newest first.
 * A directory whose results.json is missing or unreadable is left out with a warning.
 */
export async function writeArchiveIndex(root: string, logger: Logger, opts: ReadArchiveOptions = {}): Promise<string> {
  const entries = await readArchive(root, logger, opts);
  const path = join(root, 'index.html');
  await writeFileAtomic(path, renderArchiveIndex(entries));
  return path;
}

export interface ReadArchiveOptions {
  /** The clock for the grace period (default Date.now). */
  readonly now?: () => number;
}

/**
 * Every complete report under `root`, newest first, read from the directories themselves (so a
 * report written but not yet indexed is listed). A report directory left without results.json
 * is removed, with one warning, once it is older than UNFINISHED_GRACE_MS.
 */
export async function readArchive(root: string, logger: Logger, opts: ReadArchiveOptions = {}): Promise<ArchiveIndexEntry[]> {
  const dirents = await readdir(root, { withFileTypes: true });
  const entries: (ArchiveIndexEntry & { dir: string })[] = [];
  for (const d of dirents) {
    if (!d.isDirectory() || d.name.startsWith('.')) continue;
    const file = join(root, d.name, 'results.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      await unfinished(join(root, d.name), d.name, logger, opts.now ?? Date.now);
      continue;
    }
    try {
      entries.push({ dir: d.name, ...indexEntry(d.name, JSON.parse(text) as unknown) });
    } catch (err) {
      logger.warn(messages.unreadableReport(file, (err as Error).message));
    }
  }
  // Newest first; the directory name (which starts with the timestamp) breaks ties.
  entries.sort((x, y) => (x.createdAt === y.createdAt ? cmp(y.dir, x.dir) : cmp(y.createdAt, x.createdAt)));
  return entries.map(({ dir: _dir, ...e }) => e);
}

/** Removes an abandoned report directory (see readArchive); leaves anything else with a warning. */
async function unfinished(dir: string, name: string, logger: Logger, now: () => number): Promise<void> {
  let files: string[];
  let mtimeMs: number;
  try {
    files = await readdir(dir);
    mtimeMs = (await stat(dir)).mtimeMs;
  } catch {
    return; // removed meanwhile by a concurrent run
  }
  // A folder kdlab did not name (notes, a nested archive such as reports/examples) is not a report:
  // left alone without a word, or every report written beside it would warn about it.
  if (!REPORT_DIR.test(name)) {
    logger.debug(messages.unreadableReport(dir, 'it is not a report folder'));
    return;
  }
  if (!files.every((f) => REPORT_FILE.test(f))) {
    logger.warn(messages.unreadableReport(dir, 'it has no results.json'));
    return;
  }
  // Files are renamed into place, so the directory's mtime is its last write.
  if (now() - mtimeMs < UNFINISHED_GRACE_MS) {
    logger.debug(messages.unreadableReport(dir, 'it has no results.json (yet)'));
    return;
  }
  await rm(dir, { recursive: true, force: true });
  logger.warn(messages.removedUnfinishedReport(dir));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Checks the fields the index needs; anything else in results.json is the report's business. */
function indexEntry(dir: string, json: unknown): ArchiveIndexEntry {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('results.json is not a JSON object');
  const r = json as Partial<ArchivedResultsJson>;
  if (!Array.isArray(r.groups)) throw new Error('results.json has no "groups" array');
  if (!Array.isArray(r.comparisons)) throw new Error('results.json has no "comparisons" array');
  const groups = r.groups.map((g: { name?: unknown }) => String(g?.name));
  const report = typeof r.report === 'object' && r.report !== null ? r.report : undefined;
  const createdAt = typeof report?.createdAt === 'string' ? report.createdAt : '';
  let headline = typeof report?.headline === 'string' ? report.headline : '';
  let significant: boolean | undefined;
  try {
    // Older or hand-made results.json without a stored headline: derive it.
    headline ||= headlineSentence(r as ResultsJson);
    significant = headlineComparison(r as ResultsJson)?.significant;
  } catch {
    headline ||= '';
  }
  return {
    href: `./${encodeURIComponent(dir)}/index.html`,
    title: typeof report?.title === 'string' && report.title ? report.title : dir,
    createdAt,
    groups,
    headline,
    significant,
    input: typeof report?.input?.path === 'string' ? report.input.path : undefined,
    filters: Array.isArray(r.filters) ? r.filters.map(String) : [],
  };
}
