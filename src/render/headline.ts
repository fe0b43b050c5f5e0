/**
 * The report's one-sentence answer to "which variant is best, and is the difference real?".
 * Pure: derived from ResultsJson alone, so the archive index can rebuild it from results.json.
 */
import type { Comparison, GroupSummary, ResultsJson, TestResult } from '../analysis/model.js';
import { formatNumber, formatP } from './format.js';

export const TEST_NAMES = {
  student: "Student's t-test",
  welch: "Welch's t-test",
  mannWhitney: 'Mann–Whitney U',
} as const;

export const VARIANCE_ASSUMPTIONS = {
  student: 'equal variances (pooled)',
  welch: 'unequal variances',
  mannWhitney: 'rank-based, no normality assumed',
} as const;

/** "two-sided" or "one-sided (H1: a > b)", with the group names filled in. */
export function sidedness(alternative: ResultsJson['alternative'], a: string, b: string): string {
  if (alternative === 'two-sided') return `two-sided (H1: ${a} ≠ ${b})`;
  return `one-sided (H1: ${a} ${alternative === 'greater' ? '>' : '<'} ${b})`;
}

/** Groups ordered best first by mean, in the goal's direction (the tests compare means). */
export function rankByMean(results: ResultsJson): GroupSummary[] {
  const sign = results.goal === 'minimize' ? 1 : -1;
  return [...results.groups].filter((g) => Number.isFinite(g.mean)).sort((x, y) => sign * (x.mean - y.mean));
}

/**
 * The comparison the headline (and `--fail-unless-significant`) speaks of: the best group by mean
 * against the baseline when there is one, else the comparison whose groups rank highest.
 */
export function headlineComparison(results: ResultsJson): Comparison | undefined {
  const { comparisons } = results;
  if (comparisons.length === 0) return undefined;
  const rank = new Map(rankByMean(results).map((g, i) => [g.name, i]));
  const r = (name: string) => rank.get(name) ?? Number.POSITIVE_INFINITY;
  const candidates =
    results.baseline !== undefined ? comparisons.filter((c) => c.a === results.baseline || c.b === results.baseline) : comparisons;
  const pool = candidates.length > 0 ? candidates : comparisons;
  // With a baseline, rank a comparison by its challenger; without, by its better-ranked group.
  const key = (c: Comparison) => (results.baseline !== undefined ? r(c.b === results.baseline ? c.a : c.b) : Math.min(r(c.a), r(c.b)));
  let best = pool[0]!;
  for (const c of pool) if (key(c) < key(best)) best = c;
  return best;
}

/** The result of the test a comparison's verdict rests on. */
export function headlineResult(c: Comparison): { pvalue: number; pvalueAdjusted: number; test: string } {
  const t: Pick<TestResult, 'pvalue' | 'pvalueAdjusted'> = c[c.headlineTest];
  return { pvalue: t.pvalue, pvalueAdjusted: t.pvalueAdjusted, test: TEST_NAMES[c.headlineTest] };
}

/** One sentence, plain text (the renderers escape it). */
export function headlineSentence(results: ResultsJson): string {
  const ranked = rankByMean(results);
  const metric = results.metric;
  if (ranked.length === 0) return `No group has a usable ${metric} value.`;
  const top = ranked[0]!;
  const c = headlineComparison(results);
  if (!c) {
    return `${top.name} has the best mean ${metric} (${formatNumber(top.mean)}, n = ${top.n}); there is no other group to compare it with.`;
  }
  const mean = (name: string) => results.groups.find((g) => g.name === name)?.mean ?? NaN;
  const [winner, loser] = mean(c.a) === mean(c.b) || better(results, mean(c.a), mean(c.b)) ? [c.a, c.b] : [c.b, c.a];
  const h = headlineResult(c);
  const sided = results.alternative === 'two-sided' ? 'two-sided' : 'one-sided';
  const evidence = `${h.test}, ${sided}, adjusted p = ${formatP(h.pvalueAdjusted)} ${c.significant ? '<' : '≥'} ${results.alpha}`;
  const means = `mean ${formatNumber(mean(winner))} vs ${formatNumber(mean(loser))}`;
  const role = winner === results.baseline ? ' (the baseline)' : '';
  if (c.significant) {
    return `${winner}${role} is best by mean ${metric} (${means} for ${loser}), and the difference is real (${evidence}).`;
  }
  return `${winner}${role} has the best mean ${metric} (${means} for ${loser}), but the difference is not shown to be real (${evidence}).`;
}

function better(results: ResultsJson, x: number, y: number): boolean {
  return results.goal === 'minimize' ? x < y : x > y;
}
