/**
 * The winner's-curse section of a `kdlab rerun` report, as display strings (pure). The template
 * (templates/partials/winners-curse.html) escapes every name; numbers are formatted here.
 */
import type { WinnersCurseSection } from '../analysis/model.js';
import { formatDf, formatInterval, formatNumber, formatP, pClause } from './format.js';
import { formatParams, varyingParams } from './params.js';

export interface WinnersCurseView {
  readonly metric: string;
  readonly top: string;
  readonly seeds: string;
  readonly rows: readonly {
    readonly sweep: string;
    readonly rank: string;
    readonly params: string;
    readonly selected: string;
    readonly rerunMean: string;
    readonly rerunSd: string;
    readonly n: string;
    readonly optimism: string;
    readonly optimismCi: string;
    readonly optimistic: boolean;
  }[];
  readonly comparisons: readonly {
    readonly sentence: string;
    readonly test: string;
    readonly statistic: string;
    readonly df: string;
    /** "p = 0.012" or "p < 1e-16". */
    readonly p: string;
    readonly pAdjusted: string;
    readonly ci: string;
    readonly significant: boolean;
  }[];
}

export function winnersCurseView(s: WinnersCurseSection): WinnersCurseView {
  // Show what tells the configurations apart; the seed is averaged over, so it tells nothing.
  const keys = varyingParams(s.sweeps.map((r) => r.params)).filter((k) => k !== 'seed');
  return {
    metric: s.metric,
    top: String(s.top),
    seeds: s.seeds.join(', '),
    rows: s.sweeps.map((r) => ({
      sweep: r.sweep,
      rank: String(r.rank),
      params: formatParams(r.params, keys),
      selected: formatNumber(r.selected),
      rerunMean: formatNumber(r.rerunMean),
      rerunSd: formatNumber(r.rerunSd),
      n: String(r.n),
      optimism: formatNumber(r.optimism),
      optimismCi: formatInterval(r.optimismCi),
      // The interval lies wholly above 0: the sweep's value overstated this configuration.
      optimistic: r.optimismCi[0] > 0,
    })),
    comparisons: s.comparisons.map((c) => ({
      sentence: c.sentence,
      test: c.test === 'paired' ? 'paired t-test (same seeds)' : "Welch's t-test",
      statistic: formatNumber(c.statistic, 3),
      df: formatDf(c.df),
      p: pClause('p', formatP(c.pvalue)),
      pAdjusted: pClause('adjusted p', formatP(c.pvalueAdjusted)),
      ci: formatInterval(c.ci),
      significant: c.significant,
    })),
  };
}
