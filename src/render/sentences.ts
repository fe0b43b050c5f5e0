/**
 * The sentences kdlab writes for people (pure): a comparison's verdict, a re-run comparison's, and
 * `kdlab ttest`'s scipy-vocabulary line. Every figure in them comes from format.ts, so a p-value reads
 * the same in a sentence as in the table above it.
 */
import type { Comparison } from '../analysis/model.js';
import { testOfField } from '../analysis/tests.js';
import type { Alternative } from '../domain/metric.js';
import type { PAdjustMethod } from '../stats/adjust-p-values.js';
import type { TTestIndResult } from '../stats/ttest-ind.js';
import { formatDf, formatFixed, formatP, pClause } from './format.js';

const ADJUST_LABEL: Record<PAdjustMethod, string> = {
  holm: 'Holm',
  hochberg: 'Hochberg',
  hommel: 'Hommel',
  bh: 'BH',
  bonferroni: 'Bonferroni',
  by: 'BY',
  none: '',
};

/**
 * One plain sentence, e.g. "cosine-scaling-fixed-k is not shown to be more accurate than temperature
 * (Welch, one-sided, Holm-adjusted p = 0.09 ≥ 0.05)".
 */
export function verdictSentence(
  c: Pick<Comparison, 'a' | 'b' | 'headlineTest' | 'significant'>,
  adjustedP: number,
  opts: { metric: string; alternative: Alternative; alpha: number; adjust: PAdjustMethod; nComparisons: number },
): string {
  const test = testOfField(c.headlineTest);
  const sided = opts.alternative === 'two-sided' ? 'two-sided' : 'one-sided';
  const pName = opts.adjust !== 'none' && opts.nComparisons > 1 ? `${ADJUST_LABEL[opts.adjust]}-adjusted p` : 'p';
  if (!Number.isFinite(adjustedP))
    return `${c.a} and ${c.b} cannot be compared by the ${test.short} test (p is undefined: ${
      test.samples === 'paired' ? 'fewer than 2 matched keys, or every paired difference is 0' : 'both groups have zero variance'
    })`;
  const accuracy = /acc/i.test(opts.metric);
  const claim =
    opts.alternative === 'two-sided'
      ? `differ${c.significant ? 's' : ''} in ${opts.metric} from`
      : accuracy
        ? `${c.significant ? 'is' : 'be'} ${opts.alternative === 'greater' ? 'more' : 'less'} accurate than`
        : `${c.significant ? 'has' : 'have'} a ${opts.alternative === 'greater' ? 'higher' : 'lower'} ${opts.metric} than`;
  const verdict = c.significant ? `${c.a} ${claim} ${c.b}` : `${c.a} is not shown to ${claim} ${c.b}`;
  return `${verdict} (${test.short}, ${sided}, ${pClause(pName, formatP(adjustedP))} ${c.significant ? '<' : '≥'} ${opts.alpha})`;
}

/** A re-run comparison: "On fresh seeds, a is higher in eval/accuracy than b (paired t-test over shared seeds, …)." */
export function rerunSentence(
  c: { a: string; b: string; test: 'paired' | 'welch'; pvalueAdjusted: number; significant: boolean },
  opts: { metric: string; alternative: Alternative; alpha: number; adjust: PAdjustMethod; nComparisons: number },
): string {
  const relation =
    opts.alternative === 'greater'
      ? `higher in ${opts.metric} than`
      : opts.alternative === 'less'
        ? `lower in ${opts.metric} than`
        : `different in ${opts.metric} from`;
  const pName = opts.adjust !== 'none' && opts.nComparisons > 1 ? `${ADJUST_LABEL[opts.adjust]}-adjusted p` : 'p';
  const how = `${c.test === 'paired' ? 'paired t-test over shared seeds' : 'Welch'}, ${
    opts.alternative === 'two-sided' ? 'two-sided' : 'one-sided'
  }, ${pClause(pName, formatP(c.pvalueAdjusted))} ${c.significant ? '<' : '≥'} ${opts.alpha}`;
  return `On fresh seeds, ${c.a} is ${c.significant ? '' : 'not shown to be '}${relation} ${c.b} (${how}).`;
}

/**
 * One line a scipy user recognises, e.g.
 * `Welch's t-test (two-sided): statistic=2.3412, pvalue=0.02054, df=57.31, 95% CI [0.0012, 0.0131] for mean(kd) − mean(ce)`.
 * Four decimals and a four-digit p (more than the report's two), for checking against scipy by eye;
 * an undefined figure is "nan", as scipy prints it.
 */
export function formatTTest(result: TTestIndResult, names: { readonly a: string; readonly b: string }): string {
  const test = result.method === 'welch' ? "Welch's t-test" : "Student's t-test";
  const level = `${Number((result.confidenceLevel * 100).toPrecision(6))}%`;
  const ci = `[${formatFixed(result.ci[0])}, ${formatFixed(result.ci[1])}]`;
  const line =
    `${test} (${result.alternative}): statistic=${formatFixed(result.statistic)}, pvalue=${Number.isNaN(result.pvalue) ? 'nan' : formatP(result.pvalue, 4)}, ` +
    `df=${formatDf(result.df)}, ${level} CI ${ci} for mean(${names.a}) − mean(${names.b})`;
  return result.reason ? `${line} (${result.reason})` : line;
}
