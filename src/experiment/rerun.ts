/**
 * `kdlab rerun SWEEP… --top K --seeds M`: the winner's-curse check, end to end.
 *
 *   1. read     the named sweeps and their finished runs from the store
 *   2. plan     top-K configurations × M fresh seeds per sweep (winners-curse.ts, pure)
 *   3. enqueue  each plan as the runs of a sweep `<sweep>-rerun` (keyed by rank and seed, so a
 *               second call adds nothing and an interrupted re-run resumes)
 *   4. train    the teacher once, then N agents per re-run sweep
 *   5. analyse  optimism per sweep and paired comparisons between sweeps (pure), printed
 *   6. report   the comparison report of the re-run sweeps, with a winner's-curse section
 */
import { isDeepStrictEqual } from 'node:util';
import type { Alternative, Metric } from '../domain/metric.js';
import type { RunRecord } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import { DataError, UsageError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { ReportModel, WinnersCurseSection } from '../analysis/model.js';
import type { Store } from '../storage/store.js';
import { validateSweepConfig, type SweepConfig } from '../sweep/config.js';
import { formatWinnersCurse } from '../render/tables.js';
import { suggest } from '../util/registry.js';
import type { AdjustMethod } from '../analysis/compare.js';
import { writeExperimentReport, type ExperimentReport } from './report.js';
import { prepareTrainer } from '../sweep/agent.js';
import { overallProgress, runAgents, type AgentRunOptions } from './run-experiment.js';
import { analyzeReruns, planReruns, type RerunPlan, type WinnersCurseResult } from './winners-curse.js';

export interface RerunOptions extends AgentRunOptions {
  readonly top: number;
  readonly seeds: number;
  /** Compare every sweep with this one (default: all pairs). */
  readonly baseline?: string;
  readonly alternative?: Alternative;
  /** Metric to select and compare by (default: the sweeps' own). */
  readonly metric?: string;
  readonly adjust?: AdjustMethod;
  readonly alpha?: number;
}

export interface RerunOutcome {
  readonly plans: readonly RerunPlan[];
  /** Undefined when interrupted before the analysis. */
  readonly result?: WinnersCurseResult;
  readonly report?: ExperimentReport;
  readonly interrupted: boolean;
}

/** Over an open Store (the command opens and closes it); stops cleanly when `options.signal` aborts. */
export async function rerun(store: Store, sweepNames: readonly string[], options: RerunOptions): Promise<RerunOutcome> {
  const logger = options.logger ?? silentLogger;
  if (sweepNames.length === 0) throw new UsageError('name at least one sweep to re-run');
  // 1. read
  const all = await store.listSweeps();
  const sweeps: Sweep[] = sweepNames.map((name) => {
    const s = all.find((x) => x.name === name || x.id === name);
    if (!s) {
      const near = suggest(
        name,
        all.map((x) => x.name),
      );
      throw new UsageError(
        `unknown sweep ${JSON.stringify(name)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''} in ${store.url}; sweeps: ${all.map((x) => x.name).join(', ') || 'none'}`,
      );
    }
    if (s.method === 'import') throw new UsageError(`sweep ${s.name} holds imported runs: kdlab cannot re-train them`);
    return s;
  });
  const metric = chooseMetric(sweeps, options.metric);
  const runs: RunRecord[] = [];
  for (const s of sweeps) runs.push(...(await store.listRuns({ sweep: s.id, states: ['finished'] })).map((r) => ({ ...r, sweep: s.name })));

  // 2. plan
  const plans = planReruns(runs, { top: options.top, seeds: options.seeds, metric });
  for (const s of sweeps)
    if (!plans.some((p) => p.sweep === s.name))
      throw new UsageError(`sweep ${s.name} has no finished run with ${metric.name}: there is nothing to re-run`);
  if (options.baseline !== undefined && !sweeps.some((s) => s.name === options.baseline)) {
    throw new UsageError(
      `--baseline ${JSON.stringify(options.baseline)} is not one of the sweeps to re-run: ${sweeps.map((s) => s.name).join(', ')}`,
    );
  }
  logger.info(
    `re-running the top ${options.top} configuration${options.top === 1 ? '' : 's'} of ${plans.length} sweep${plans.length === 1 ? '' : 's'} with seeds ${plans[0].seeds.join(', ')} (${metric.name}, ${metric.goal})`,
  );

  // 3. enqueue
  const configs: SweepConfig[] = [];
  const rerunSweeps: Sweep[] = [];
  for (const plan of plans) {
    const source = sweeps.find((s) => s.name === plan.sweep)!;
    const cfg = validateSweepConfig(rerunConfig(source, plan), { defaultName: plan.rerunSweep });
    configs.push(cfg);
    rerunSweeps.push(await enqueue(store, cfg, plan, logger));
  }

  // 4. train
  const trainerFor = (cfg: SweepConfig) => options.trainer ?? cfg.trainer;
  const prepared: unknown[] = [];
  for (const cfg of configs) {
    const key = [trainerFor(cfg), cfg.trainerSettings];
    if (prepared.some((p) => isDeepStrictEqual(p, key))) continue;
    prepared.push(key);
    await prepareTrainer(trainerFor(cfg), cfg.trainerSettings, logger, { isolation: options.isolation, now: options.clock });
  }
  try {
    const onRunEnd = await overallProgress(store, rerunSweeps, options.progress);
    for (const sweep of rerunSweeps) {
      if (options.signal?.aborted) break;
      await runAgents(store, sweep, {
        agents: options.agents,
        trainer: options.trainer,
        isolation: options.isolation,
        signal: options.signal,
        logger,
        onRunEnd,
      });
    }
  } finally {
    // Also on an error: a bar left running would keep the process alive.
    options.progress?.stop();
  }
  if (options.signal?.aborted) {
    logger.info(`interrupted: run the same command again to resume the re-runs`);
    return { plans, interrupted: true };
  }

  // 5. analyse
  const reruns: RunRecord[] = [];
  for (const s of rerunSweeps) reruns.push(...(await store.listRuns({ sweep: s.id })).map((r) => ({ ...r, sweep: s.name })));
  const result = analyzeReruns(plans, reruns, {
    metric,
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
    alternative: options.alternative,
    adjust: options.adjust,
    alpha: options.alpha,
  });
  // The library prints only where it is told; the command passes its context's stdout.
  options.stdout?.(formatWinnersCurse(result) + '\n');

  // 6. report
  const source = options.storeUrl ?? store.url;
  const report = await writeExperimentReport(
    source,
    rerunSweeps.map((s) => s.name),
    {
      metric,
      alternative: options.alternative ?? 'two-sided',
      adjust: options.adjust ?? 'holm',
      alpha: options.alpha ?? 0.05,
      ...(options.baseline !== undefined ? { baseline: plans.find((p) => p.sweep === options.baseline)!.rerunSweep } : {}),
      title: `Winner's curse: top ${options.top} of ${plans.map((p) => p.sweep).join(', ')} re-run with ${options.seeds} fresh seeds`,
      // Re-runs that share their seeds are compared seed for seed, in the report as in the section above.
      ...(sharedSeeds(plans) ? { pairBy: 'seed' } : {}),
    },
    { ...options, logger, extend: (model: ReportModel) => ({ ...model, winnersCurse: toSection(result) }) },
  );
  return { plans, result, report, interrupted: false };
}

/** Whether every plan re-runs with the same seeds (so the re-runs pair by seed). */
export function sharedSeeds(plans: readonly { readonly seeds: readonly number[] }[]): boolean {
  return (
    plans.length > 1 && plans.every((p) => p.seeds.length === plans[0].seeds.length && p.seeds.every((s, i) => s === plans[0].seeds[i]))
  );
}

function chooseMetric(sweeps: readonly Sweep[], name: string | undefined): Metric {
  if (name !== undefined) {
    const same = sweeps.find((s) => s.metric.name === name);
    return { name, goal: same?.metric.goal ?? 'maximize' };
  }
  const first = sweeps[0].metric;
  const other = sweeps.find((s) => s.metric.name !== first.name || s.metric.goal !== first.goal);
  if (other)
    throw new UsageError(
      `sweeps ${sweeps[0].name} and ${other.name} optimise different metrics (${first.name}, ${other.metric.name}); choose one with --metric`,
    );
  return first;
}

/**
 * The re-run sweep's configuration: the source sweep's (what to train, on what, with which
 * trainer), searching nothing itself. Its runs are the plan's configurations × seeds, enqueued up
 * front; the run cap is exactly their number, so the sampler never adds one. (`random` rather than
 * `grid`: a grid would enumerate its own, empty, parameter space.)
 */
export function rerunConfig(source: Sweep, plan: RerunPlan): Record<string, unknown> {
  const {
    parameters: _p,
    run_cap: _c,
    early_terminate: _e,
    method: _m,
    name: _n,
    description: _d,
    metric,
    ...rest
  } = source.config as Record<string, unknown>;
  const m = metric as { name?: string; goal?: string } | undefined;
  return {
    ...rest,
    name: plan.rerunSweep,
    description: `re-runs of the top ${plan.configs.length} configuration(s) of ${plan.sweep} with seeds ${plan.seeds.join(', ')}`,
    method: 'random',
    ...(m ? { metric: { name: m.name, ...(m.goal ? { goal: m.goal } : {}) } } : {}),
    parameters: {},
    run_cap: plan.runs.length,
  };
}

async function enqueue(store: Store, cfg: SweepConfig, plan: RerunPlan, logger: Logger): Promise<Sweep> {
  let sweep = await store.getSweep(cfg.name);
  if (sweep && !isDeepStrictEqual(sweep.config, cfg.raw)) {
    throw new DataError(
      `sweep ${cfg.name} already exists in ${store.url} for another re-run (${String((sweep.config as { description?: string }).description ?? 'different configuration')}); use another --store, or the same --top and --seeds as before`,
    );
  }
  if (!sweep) {
    sweep = await store.createSweep({
      name: cfg.name,
      method: 'random',
      metric: { name: cfg.metric.name, goal: cfg.metric.goal },
      config: cfg.raw,
      seed: cfg.seed,
    });
    logger.info(`created sweep ${sweep.name}: ${plan.runs.length} re-runs`);
  } else {
    logger.info(`resuming sweep ${sweep.name}`);
    if (sweep.state !== 'running') await store.setSweepState(sweep.id, 'running');
  }
  // Keys make this idempotent: a resumed re-run adds nothing that is already there.
  await store.addRuns(
    sweep.id,
    plan.runs.map((r) => ({ params: r.params, key: `rerun:${r.rank}:${r.seed}`, attempt: 1 })),
    { cap: plan.runs.length },
  );
  return sweep;
}

/** The winner's-curse section of the report model: plain numbers, NaN where undefined. */
export function toSection(r: WinnersCurseResult): WinnersCurseSection {
  return {
    metric: r.metric.name,
    goal: r.metric.goal,
    top: r.top,
    seeds: r.seeds,
    alternative: r.alternative,
    alpha: r.alpha,
    adjust: r.adjust,
    sweeps: r.sweeps.flatMap((s) =>
      s.configs.map((c) => ({
        sweep: s.sweep,
        rerunSweep: s.rerunSweep,
        rank: c.rank,
        params: c.params,
        selected: c.selectedValue,
        rerunMean: c.rerun.mean,
        rerunSd: c.rerun.sd,
        n: c.rerun.n,
        optimism: c.optimism,
        optimismCi: c.optimismCi,
      })),
    ),
    comparisons: r.comparisons.map((c) => ({
      a: c.a,
      b: c.b,
      test: c.test,
      nA: c.nA,
      nB: c.nB,
      statistic: c.statistic,
      pvalue: c.pvalue,
      pvalueAdjusted: c.pvalueAdjusted,
      df: c.df,
      ci: c.ci,
      meanDifference: c.meanDifference,
      significant: c.significant,
      sentence: c.sentence,
    })),
  };
}
