/**
 * runExperiment: the main job, end to end.
 *
 *   1. teacher   train it (or load it from the cache) once, up front, so agents never race to train it
 *   2. sweeps    create each sweep in the store, or resume the one of the same name and configuration
 *                (finished runs are never re-run; runs killed by an interruption are re-queued)
 *   3. agents    N agents per sweep claim and train runs, each run in its own process; one progress
 *                line per ended run
 *   4. report    the comparison report over the experiment's sweeps, with its `report:` options
 *
 * `experiment()` and `demo()` are the CLI's commands: they read the config and open the store.
 */
import { availableParallelism } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import type { RunRecord } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import { DataError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { runAgent } from '../sweep/agent.js';
import type { SweepConfig, TrainerSettings } from '../sweep/config.js';
import { enqueueGrid } from '../sweep/agent.js';
import { formatValue, readSweepStatus } from '../sweep/status.js';
import { trainers } from '../sweep/trainers.js';
import { loadExperimentConfig, type ExperimentConfig } from './config.js';
import { writeExperimentReport, type ExperimentReport, type ReportOutputOptions } from './report.js';

/** How sweeps are run: shared by `kdlab experiment`, `kdlab demo` and `kdlab rerun`. */
export interface AgentRunOptions extends ReportOutputOptions {
  /** A URL (opened and closed here) or an open Store (the caller closes it). */
  readonly store: Store | string;
  /** With an open Store: the URL the report reads it back from (default its `url`). */
  readonly storeUrl?: string;
  /** Agents per sweep (default: the number of CPU cores). */
  readonly agents?: number;
  readonly logger?: Logger;
  /** Aborting stops the agents: running runs end as killed and are re-queued on the next resume. */
  readonly signal?: AbortSignal;
  /** Overrides every sweep's trainer (`fake` in tests). */
  readonly trainer?: string;
  /** 'process' (default): each run in its own process; 'inline': in this one (tests, no parallelism). */
  readonly isolation?: 'process' | 'inline';
  /** The clock for elapsed times in progress lines (tests inject one). */
  readonly clock?: () => number;
}

export type RunExperimentOptions = AgentRunOptions;

export interface ExperimentOutcome {
  readonly sweeps: readonly Sweep[];
  /** Undefined when interrupted before the report. */
  readonly report?: ExperimentReport;
  readonly interrupted: boolean;
}

export async function runExperiment(config: ExperimentConfig, options: RunExperimentOptions): Promise<ExperimentOutcome> {
  const logger = options.logger ?? silentLogger;
  const store = typeof options.store === 'string' ? await openStore(options.store) : options.store;
  try {
    const agents = options.agents ?? availableParallelism();
    const trainerName = options.trainer ?? config.sweeps[0].trainer;
    logger.info(
      `experiment ${config.name}: ${config.sweeps.length} sweeps (${config.sweeps.map((s) => s.name).join(', ')}), ${agents} agent${agents === 1 ? '' : 's'}, store ${store.url}`,
    );

    // 1. teacher
    await prepareTeacher(trainerName, config.trainerSettings, logger, options.clock);

    // 2. sweeps
    const sweeps: Sweep[] = [];
    for (const cfg of config.sweeps) sweeps.push(await createOrResume(store, cfg, logger));

    // 3. agents
    const progress = createProgress(logger, options.clock ?? Date.now);
    for (const sweep of sweeps) {
      if (options.signal?.aborted) break;
      await runAgents(store, sweep, { ...options, agents, trainer: options.trainer, logger, progress });
    }
    if (options.signal?.aborted) {
      logger.info(`interrupted: run the same command again to resume (${store.url} keeps every finished run)`);
      return { sweeps, interrupted: true };
    }

    // 4. report
    const source = typeof options.store === 'string' ? options.store : (options.storeUrl ?? store.url);
    const storeSweeps = (await store.listSweeps()).map((s) => s.name);
    const report = await writeExperimentReport(
      source,
      sweeps.map((s) => s.name),
      config.report,
      { ...options, logger, storeSweeps },
    );
    return { sweeps, report, interrupted: false };
  } finally {
    if (typeof options.store === 'string') await store.close();
  }
}

/**
 * Builds the trainer once in this process: for the distillation trainer that trains the teacher
 * and caches it (model and logits) on disk, where every run's process then finds it.
 */
export async function prepareTeacher(
  trainer: string,
  settings: TrainerSettings,
  logger: Logger,
  now: () => number = Date.now,
): Promise<void> {
  const t0 = now();
  const d = settings.dataset ?? 'digits';
  const teacher = settings.teacher?.hidden ? `hidden ${settings.teacher.hidden.join('-')}` : 'default architecture';
  if (trainer === 'distill')
    logger.info(`teacher (${teacher}) on ${typeof d === 'string' ? d : d.csv}: training it once, or loading it from the cache`);
  await trainers.get(trainer)(settings, logger);
  if (trainer === 'distill') logger.info(`teacher ready in ${formatDuration(now() - t0)}`);
}

/** The sweep of this name if its stored configuration is the same (resume); a new one if none; else an error. */
export async function createOrResume(store: Store, cfg: SweepConfig, logger: Logger): Promise<Sweep> {
  const existing = await store.getSweep(cfg.name);
  if (existing) {
    if (!isDeepStrictEqual(existing.config, cfg.raw)) {
      throw new DataError(
        `sweep ${JSON.stringify(cfg.name)} already exists in ${store.url} with a different configuration; rename the sweep in the experiment, or use another --store`,
      );
    }
    const runs = await store.listRuns({ sweep: existing.id });
    const done = runs.filter((r) => r.state === 'finished' || r.state === 'pruned').length;
    logger.info(`resuming sweep ${existing.name}: ${done} run${done === 1 ? '' : 's'} already done`);
    if (existing.state !== 'running') await store.setSweepState(existing.id, 'running');
    return existing;
  }
  const sweep = await store.createSweep({
    name: cfg.name,
    method: cfg.method,
    metric: { name: cfg.metric.name, goal: cfg.metric.goal },
    config: cfg.raw,
    seed: cfg.seed,
  });
  await enqueueGrid({ store, sweep, config: cfg });
  logger.info(`created sweep ${sweep.name} (${cfg.method}, ${cfg.runCap ?? 'every grid point'} runs)`);
  return sweep;
}

export interface Progress {
  runEnded(store: Store, sweep: Sweep, run: RunRecord): Promise<void>;
}

/** One line per ended run: sweep, done/total, the run's metric, the sweep's best so far, elapsed time. */
export function createProgress(logger: Logger, now: () => number): Progress {
  const t0 = now();
  return {
    async runEnded(store, sweep, run) {
      const [p] = await readSweepStatus(store, sweep.id);
      const v = run.summary[p.metric];
      const value = typeof v === 'number' ? `${p.metric}=${formatValue(v)}` : run.error ? `(${run.error})` : '';
      const best = p.best ? `, best ${formatValue(p.best.value)}` : '';
      logger.info(
        `[${sweep.name} ${p.done}/${p.total ?? '?'} · ${formatDuration(now() - t0)}] run ${run.name ?? run.id} ${run.state} ${value}${best}`.replace(
          / +$/,
          '',
        ),
      );
    },
  };
}

export async function runAgents(
  store: Store,
  sweep: Sweep,
  o: { agents: number; trainer?: string; isolation?: 'process' | 'inline'; signal?: AbortSignal; logger: Logger; progress: Progress },
): Promise<void> {
  // Per-run lines come from the progress reporter; the agent's own info lines would repeat them.
  const agentLogger: Logger = { info: (m) => o.logger.debug(m), warn: (m) => o.logger.warn(m), debug: (m) => o.logger.debug(m) };
  const pending: Promise<void>[] = [];
  const agents = Array.from({ length: o.agents }, () =>
    runAgent({
      store,
      sweep: sweep.id,
      trainer: o.trainer,
      isolation: o.isolation,
      signal: o.signal,
      logger: agentLogger,
      onRunEnd: (run) => void pending.push(o.progress.runEnded(store, sweep, run)),
    }),
  );
  await Promise.all(agents);
  await Promise.all(pending);
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

// ---------------------------------------------------------------------------------------------
// Commands

export interface ExperimentCommandOptions extends ReportOutputOptions {
  readonly store: string;
  readonly agents?: number;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

/** `kdlab experiment CONFIG.yaml`: Ctrl-C stops cleanly (runs killed, re-queued on resume). */
export async function experiment(configPath: string, options: ExperimentCommandOptions): Promise<ExperimentOutcome> {
  const config = await loadExperimentConfig(configPath);
  return withInterrupt(options.signal, (signal) => runExperiment(config, { ...options, signal }));
}

/** The experiment `kdlab demo` runs. */
export const DEMO_CONFIG = new URL('../../fixtures/experiments/demo.yaml', import.meta.url).pathname;
/** Where the demo keeps its runs: apart from .kdlab/runs.db, so it never mixes with a user's sweeps. */
export const DEMO_STORE = '.kdlab/demo.db';

/** `kdlab demo`: the demo experiment with the default store and one agent per core. */
export async function demo(options: Partial<ExperimentCommandOptions> = {}): Promise<ExperimentOutcome> {
  return experiment(DEMO_CONFIG, { ...options, store: options.store ?? DEMO_STORE });
}

/** Turns the first Ctrl-C into an abort (agents end their runs as killed); a second one exits at once. */
export async function withInterrupt<T>(outer: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (outer) return fn(outer);
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      // Second Ctrl-C: restore the default handler and let it end the process.
      process.off('SIGINT', onSigint);
      process.kill(process.pid, 'SIGINT');
      return;
    }
    process.stderr.write('\nstopping: the running runs end as killed and are re-queued on resume (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
