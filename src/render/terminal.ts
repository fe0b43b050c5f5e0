/**
 * Terminal output (pure strings): the seed notebook's `best_accuracy` and `runs` tables, one line per
 * comparison, and the detected choices.
 */
import { TRACKER_LABELS } from '../analysis/detect.js';
import type { Comparison, GroupSummary, ResultsJson } from '../analysis/model.js';
import type { Analysis } from '../analysis/pipeline.js';
import { figuresOf, testsOf, testOfField, type ReportTest } from '../analysis/tests.js';
import { formatColumns, formatDf, formatFixed as fmt, formatP, pClause } from './format.js';
import { goalGuessNote } from './headline.js';
import { formatParams, varyingParams } from './params.js';
import { clip, table } from './tables.js';

/** Rows of a name and number columns, each column at one precision (formatColumn) so it aligns. */
function columns<T>(items: readonly T[], name: (item: T) => string, values: readonly ((item: T) => number)[]): string[][] {
  const cells = formatColumns(items, values);
  return items.map((item, i) => [name(item), ...cells[i]]);
}

export function formatChoices(a: Analysis): string {
  const c = a.choices;
  const tag = (detected: boolean, flag: string) => (detected ? ` (detected; ${flag} to change)` : '');
  return [
    `input: ${TRACKER_LABELS[c.format]}`,
    `group: ${c.group}${c.groupPattern ? ` ~ ${c.groupPattern}` : ''}${tag(c.groupDetected, '--group')}`,
    `metric: ${c.metric}${tag(c.metricDetected, '--metric')}, goal: ${c.goal}${c.goalDetected ? ' (--goal to change)' : ''}`,
    ...[goalGuessNote(c.metric, c.goal, !c.goalDetected)].filter((n) => n !== undefined).map((n) => `warning: ${n}`),
    ...(a.results.derived?.length ? [`derived columns: ${a.results.derived.join('; ')}`] : []),
    ...(a.results.filters?.length ? [`filters: ${a.results.filters.join('; ')}`] : []),
    ...formatDesign(a),
  ].join('\n');
}

/**
 * The design line: how runs were matched (`--pair-by`), how many keys, replicates averaged and runs
 * dropped; or the hint that the runs look paired.
 */
export function formatDesign(a: Pick<Analysis, 'results' | 'pairing'>): string[] {
  const d = a.results.design;
  const out: string[] = [];
  if (a.pairing?.use === 'auto') out.push(a.pairing.message);
  if (d) {
    out.push(
      `design: paired by ${d.pairBy.join(', ')}: ${d.keys} key${d.keys === 1 ? '' : 's'}, ${d.replicatesAveraged} replicate run${d.replicatesAveraged === 1 ? '' : 's'} averaged, ${d.dropped} run${d.dropped === 1 ? '' : 's'} unmatched and dropped`,
    );
  } else {
    out.push('design: independent samples (no --pair-by)');
    if (a.pairing?.use === 'suggested') out.push(`note: ${a.pairing.message}`);
  }
  return out;
}

/** Widest best-run name and hyperparameter text in the terminal's best table (the HTML shows them whole). */
export const BEST_RUN_CHARS = 32;
export const BEST_PARAMS_CHARS = 60;

/**
 * "best by group", sorted by best as in the seed notebook, with mean ± sd and quartiles; then each
 * group's best run (name, else id) and the hyperparameters that differ between the best runs, when
 * the groups carry them (a built report model does; a bare analysis does not).
 */
export function formatBestTable(groups: readonly GroupSummary[], metric: string): string {
  // Groups without usable runs are listed in the runs table, not as rows of NaN here.
  const used = groups.filter((g) => !g.empty && g.n > 0);
  const rows = columns(used, (g) => g.name, [(g) => g.best, (g) => g.mean, (g) => g.sd, (g) => g.median, (g) => g.q1, (g) => g.q3]);
  const header = ['group', 'best', 'mean', 'sd', 'median', 'q1', 'q3'];
  const keys = varyingParams(used.flatMap((g) => (g.bestRun ? [g.bestRun.params] : [])));
  // Each extra column only when some group has something to put in it (a bare analysis has no best runs).
  const extra: [string, (g: GroupSummary) => string][] = [];
  if (used.some((g) => g.bestRun?.name ?? g.bestRun?.id))
    extra.push(['best run', (g) => clip(g.bestRun?.name ?? g.bestRun?.id ?? '—', BEST_RUN_CHARS)]);
  if (keys.length > 0)
    extra.push(['its hyperparameters', (g) => (g.bestRun ? clip(formatParams(g.bestRun.params, keys), BEST_PARAMS_CHARS) : '—')]);
  return (
    `best ${metric} by group\n` +
    table(
      [...header, ...extra.map(([h]) => h)],
      rows.map((r, i) => [...r, ...extra.map(([, cell]) => cell(used[i]))]),
      (c) => (c === 0 || c >= header.length ? 'left' : 'right'),
    )
  );
}

/** "runs by group": used, dropped (no metric), left out (state), total. */
export function formatRunsTable(groups: readonly GroupSummary[]): string {
  return (
    'runs by group\n' +
    table(
      ['group', 'runs', 'dropped', 'failed', 'total', ''],
      groups.map((g) => [
        g.name,
        String(g.n),
        String(g.dropped),
        String(g.failed),
        String(g.n + g.dropped + g.failed),
        g.empty || g.n === 0 ? 'empty' : '',
      ]),
    )
  );
}

const sided = (alt: string) => (alt === 'two-sided' ? 'two-sided' : `one-sided, H1: a ${alt === 'greater' ? '>' : '<'} b`);

/** Digits of a statistic: t to three decimals, U (a count of pairs, or half of one) to one. */
const statDigits = (t: ReportTest) => (t.symbol === 't' ? 3 : 1);

/** Figures of one test: statistic, df, p (and adjusted p), CI of the difference, rank-biserial, as the test has them. */
function testFigures(c: Comparison, t: ReportTest, opts: { adjusted: boolean; ci?: string }): string[] {
  const f = figuresOf(c, t.field);
  return [
    `${t.symbol} = ${fmt(f.statistic, statDigits(t))}`,
    ...(f.df !== undefined ? [`df = ${formatDf(f.df)}`] : []),
    pClause('p', formatP(f.pvalue)),
    ...(opts.adjusted ? [pClause('adj. p', formatP(f.pvalueAdjusted))] : []),
    ...(f.ci !== undefined && opts.ci ? [`diff ${opts.ci} CI [${fmt(f.ci[0])}, ${fmt(f.ci[1])}]`] : []),
    ...(f.rankBiserial !== undefined ? [`rank-biserial = ${fmt(f.rankBiserial, 3)}`] : []),
  ];
}

/**
 * Three lines: the figures of the test behind the verdict (name, assumption, sidedness, n, statistic,
 * df, p, adjusted p, CI); the other paired tests with d_z when runs are matched, else the other kind
 * of test's figures (rank-based beside a t-test, t-tests beside a rank test), with the effect sizes;
 * then the sentence.
 */
export function formatComparison(c: Comparison, alternative: ResultsJson['alternative'], confidence = 0.95): string {
  const test = testOfField(c.headlineTest);
  const pct = `${Math.round(confidence * 100)}%`;
  const n = c.paired ? `n = ${c.paired.n} matched keys (${c.nA}/${c.nB} runs)` : `n = ${c.nA}/${c.nB}`;
  const head = `${c.a} vs ${c.b}: ${test.statisticLabel} (${test.assumptionBrief}), ${sided(alternative)}, ${n}, ${testFigures(c, test, { adjusted: true, ci: pct }).join(', ')}`;
  // Beside the verdict: the other paired tests when runs are matched, else the other kind of test.
  const others = testsOf(c)
    .filter((t) => t !== test && (c.paired ? t.samples === 'paired' : t.kind !== test.kind))
    .map((t) => {
      const [first, ...rest] = testFigures(c, t, { adjusted: c.paired !== undefined, ...(t.samples === 'paired' ? { ci: pct } : {}) });
      return [`${t.statisticLabel}${first.slice(t.symbol.length)}`, ...rest].join(', ');
    });
  const dz = c.dz ? [`d_z = ${fmt(c.dz.value, 3)} [${fmt(c.dz.ci[0], 3)}, ${fmt(c.dz.ci[1], 3)}]`] : [];
  const effects = `Hedges' g = ${fmt(c.hedgesG.value, 3)} [${fmt(c.hedgesG.ci[0], 3)}, ${fmt(c.hedgesG.ci[1], 3)}]; P(a better) = ${fmt(c.probabilityOfImprovement.value, 3)} [${fmt(c.probabilityOfImprovement.ci[0], 3)}, ${fmt(c.probabilityOfImprovement.ci[1], 3)}]`;
  return `${head}\n  ${[...others, ...dz, effects].join('; ')}\n  → ${c.sentence}`;
}

export function formatBudget(r: ResultsJson): string | undefined {
  const b = r.budgetMatched;
  if (!b) return undefined;
  const sorted = [...b.groups].sort((x, y) => (r.goal === 'minimize' ? x.expectedBest - y.expectedBest : y.expectedBest - x.expectedBest));
  return (
    `expected best of ${b.n} runs (the smallest group's size)\n` +
    table(
      ['group', 'expected best', 'sd'],
      columns(sorted, (g) => g.name, [(g) => g.expectedBest, (g) => g.sd]),
    )
  );
}

/** Everything the terminal shows, in order. */
export function formatAnalysis(a: Analysis): string {
  const parts = [formatChoices(a), formatBestTable(a.results.groups, a.results.metric), formatRunsTable(a.results.groups)];
  const budget = formatBudget(a.results);
  if (budget) parts.push(budget);
  if (a.results.comparisons.length)
    parts.push(
      'comparisons' +
        (a.results.comparisons.length > 1 ? ` (${a.results.adjust} adjustment across ${a.results.comparisons.length})` : '') +
        '\n' +
        a.results.comparisons.map((c) => formatComparison(c, a.results.alternative)).join('\n'),
    );
  return parts.join('\n\n');
}
