/**
 * HTML rendering: the only reader of templates/. Two steps:
 *   1. buildReportView(model, charts) — pure: every number formatted, every verdict worded
 *   2. renderReportHtml — fills templates/report.html (nunjucks, autoescape on) and inlines
 *      report.css, the chart SVGs and, with `interactive`, the vega runtime from node_modules.
 * Every run, group and column name is untrusted: it reaches the page only through an escaping
 * `{{ }}`. The only unescaped insertions are our own CSS, vega's SVG (checked inert by renderSvg),
 * and JSON passed through jsonForScript, which cannot close its <script> element.
 */
import { winnersCurseView, type WinnersCurseView } from './winners-curse-view.js';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from '../vendor/nunjucks.js';
import type { Comparison, ReportModel, ResultsJson } from '../analysis/model.js';
import { UsageError } from '../errors.js';
import { toJson } from '../util/json.js';
import { PACKAGE_ROOT } from '../version.js';
import type { RenderedChart } from './charts.js';
import { formatColumn, formatCount, formatDf, formatInterval, formatNumber, formatP, formatPercent } from './format.js';
import { logSample } from './specs/expected-max.js';
import { formatParams, varyingParams } from './params.js';
import { headlineComparison } from '../analysis/compare.js';
import { figuresOf, testOfField, testsOf } from '../analysis/tests.js';
import { goalGuessNote, headlineSentence, sidedness } from './headline.js';
import { formatDesign } from './terminal.js';

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

/** The path of a file under templates/, or a UsageError: a missing template means a broken installation. */
export function templateFile(name: string, dir: string = TEMPLATES_DIR): string {
  const path = join(dir, name);
  if (!existsSync(path))
    throw new UsageError(`template ${path} is missing: reinstall kdlab (npm install kdlab) or restore templates/${name}`);
  return path;
}

let env: nunjucks.Environment | undefined;
function environment(): nunjucks.Environment {
  env ??= new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES_DIR, { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  return env;
}

// ---------------------------------------------------------------------------------------------
// 1. The view (pure)

export interface ReportView {
  readonly title: string;
  readonly generatedAt: string;
  readonly headline: { readonly sentence: string; readonly detail?: string; readonly verdict: 'real' | 'not-shown' | 'none' };
  readonly setup: readonly { readonly label: string; readonly value: string }[];
  /** The experiment's description, the teacher's test accuracy and the program swept, when known. */
  readonly about: readonly { readonly label: string; readonly value: string }[];
  /** A banner when the metric's direction was guessed. */
  readonly goalNote?: string;
  /** How runs were matched, or the hint that they look paired. */
  readonly design: readonly string[];
  readonly baseline?: string;
  readonly bestByGroup: readonly Record<string, string | boolean>[];
  /** Which of the best table's run columns have anything to show: the best run's name or id, its hyperparameters. */
  readonly bestColumns: { readonly run: boolean; readonly params: boolean };
  readonly runsByGroup: readonly Record<string, string | boolean>[];
  readonly runsTotal: Record<string, string>;
  readonly states: readonly { readonly state: string; readonly count: string }[];
  readonly duplicateIds: readonly string[];
  readonly comparisons: readonly ComparisonView[];
  readonly budgetMatched?: {
    readonly n: string;
    readonly rows: readonly { readonly name: string; readonly expectedBest: string; readonly sd: string; readonly isBaseline: boolean }[];
  };
  readonly charts: readonly { readonly id: string; readonly title: string; readonly caption: string; readonly svg: string }[];
  readonly chartById: Readonly<
    Record<string, { readonly id: string; readonly title: string; readonly caption: string; readonly svg: string }>
  >;
  readonly warnings: readonly string[];
  readonly provenance: {
    readonly command: string;
    readonly options: readonly { readonly key: string; readonly value: string }[];
    readonly version: string;
    readonly inputPath: string;
    readonly sha256: string;
    readonly rows: string;
    readonly createdAt: string;
  };
  readonly runsCount: string;
  readonly runsJson: string;
  readonly resultsJson: string;
  readonly metric: string;
  readonly goal: string;
  readonly groupColumn: string;
  readonly adjustName: string;
  /** `kdlab rerun` reports only. */
  readonly winnersCurse?: WinnersCurseView;
}

export interface ComparisonView {
  readonly a: string;
  readonly b: string;
  readonly bIsBaseline: boolean;
  readonly isHeadline: boolean;
  readonly significant: boolean;
  readonly sentence: string;
  readonly sidedness: string;
  readonly nA: string;
  readonly nB: string;
  readonly difference: string;
  readonly headlineTest: string;
  readonly headlinePAdjusted: string;
  readonly tests: readonly {
    readonly name: string;
    readonly assumption: string;
    readonly statistic: string;
    readonly df: string;
    readonly p: string;
    readonly pAdjusted: string;
    readonly ci: string;
    readonly isHeadline: boolean;
  }[];
  readonly hedgesG: string;
  readonly hedgesGCi: string;
  readonly rankBiserial: string;
  readonly probabilityOfImprovement: string;
  readonly probabilityOfImprovementCi: string;
}

/** The header's "about" lines: description, teacher accuracy (when every run agrees or the runs name one), program and command. */
function aboutLines(model: ReportModel): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  if (model.about?.description) out.push({ label: 'setup', value: model.about.description });
  const teacher = model.about?.teacherAccuracy ?? [];
  if (teacher.length > 0) out.push({ label: 'teacher test accuracy', value: teacher.map((v) => formatNumber(v)).join(', ') });
  if (model.about?.program) out.push({ label: 'program', value: model.about.program });
  if (model.about?.command) out.push({ label: 'command', value: model.about.command });
  return out;
}

export function buildReportView(model: ReportModel, charts: readonly RenderedChart[]): ReportView {
  const r = model.results;
  const isBaseline = (name: string) => name === r.baseline;
  const headline = headlineComparison(r);
  const meanOf = new Map(r.groups.map((g) => [g.name, g.mean]));
  const differences = formatColumn(r.comparisons.map((c) => (meanOf.get(c.a) ?? NaN) - (meanOf.get(c.b) ?? NaN)));
  const chartViews = charts.map(({ id, title, caption, svg }) => ({ id, title, caption, svg }));

  // Empty groups (only failed runs) belong to the runs table, not as dash rows of the best table.
  const used = r.groups.filter((g) => !g.empty && g.n > 0);
  // Each number column at one precision (formatColumn), so it aligns on the decimal point as in the terminal.
  const bestCells = Object.fromEntries(BEST_COLUMNS.map((k) => [k, formatColumn(used.map((g) => g[k]))])) as Record<
    (typeof BEST_COLUMNS)[number],
    string[]
  >;
  const paramKeys = varyingParams(used.flatMap((g) => (g.bestRun ? [g.bestRun.params] : [])));

  const totals = r.groups.reduce((t, g) => ({ n: t.n + g.n, dropped: t.dropped + g.dropped, failed: t.failed + g.failed }), {
    n: 0,
    dropped: 0,
    failed: 0,
  });

  return {
    title: model.title,
    generatedAt: formatTimestamp(model.meta.createdAt),
    headline: {
      sentence: headlineSentence(r),
      detail: headline?.sentence,
      verdict: headline === undefined ? 'none' : headline.significant ? 'real' : 'not-shown',
    },
    setup: [
      { label: 'metric', value: `${r.metric} (${r.goal === 'minimize' ? 'lower' : 'higher'} is better)` },
      { label: 'groups', value: `${r.groups.length} by ${r.group}` },
      { label: 'baseline', value: r.baseline ?? 'none (all pairs)' },
      { label: 'hypothesis', value: r.alternative },
      { label: 'α', value: String(r.alpha) },
      { label: 'p adjustment', value: ADJUST_NAMES[r.adjust] },
      { label: 'input', value: model.meta.input.path },
      ...(r.derived?.length ? [{ label: 'derived columns', value: r.derived.join('; ') }] : []),
      ...(r.filters?.length ? [{ label: 'filters', value: r.filters.join('; ') }] : []),
    ],
    about: aboutLines(model),
    goalNote: goalGuessNote(r.metric, r.goal, model.meta.options.goal !== undefined),
    design: formatDesign(model),
    baseline: r.baseline,
    bestByGroup: used.map((g, i) => ({
      name: g.name,
      isBaseline: isBaseline(g.name),
      n: formatCount(g.n),
      ...Object.fromEntries(BEST_COLUMNS.map((k) => [k, bestCells[k][i]])),
      bestRun: g.bestRun?.name ?? g.bestRun?.id ?? '—',
      params: g.bestRun ? formatParams(g.bestRun.params, paramKeys) : '—',
    })),
    bestColumns: { run: used.some((g) => g.bestRun?.name ?? g.bestRun?.id), params: paramKeys.length > 0 },
    runsByGroup: r.groups.map((g) => ({
      name: g.name,
      isBaseline: isBaseline(g.name),
      n: formatCount(g.n),
      dropped: formatCount(g.dropped),
      failed: formatCount(g.failed),
      total: formatCount(g.n + g.dropped + g.failed),
    })),
    runsTotal: {
      n: formatCount(totals.n),
      dropped: formatCount(totals.dropped),
      failed: formatCount(totals.failed),
      total: formatCount(totals.n + totals.dropped + totals.failed),
    },
    states: Object.entries(model.cleaning.byState)
      .sort((x, y) => y[1] - x[1])
      .map(([state, count]) => ({ state, count: formatCount(count) })),
    duplicateIds: model.cleaning.duplicateIds,
    comparisons: r.comparisons.map((c, i) => comparisonView(r, c, c === headline, differences[i])),
    budgetMatched: r.budgetMatched && budgetView(r.budgetMatched, isBaseline),
    charts: chartViews,
    chartById: Object.fromEntries(chartViews.map((c) => [c.id, c])),
    warnings: r.warnings,
    provenance: {
      command: model.meta.command,
      options: Object.entries(model.meta.options)
        .filter(([, v]) => v !== undefined)
        .map(([key, v]) => ({ key, value: typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)) })),
      version: model.meta.kdlabVersion,
      inputPath: model.meta.input.path,
      sha256: model.meta.input.sha256,
      rows: formatCount(model.meta.input.rows),
      createdAt: model.meta.createdAt,
    },
    runsCount: formatCount(model.runs.length),
    runsJson: jsonForScript(model.runs),
    // The curves as charted (log-sampled); results.json beside the report keeps every point.
    resultsJson: jsonForScript({
      ...r,
      expectedMax: Object.fromEntries(Object.entries(r.expectedMax).map(([k, v]) => [k, logSample(v)])),
    }),
    metric: r.metric,
    goal: r.goal,
    groupColumn: r.group,
    adjustName: ADJUST_NAMES[r.adjust],
    ...(model.winnersCurse ? { winnersCurse: winnersCurseView(model.winnersCurse) } : {}),
  };
}

/** The equal-budget table, each number column at one precision like the best table's. */
function budgetView(b: NonNullable<ResultsJson['budgetMatched']>, isBaseline: (name: string) => boolean): ReportView['budgetMatched'] {
  const expectedBest = formatColumn(b.groups.map((g) => g.expectedBest));
  const sd = formatColumn(b.groups.map((g) => g.sd));
  return {
    n: formatCount(b.n),
    rows: b.groups.map((g, i) => ({ name: g.name, expectedBest: expectedBest[i], sd: sd[i], isBaseline: isBaseline(g.name) })),
  };
}

/** The best table's number columns, in table order. */
const BEST_COLUMNS = ['best', 'mean', 'sd', 'median', 'q1', 'q3', 'min', 'max'] as const;

const ADJUST_NAMES: Record<ResultsJson['adjust'], string> = {
  holm: 'Holm',
  bh: 'Benjamini–Hochberg',
  bonferroni: 'Bonferroni',
  by: 'Benjamini–Yekutieli',
  none: 'none',
};

/** `difference`: the comparison's mean a − b, formatted with the other rows' (one precision per column). */
function comparisonView(r: ResultsJson, c: Comparison, isHeadline: boolean, difference: string): ComparisonView {
  const head = figuresOf(c, c.headlineTest);
  return {
    a: c.a,
    b: c.b,
    bIsBaseline: c.b === r.baseline,
    isHeadline,
    significant: c.significant,
    sentence: c.sentence,
    sidedness: sidedness(r.alternative, c.a, c.b),
    nA: formatCount(c.nA),
    nB: formatCount(c.nB),
    difference,
    headlineTest: testOfField(c.headlineTest).label,
    headlinePAdjusted: formatP(head.pvalueAdjusted),
    tests: testsOf(c).map((t) => {
      const f = figuresOf(c, t.field);
      return {
        name: t.label,
        assumption: t.assumption,
        // U is a count of pairs (or half of one): shown whole, t to four significant digits.
        statistic: `${t.symbol} = ${formatNumber(f.statistic, t.symbol === 'U' ? 6 : 4)}`,
        df: formatDf(f.df),
        p: formatP(f.pvalue),
        pAdjusted: formatP(f.pvalueAdjusted),
        ci: formatInterval(f.ci),
        isHeadline: c.headlineTest === t.field,
      };
    }),
    hedgesG: formatNumber(c.hedgesG.value, 3),
    hedgesGCi: formatInterval(c.hedgesG.ci, 3),
    rankBiserial: formatNumber(c.mannWhitney.rankBiserial, 3),
    probabilityOfImprovement: formatPercent(c.probabilityOfImprovement.value),
    probabilityOfImprovementCi: `[${formatPercent(c.probabilityOfImprovement.ci[0])}, ${formatPercent(c.probabilityOfImprovement.ci[1])}]`,
  };
}

/** "2026-11-29 03:12 UTC" from an ISO timestamp; unparseable input is shown as given. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<`, `>` and `&` become \u escapes,
 * so neither `</script` nor `<!--` can appear; non-finite numbers become null (as in results.json).
 */
export function jsonForScript(value: unknown): string {
  return toJson(value, 0)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Our own inlined JavaScript, made unable to end its <script> element early. */
export function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

// ---------------------------------------------------------------------------------------------
// 2. The page

export interface RenderHtmlOptions {
  readonly charts: readonly RenderedChart[];
  /** Inline the vega runtime for tooltips (adds about 0.8 MB; still no network). */
  readonly interactive?: boolean;
}

export function renderReportHtml(model: ReportModel, opts: RenderHtmlOptions): string {
  const view = buildReportView(model, opts.charts);
  const interactive = opts.interactive
    ? {
        runtime: vegaRuntime().map(scriptSafe),
        specs: jsonForScript(Object.fromEntries(opts.charts.map((c) => [c.id, c.spec]))),
      }
    : undefined;
  templateFile('report.html');
  return environment().render('report.html', { ...view, css: css(), interactive });
}

export interface ArchiveIndexEntry {
  readonly href: string;
  readonly title: string;
  readonly createdAt: string;
  readonly groups: readonly string[];
  readonly headline: string;
  readonly significant?: boolean;
  /** The input file and the --where filters: two reports of one file told apart. */
  readonly input?: string;
  readonly filters?: readonly string[];
}

/** The archive's front page (reports/index.html), newest first as given. */
export function renderArchiveIndex(entries: readonly ArchiveIndexEntry[]): string {
  templateFile('archive-index.html');
  return environment().render('archive-index.html', {
    css: css(),
    entries: entries.map((e) => ({ ...e, date: formatTimestamp(e.createdAt) })),
  });
}

function css(): string {
  // Ours, trusted; a stray "</style" could still end the element, so refuse it.
  const path = templateFile('report.css');
  const text = readFileSync(path, 'utf8');
  if (/<\/style/i.test(text)) throw new UsageError(`${path} contains "</style", which would end the page's style element: remove it`);
  return text;
}

/** vega, vega-lite and vega-embed as browser bundles, read from node_modules. */
function vegaRuntime(): string[] {
  const require = createRequire(import.meta.url);
  const bundle = (pkg: string, file: string) => {
    let root: string;
    try {
      root = dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      // Packages whose "exports" hide package.json: resolve the entry point and walk up.
      let entry: string;
      try {
        entry = require.resolve(pkg);
      } catch (err) {
        throw missingPackage(pkg, err);
      }
      root = packageRootOf(entry, pkg);
    }
    return readFileSync(join(root, 'build', file), 'utf8');
  };
  return [bundle('vega', 'vega.min.js'), bundle('vega-lite', 'vega-lite.min.js'), bundle('vega-embed', 'vega-embed.min.js')];
}

function packageRootOf(entry: string, pkg: string): string {
  const marker = `${join('node_modules', pkg)}`;
  const i = entry.lastIndexOf(marker);
  if (i < 0) throw missingPackage(pkg);
  return entry.slice(0, i + marker.length);
}

function missingPackage(pkg: string, cause?: unknown): UsageError {
  return new UsageError(`cannot locate the ${pkg} package for --interactive: install it (npm install ${pkg}) or leave out --interactive`, {
    cause,
  });
}
