/**
 * The report's one-sentence answer to "which variant is best, and is the difference real?".
 * Pure: derived from ResultsJson alone, so the archive index can rebuild it from results.json.
 */
import { headlineComparison } from '../analysis/compare.js';
import type { Comparison, GroupSummary, ResultsJson } from '../analysis/model.js';
import type { Goal } from '../domain/metric.js';
import { figuresOf, testOfField } from '../analysis/tests.js';
import { formatNumber, formatP, pClause } from './format.js';

/** Metric names that say nothing about their direction (Optuna's `value`, a generic objective or score). */
const DIRECTIONLESS = /^(value|values_\d+|objective|score|target|result)$/i;

/**
 * When the goal was guessed from a name that does not tell it (no --goal), the warning a reader must
 * see: a minimising Optuna study read as maximising ranks its worst model best.
 */
export function goalGuessNote(metric: string, goal: Goal, goalGiven: boolean): string | undefined {
  const last = metric.split(/[/.]/).pop() ?? metric;
  if (goalGiven || !DIRECTIONLESS.test(last)) return undefined;
  const other = goal === 'minimize' ? 'maximize' : 'minimize';
  return (
    `the direction of ${JSON.stringify(metric)} was guessed (${goal === 'minimize' ? 'lower' : 'higher'} is better): ` +
    `its name does not say, and an export does not record it; if the study ${other}d it, the ranking is upside down: set it with --goal ${other}`
  );
}

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

/** The result of the test a comparison's verdict rests on. */
export function headlineResult(c: Comparison): { pvalue: number; pvalueAdjusted: number; test: string } {
  const t = figuresOf(c, c.headlineTest);
  return { pvalue: t.pvalue, pvalueAdjusted: t.pvalueAdjusted, test: testOfField(c.headlineTest).label };
}

/** One sentence, plain text (the renderers escape it). */
export function headlineSentence(results: ResultsJson): string {
  const ranked = rankByMean(results);
  const metric = results.metric;
  if (ranked.length === 0) return `No group has a usable ${metric} value.`;
  const top = ranked[0];
  const c = headlineComparison(results);
  if (!c) {
    return `${top.name} has the best mean ${metric} (${formatNumber(top.mean)}, n = ${top.n}); there is no other group to compare it with.`;
  }
  const mean = (name: string) => results.groups.find((g) => g.name === name)?.mean ?? NaN;
  const [winner, loser] = mean(c.a) === mean(c.b) || better(results, mean(c.a), mean(c.b)) ? [c.a, c.b] : [c.b, c.a];
  const h = headlineResult(c);
  const sided = results.alternative === 'two-sided' ? 'two-sided' : 'one-sided';
  const evidence = `${h.test}, ${sided}, ${pClause('adjusted p', formatP(h.pvalueAdjusted))} ${c.significant ? '<' : '≥'} ${results.alpha}`;
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
