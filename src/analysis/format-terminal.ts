/**
 * Terminal output (pure strings): the seed notebook's `best_accuracy` and `runs` tables, one line per
 * comparison, and the detected choices.
 */
import type { Analysis } from './pipeline.js';
import type { Comparison, GroupSummary } from './model.js';
import { TRACKER_LABELS } from './detect.js';

const fmt = (x: number, digits = 4): string =>
  Number.isFinite(x)
    ? Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0)
      ? x.toExponential(3)
      : x.toFixed(digits)
    : x === Infinity
      ? '∞'
      : x === -Infinity
        ? '−∞'
        : 'nan';

/** A left-aligned first column and right-aligned number columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((s, c) => (c === 0 ? s.padEnd(widths[c]) : s.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatChoices(a: Analysis): string {
  const c = a.choices;
  const tag = (detected: boolean, flag: string) => (detected ? ` (detected; ${flag} to change)` : '');
  return [
    `input: ${TRACKER_LABELS[c.format]}`,
    `group: ${c.group}${c.groupPattern ? ` ~ ${c.groupPattern}` : ''}${tag(c.groupDetected, '--group')}`,
    `metric: ${c.metric}${tag(c.metricDetected, '--metric')}, goal: ${c.goal}${c.goalDetected ? ' (--goal to change)' : ''}`,
  ].join('\n');
}

/** "best by group", sorted by best as in the seed notebook, with mean ± sd and quartiles. */
export function formatBestTable(groups: readonly GroupSummary[], metric: string): string {
  return (
    `best ${metric} by group\n` +
    table(
      ['group', 'best', 'mean', 'sd', 'median', 'q1', 'q3'],
      groups.map((g) => [g.name, fmt(g.best), fmt(g.mean), fmt(g.sd), fmt(g.median), fmt(g.q1), fmt(g.q3)]),
    )
  );
}

/** "runs by group": used, dropped (no metric), left out (state), total. */
export function formatRunsTable(groups: readonly GroupSummary[]): string {
  return (
    'runs by group\n' +
    table(
      ['group', 'runs', 'dropped', 'failed', 'total'],
      groups.map((g) => [g.name, String(g.n), String(g.dropped), String(g.failed), String(g.n + g.dropped + g.failed)]),
    )
  );
}

const sided = (alt: string) => (alt === 'two-sided' ? 'two-sided' : `one-sided, H1: a ${alt === 'greater' ? '>' : '<'} b`);

/** Two lines: the test figures (name, variance assumption, sidedness, n, df, CI, effect sizes), then the sentence. */
export function formatComparison(c: Comparison, alternative: string, confidence = 0.95): string {
  const t = c.headlineTest === 'student' ? c.student : c.welch;
  const testName = c.headlineTest === 'student' ? "Student's t (equal variances)" : "Welch's t (unequal variances)";
  const pct = `${Math.round(confidence * 100)}%`;
  const head = `${c.a} vs ${c.b}: ${testName}, ${sided(alternative)}, n = ${c.nA}/${c.nB}, t = ${fmt(t.statistic, 3)}, df = ${fmt(t.df, 1)}, p = ${fmt(t.pvalue)}, adj. p = ${fmt(t.pvalueAdjusted)}, diff ${pct} CI [${fmt(t.ci[0])}, ${fmt(t.ci[1])}]`;
  const more = `  Mann–Whitney U = ${fmt(c.mannWhitney.statistic, 1)}, p = ${fmt(c.mannWhitney.pvalue)}, rank-biserial = ${fmt(c.mannWhitney.rankBiserial, 3)}; Hedges' g = ${fmt(c.hedgesG.value, 3)} [${fmt(c.hedgesG.ci[0], 3)}, ${fmt(c.hedgesG.ci[1], 3)}]; P(a better) = ${fmt(c.probabilityOfImprovement.value, 3)} [${fmt(c.probabilityOfImprovement.ci[0], 3)}, ${fmt(c.probabilityOfImprovement.ci[1], 3)}]`;
  return `${head}\n${more}\n  → ${c.sentence}`;
}

export function formatBudget(a: Analysis): string | undefined {
  const b = a.results.budgetMatched;
  if (!b) return undefined;
  const sorted = [...b.groups].sort((x, y) =>
    a.results.goal === 'minimize' ? x.expectedBest - y.expectedBest : y.expectedBest - x.expectedBest,
  );
  return (
    `expected best of ${b.n} runs (the smallest group's size)\n` +
    table(
      ['group', 'expected best', 'sd'],
      sorted.map((g) => [g.name, fmt(g.expectedBest), fmt(g.sd)]),
    )
  );
}

/** Everything the terminal shows, in order. */
export function formatAnalysis(a: Analysis): string {
  const parts = [formatChoices(a), formatBestTable(a.results.groups, a.results.metric), formatRunsTable(a.results.groups)];
  const budget = formatBudget(a);
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
