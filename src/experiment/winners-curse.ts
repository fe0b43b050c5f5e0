/**
 * The winner's curse: a sweep's best run is the maximum of many noisy draws, so it overstates what
 * its configuration gives on a fresh seed. The honest check re-trains the selected configurations
 * with new seeds and measures the gap. Pure functions, in pipeline order:
 *
 *   1. selectTopConfigs   finished runs → the top-K distinct configurations of each sweep (goal-aware)
 *   2. planReruns         → one re-run plan per sweep: K configs × M fresh seeds, the same seeds for
 *                           every sweep so re-runs can be paired across sweeps
 *   3. analyzeReruns      re-run records → per sweep: selected best, re-run mean, optimism with CI;
 *                           comparisons between sweeps on the re-runs (paired t-test when the design
 *                           is paired, Welch otherwise), p-values adjusted across comparisons
 */
import { tQuantile } from '../vendor/stdlib.js';
import type { Alternative, Metric } from '../domain/metric.js';
import type { Params, RunRecord } from '../domain/run.js';
import { UsageError } from '../errors.js';
import { rerunSentence } from '../render/sentences.js';
import { adjustPValues, type PAdjustMethod } from '../stats/adjust-p-values.js';
import { ttestInd } from '../stats/ttest-ind.js';
import { ttestRel } from '../stats/ttest-rel.js';

/** A configuration chosen from a sweep: its params without the seed, and the value that got it chosen. */
export interface SelectedConfig {
  readonly sweep: string;
  /** 1 = the sweep's best. */
  readonly rank: number;
  readonly runId: string;
  readonly params: Params;
  readonly selectedValue: number;
}

export interface RerunPlan {
  /** The sweep whose configurations are re-run. */
  readonly sweep: string;
  /** The sweep the re-runs are recorded in. */
  readonly rerunSweep: string;
  readonly configs: readonly SelectedConfig[];
  readonly seeds: readonly number[];
  /** configs × seeds, in that order: the params each re-run trains with. */
  readonly runs: readonly { readonly rank: number; readonly seed: number; readonly params: Params }[];
}

/** Name of the sweep that records the re-runs of `sweep`. */
export function rerunSweepName(sweep: string): string {
  return `${sweep}-rerun`;
}

/** Identity of a configuration: its params except the seed, keys sorted. */
export function configKey(params: Params): string {
  return JSON.stringify(
    Object.keys(params)
      .filter((k) => k !== 'seed')
      .sort()
      .map((k) => [k, params[k]]),
  );
}

function withoutSeed(params: Params): Params {
  const { seed: _seed, ...rest } = params;
  return rest;
}

function metricValue(run: RunRecord, metric: string): number | undefined {
  const v = run.summary[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The top-K distinct configurations of each sweep among its finished runs with a finite metric,
 * best first (max, or min when the goal is minimize). A configuration that ran with several seeds
 * counts once, at its best value: that is the value a reader of the sweep would have picked.
 * Ties keep the earlier run first (stable), so the choice is deterministic.
 */
export function selectTopConfigs(runs: readonly RunRecord[], opts: { top: number; metric: Metric }): SelectedConfig[] {
  if (!Number.isInteger(opts.top) || opts.top < 1) throw new UsageError(`--top must be a positive integer, got ${opts.top}`);
  const better = (a: number, b: number) => (opts.metric.goal === 'maximize' ? b - a : a - b);
  const bySweep = new Map<string, { run: RunRecord; value: number }[]>();
  for (const run of runs) {
    const value = metricValue(run, opts.metric.name);
    if (run.state !== 'finished' || value === undefined) continue;
    const list = bySweep.get(run.sweep) ?? [];
    list.push({ run, value });
    bySweep.set(run.sweep, list);
  }
  const out: SelectedConfig[] = [];
  for (const [sweep, list] of bySweep) {
    const sorted = list.slice().sort((a, b) => better(a.value, b.value));
    const seen = new Set<string>();
    for (const { run, value } of sorted) {
      const key = configKey(run.params);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ sweep, rank: seen.size, runId: run.id, params: withoutSeed(run.params), selectedValue: value });
      if (seen.size === opts.top) break;
    }
  }
  return out;
}

/**
 * M seeds none of the given runs used: the M smallest integers ≥ `start` (default 1000) not taken.
 * Deterministic, and the same for every sweep of one re-run, so re-runs pair up by seed.
 */
export function freshSeeds(runs: readonly RunRecord[], m: number, start = 1000): number[] {
  if (!Number.isInteger(m) || m < 1) throw new UsageError(`--seeds must be a positive integer, got ${m}`);
  const used = new Set<number>();
  for (const r of runs) if (typeof r.params.seed === 'number') used.add(r.params.seed);
  const seeds: number[] = [];
  for (let s = start; seeds.length < m; s++) if (!used.has(s)) seeds.push(s);
  return seeds;
}

/** One re-run plan per sweep: its top-K configurations × M fresh seeds (shared across sweeps). */
export function planReruns(
  runs: readonly RunRecord[],
  opts: { top: number; seeds: number; metric: Metric; seedStart?: number },
): RerunPlan[] {
  const selected = selectTopConfigs(runs, opts);
  const seeds = freshSeeds(runs, opts.seeds, opts.seedStart);
  const sweeps = [...new Set(selected.map((c) => c.sweep))];
  return sweeps.map((sweep) => {
    const configs = selected.filter((c) => c.sweep === sweep);
    return {
      sweep,
      rerunSweep: rerunSweepName(sweep),
      configs,
      seeds,
      runs: configs.flatMap((c) => seeds.map((seed) => ({ rank: c.rank, seed, params: { ...c.params, seed } }))),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Analysis of the re-runs

export interface RerunSummary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  /** Re-run values by seed. */
  readonly values: Readonly<Record<number, number>>;
}

export interface ConfigOutcome {
  readonly rank: number;
  readonly runId: string;
  readonly params: Params;
  /** The value the sweep selected the configuration with. */
  readonly selectedValue: number;
  readonly rerun: RerunSummary;
  /**
   * How far the selected value overstated the re-runs, signed so that positive = optimistic:
   * selected − re-run mean when maximizing, re-run mean − selected when minimizing.
   */
  readonly optimism: number;
  /** t-interval of the optimism from the re-runs' spread (the selected value is fixed); NaN below 2 re-runs. */
  readonly optimismCi: readonly [number, number];
}

export interface WinnersCurseSweep {
  readonly sweep: string;
  readonly rerunSweep: string;
  /** The sweep's best as selected (rank 1) and what its re-runs give. */
  readonly best: ConfigOutcome;
  readonly configs: readonly ConfigOutcome[];
}

export type { RerunComparison } from '../analysis/model.js';
import type { RerunComparison } from '../analysis/model.js';

export interface WinnersCurseResult {
  readonly metric: Metric;
  readonly top: number;
  readonly seeds: readonly number[];
  readonly alternative: Alternative;
  readonly alpha: number;
  readonly adjust: PAdjustMethod;
  readonly baseline?: string;
  readonly sweeps: readonly WinnersCurseSweep[];
  readonly comparisons: readonly RerunComparison[];
}

export interface AnalyzeRerunsOptions {
  readonly metric: Metric;
  /** Compare every sweep with this one (a source sweep name); all pairs when omitted. */
  readonly baseline?: string;
  readonly alternative?: Alternative;
  readonly alpha?: number;
  readonly adjust?: PAdjustMethod;
  readonly confidenceLevel?: number;
}

/**
 * Joins the plans with the finished re-run records (matched by sweep, configuration and seed) and
 * measures each sweep's optimism and the differences between sweeps on fresh seeds.
 */
export function analyzeReruns(plans: readonly RerunPlan[], reruns: readonly RunRecord[], opts: AnalyzeRerunsOptions): WinnersCurseResult {
  const alternative = opts.alternative ?? 'two-sided';
  const alpha = opts.alpha ?? 0.05;
  const adjust = opts.adjust ?? 'holm';
  const level = opts.confidenceLevel ?? 0.95;
  const sign = opts.metric.goal === 'maximize' ? 1 : -1;
  if (opts.baseline !== undefined && !plans.some((p) => p.sweep === opts.baseline)) {
    throw new UsageError(
      `baseline ${JSON.stringify(opts.baseline)} is not one of the re-run sweeps: ${plans.map((p) => p.sweep).join(', ')}`,
    );
  }

  // sweep → rank → seed → value, from finished re-runs only.
  const keyed = new Map<string, Observed>();
  for (const plan of plans) {
    const byConfig = new Map(plan.configs.map((c) => [configKey(c.params), c.rank]));
    const values: Observed = new Map();
    for (const run of reruns) {
      if (run.sweep !== plan.rerunSweep || run.state !== 'finished') continue;
      const rank = byConfig.get(configKey(run.params));
      const value = metricValue(run, opts.metric.name);
      if (rank === undefined || value === undefined || typeof run.params.seed !== 'number') continue;
      const bySeed = values.get(rank) ?? new Map<number, number>();
      bySeed.set(run.params.seed, value);
      values.set(rank, bySeed);
    }
    keyed.set(plan.sweep, values);
  }

  const sweeps: WinnersCurseSweep[] = plans.map((plan) => {
    const values = keyed.get(plan.sweep)!;
    const configs = plan.configs.map((c): ConfigOutcome => {
      const bySeed: Record<number, number> = {};
      for (const seed of plan.seeds) {
        const v = values.get(c.rank)?.get(seed);
        if (v !== undefined) bySeed[seed] = v;
      }
      const xs = Object.values(bySeed);
      const { mean, sd, halfWidth } = meanInterval(xs, level);
      const optimism = sign * (c.selectedValue - mean);
      const ends = [sign * (c.selectedValue - (mean + halfWidth)), sign * (c.selectedValue - (mean - halfWidth))];
      return {
        rank: c.rank,
        runId: c.runId,
        params: c.params,
        selectedValue: c.selectedValue,
        rerun: { n: xs.length, mean, sd, values: bySeed },
        optimism,
        optimismCi: [Math.min(ends[0], ends[1]), Math.max(ends[0], ends[1])],
      };
    });
    return { sweep: plan.sweep, rerunSweep: plan.rerunSweep, best: configs[0], configs };
  });

  const pairs: [string, string][] = [];
  const names = plans.map((p) => p.sweep);
  if (opts.baseline !== undefined)
    for (const n of names) {
      if (n !== opts.baseline) pairs.push([n, opts.baseline]);
    }
  else for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push([names[i], names[j]]);

  type Raw = Omit<RerunComparison, 'pvalueAdjusted' | 'significant' | 'sentence'>;
  const raw = pairs.flatMap(([a, b]): Raw[] => {
    const va = keyed.get(a)!,
      vb = keyed.get(b)!;
    const [xa, xb] = [observedValues(va), observedValues(vb)];
    if (xa.length < 2 || xb.length < 2) return [];
    // Paired by seed, as the re-run report pairs them: a seed's top-K runs are replicates of one
    // key and are averaged, so K configurations on M seeds give M pairs, never K·M pseudo-pairs.
    const sa = seedMeans(va),
      sb = seedMeans(vb);
    const seeds = [...sa.keys()].filter((k) => sb.has(k)).sort((x, y) => x - y);
    if (seeds.length >= 2) {
      const r = ttestRel(
        seeds.map((k) => sa.get(k)!),
        seeds.map((k) => sb.get(k)!),
        { alternative, confidenceLevel: level },
      );
      return [
        {
          a,
          b,
          test: 'paired',
          nA: seeds.length,
          nB: seeds.length,
          statistic: r.statistic,
          pvalue: r.pvalue,
          df: r.df,
          ci: r.ci,
          meanDifference: r.meanDifference,
        },
      ];
    }
    const r = ttestInd(xa, xb, { equalVar: false, alternative, confidenceLevel: level });
    return [
      {
        a,
        b,
        test: 'welch',
        nA: xa.length,
        nB: xb.length,
        statistic: r.statistic,
        pvalue: r.pvalue,
        df: r.df,
        ci: r.ci,
        meanDifference: r.meanDifference,
      },
    ];
  });
  const adjusted = raw.length
    ? adjustPValues(
        raw.map((c) => c.pvalue),
        adjust,
      )
    : [];
  const comparisons = raw.map((c, i): RerunComparison => {
    const pvalueAdjusted = adjusted[i];
    const significant = pvalueAdjusted < alpha;
    return {
      ...c,
      pvalueAdjusted,
      significant,
      sentence: rerunSentence(
        { ...c, pvalueAdjusted, significant },
        { metric: opts.metric.name, alternative, alpha, adjust, nComparisons: raw.length },
      ),
    };
  });

  return {
    metric: opts.metric,
    top: Math.max(0, ...plans.map((p) => p.configs.length)),
    seeds: plans[0]?.seeds ?? [],
    alternative,
    alpha,
    adjust,
    ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
    sweeps,
    comparisons,
  };
}

/** Mean, sd and the t half-width of the mean's interval; NaN where fewer than 2 values allow none. */
function meanInterval(xs: readonly number[], level: number): { mean: number; sd: number; halfWidth: number } {
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN, halfWidth: NaN };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { mean, sd: NaN, halfWidth: NaN };
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { mean, sd, halfWidth: tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n)) };
}

/** One sweep's finished re-runs: rank → seed → metric value. */
type Observed = Map<number, Map<number, number>>;

function observedValues(observed: Observed): number[] {
  return [...observed.values()].flatMap((bySeed) => [...bySeed.values()]);
}

/** seed → mean over the ranks that finished on that seed. */
function seedMeans(observed: Observed): Map<number, number> {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const bySeed of observed.values())
    for (const [seed, v] of bySeed) {
      const acc = sums.get(seed) ?? { sum: 0, n: 0 };
      acc.sum += v;
      acc.n += 1;
      sums.set(seed, acc);
    }
  return new Map([...sums].map(([seed, { sum, n }]) => [seed, sum / n]));
}
