/**
 * An agent runs a sweep's runs one after another until the sweep is done, `count` runs are done, or
 * it is stopped. Several agents (processes, machines) may work on one sweep: they coordinate only
 * through the Store.
 *
 * One agent's loop:
 *   1. reap: runs whose heartbeat is stale become crashed and are re-enqueued (store, one transaction)
 *   2. claim a pending run (a grid point, a retry, a re-queued killed run) atomically, or
 *   3. ask the sampler for new params and add them as a run this agent holds, under the run cap
 *      (the count and the insert share one transaction, and a slot's key is unique, so concurrent
 *      agents never overshoot the cap or take the same slot);
 *   4. train it in the agent's training process (worker.ts, kept warm across runs: training-process.ts),
 *      heartbeating and writing each epoch as it arrives, asking hyperband after each epoch whether to stop;
 *   5. record the outcome: finished, pruned, failed (the trainer threw; a sweep program's non-zero
 *      exit is re-enqueued up to maxRetries), crashed (the child died; re-enqueued up to maxRetries)
 *      or killed (Ctrl-C; re-enqueued when the sweep resumes), with the run's log when it has one.
 * The command trainer runs in this process: its program is already a child process (in its own
 * process group), and this process's event loop stays free for heartbeats.
 * With nothing to claim or add while other agents still train, it waits: one of those may crash
 * and need a retry.
 */
import { fork } from 'node:child_process';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { EpochLog, Params, ParamValue, RunRecord, RunState } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import type { RunResult, Trainer } from '../domain/trainer.js';
import { DataError, InternalError, quote, UsageError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { messages } from '../log/messages.js';
import { RunClosedError, type NewRun, type Store } from '../storage/store.js';
import { createRng } from '../util/rng.js';
import { envMs } from '../util/env.js';
import { validateSweepConfig, type SweepConfig, type TrainerSettings } from './config.js';
import { formatDuration } from '../render/format.js';
import { distPath } from './dist-path.js';
import { hyperbandDecision } from './hyperband.js';
import { gridPoints, samplers, type History } from './samplers/index.js';
import { paramsKey } from './space.js';
import { sweepProgress } from './status.js';
import { trainers } from './trainers.js';
import { ProgramFailedError } from './command/command-trainer.js';
import type { FromWorker, ToWorker, WorkerStats } from './worker-protocol.js';
import { TrainingProcess, workerRunsFromEnv } from './training-process.js';
import { formatFixed } from '../render/format.js';

export interface AgentOptions {
  readonly store: Store;
  /** Sweep id or name. */
  readonly sweep: string;
  /** Stop after this many runs (any outcome); default: until the sweep is done. */
  readonly count?: number;
  /** Name of this agent in the store (default host:pid:random). */
  readonly worker?: string;
  /** Overrides the config's `trainer` (e.g. 'fake' in tests). */
  readonly trainer?: string;
  /** Retries of a crashed run's config; default the config's max_retries (2). */
  readonly maxRetries?: number;
  /** Heartbeat period (default 5 s, env KDLAB_HEARTBEAT_MS). */
  readonly heartbeatMs?: number;
  /** A running run without a heartbeat for this long is crashed (default: the sweep's `stale_after`, else env KDLAB_STALE_MS, else 60 s). */
  readonly staleMs?: number;
  /** How often an idle agent looks again while other agents train (default 1 s). */
  readonly pollMs?: number;
  /**
   * 'process': runs in a child process, one kept warm across runs (training-process.ts); 'inline': in
   * this process (library use).
   * Default: inline for the command trainer (its program is the child), else process.
   */
  readonly isolation?: 'process' | 'inline';
  /** GPU(s) for this agent's runs, as CUDA_VISIBLE_DEVICES (e.g. '1'). */
  readonly gpu?: string;
  /** Runs one training process trains before it is replaced (default env KDLAB_WORKER_RUNS, else 50; 1: a fresh process per run). */
  readonly workerRuns?: number;
  /** Debug hook: told what each run ended in a training process left there (its pid, runs, live tensors). */
  readonly onWorkerStats?: (stats: WorkerStats) => void;
  /** Aborting stops the agent: the running run ends as killed. */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** Called after each run this agent ends. */
  readonly onRunEnd?: (run: RunRecord) => void;
}

export interface AgentSummary {
  readonly worker: string;
  readonly runs: number;
  readonly states: Readonly<Partial<Record<RunState, number>>>;
  /** Pids of the training processes this agent started, in order (none with inline isolation). */
  readonly workerPids: readonly number[];
}

export function defaultWorkerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export async function runAgent(options: AgentOptions): Promise<AgentSummary> {
  const { store } = options;
  const logger = options.logger ?? silentLogger;
  const worker = options.worker ?? defaultWorkerName();
  const heartbeatMs = options.heartbeatMs ?? envMs('KDLAB_HEARTBEAT_MS', 5_000);
  // An agent with nothing to claim while another finishes its last run waits this long between
  // looks: at 1 s, the end of a sweep of short runs waited up to a second for nothing.
  const pollMs = options.pollMs ?? Math.min(200, heartbeatMs);
  const sweep = await store.getSweep(options.sweep);
  if (!sweep) throw new UsageError(`no sweep ${quote(options.sweep)} in ${store.url}; create one with \`kdlab sweep create CONFIG.yaml\``);
  if (sweep.method === 'import') throw new UsageError(`sweep ${sweep.name} holds imported runs; there is nothing to search`);
  const config = validateSweepConfig(sweep.config, { defaultName: sweep.name });
  // This agent's option, then the sweep's `stale_after`, then the environment, then a minute.
  const staleMs = options.staleMs ?? config.staleAfterMs ?? envMs('KDLAB_STALE_MS', 60_000);
  const ctx: Ctx = {
    store,
    sweep,
    config,
    worker,
    logger,
    heartbeatMs,
    pollMs,
    maxRetries: options.maxRetries ?? config.maxRetries,
    trainer: options.trainer ?? config.trainer,
    isolation: options.isolation ?? ((options.trainer ?? config.trainer) === 'command' ? 'inline' : 'process'),
    signal: options.signal,
    gpu: options.gpu,
  };
  trainers.get(ctx.trainer); // an unknown name fails before any run is claimed
  // A missing program too: one line here, not one failed run per config.
  if (ctx.trainer === 'command') await prepareTrainer(ctx.trainer, config.trainerSettings, logger);

  await enqueueGrid(ctx);

  if (ctx.isolation === 'process')
    ctx.process = new TrainingProcess({
      trainer: ctx.trainer,
      settings: config.trainerSettings,
      logger,
      maxRuns: Math.max(1, options.workerRuns ?? workerRunsFromEnv()),
      ...(options.gpu !== undefined ? { gpu: options.gpu } : {}),
      ...(options.onWorkerStats ? { onStats: options.onWorkerStats } : {}),
    });
  const states: Partial<Record<RunState, number>> = {};
  let runs = 0;
  try {
    while (!options.signal?.aborted && (options.count === undefined || runs < options.count)) {
      await store.markStaleRunsCrashed(staleMs, { sweep: sweep.id, maxRetries: ctx.maxRetries });
      const run =
        (await store.claimRun(sweep.id, worker)) ??
        ((await requeueKilled(ctx)) > 0 ? await store.claimRun(sweep.id, worker) : undefined) ??
        (await addSampledRun(ctx));
      if (!run) {
        const counts = await store.countRuns({ sweep: sweep.id });
        if (counts.running === 0 && counts.pending === 0) break;
        await sleep(pollMs, options.signal);
        continue;
      }
      const ended = await executeRun(ctx, run);
      runs++;
      if (ended) {
        states[ended.state] = (states[ended.state] ?? 0) + 1;
        options.onRunEnd?.(ended);
      }
    }
  } finally {
    // The warm training process ends with the agent's loop, also when the loop fails.
    await ctx.process?.close();
  }
  if (!options.signal?.aborted && (await isSweepDone(ctx))) await store.setSweepState(sweep.id, 'finished');
  return { worker, runs, states, workerPids: ctx.process?.pids ?? [] };
}

interface Ctx {
  readonly store: Store;
  readonly sweep: Sweep;
  readonly config: SweepConfig;
  readonly worker: string;
  readonly logger: Logger;
  readonly heartbeatMs: number;
  readonly pollMs: number;
  readonly maxRetries: number;
  readonly trainer: string;
  readonly isolation: 'process' | 'inline';
  readonly signal?: AbortSignal;
  readonly gpu?: string;
  /** The warm training process of 'process' isolation. */
  process?: TrainingProcess;
}

// ---------------------------------------------------------------------------------------------
// Deciding what to run

/** Params every run of the sweep gets besides the searched ones. */
export function runParams(config: SweepConfig, searched: Params): Params {
  const seed: Record<string, ParamValue> = config.space.params.some((p) => p.name === 'seed') ? {} : { seed: config.seed };
  return { ...config.fixed, ...seed, ...searched };
}

/** Grid points are enqueued up front, keyed by their canonical params: idempotent across agents and restarts. */
export async function enqueueGrid(ctx: Pick<Ctx, 'store' | 'sweep' | 'config'>): Promise<number> {
  if (ctx.config.method !== 'grid') return 0;
  const names = ctx.config.space.params.map((p) => p.name);
  const runs: NewRun[] = gridPoints(ctx.config.space).map((p, i) => ({
    params: runParams(ctx.config, p),
    name: `${ctx.sweep.name}-${i + 1}`,
    key: `grid:${paramsKey(p, names)}`,
    attempt: 1,
  }));
  const added = await ctx.store.addRuns(ctx.sweep.id, runs, ctx.config.runCap !== undefined ? { cap: ctx.config.runCap } : {});
  return added.length;
}

/**
 * A killed run (Ctrl-C) is not a verdict on its config: put it back as the next attempt, when an
 * agent resumes the sweep or another agent still works on it. Idempotent: (key, attempt) is unique.
 */
async function requeueKilled(ctx: Ctx): Promise<number> {
  const runs = await ctx.store.listRuns({ sweep: ctx.sweep.id });
  const attempts = new Set(runs.map((r) => `${r.key}#${r.attempt ?? 1}`));
  const again = runs
    .filter((r) => r.state === 'killed' && r.key !== undefined && !attempts.has(`${r.key}#${(r.attempt ?? 1) + 1}`))
    .map((r): NewRun => ({ params: r.params, ...(r.name ? { name: r.name } : {}), key: r.key, attempt: (r.attempt ?? 1) + 1 }));
  if (again.length === 0) return 0;
  const added = await ctx.store.addRuns(ctx.sweep.id, again);
  if (added.length > 0) ctx.logger.info(`re-queued ${added.length} run${added.length === 1 ? '' : 's'} killed by an interruption`);
  return added.length;
}

/** Trials as samplers see them, with the metric as value. */
export function toHistory(config: SweepConfig, runs: readonly RunRecord[]): History {
  return {
    goal: config.metric.goal,
    trials: runs.map((r) => {
      const v = r.summary[config.metric.name];
      return { params: r.params, state: r.state, ...(typeof v === 'number' ? { value: v } : {}) };
    }),
  };
}

/** Seed of the sampler for slot i: a slot's draw does not depend on which agent made it. */
export function slotSeed(seed: number, slot: number): number {
  return (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(slot + 1, 0x85ebca6b)) >>> 0;
}

async function addSampledRun(ctx: Ctx): Promise<RunRecord | undefined> {
  const { store, sweep, config } = ctx;
  if (config.method === 'grid') return undefined; // every point was enqueued up front
  for (let tries = 0; tries < 20; tries++) {
    const runs = await store.listRuns({ sweep: sweep.id });
    const slots = runs.filter((r) => (r.attempt ?? 1) === 1).length;
    if (config.runCap !== undefined && slots >= config.runCap) return undefined;
    if (targetReached(config, runs)) return undefined;
    const next = samplers.get(config.method).next(config.space, toHistory(config, runs), createRng(slotSeed(config.seed, slots)));
    if (next === 'done') return undefined;
    const added = await store.addRuns(
      sweep.id,
      [
        {
          params: runParams(config, next),
          name: `${sweep.name}-${slots + 1}`,
          key: `slot:${slots}`,
          attempt: 1,
          state: 'running',
          worker: ctx.worker,
        },
      ],
      config.runCap !== undefined ? { cap: config.runCap } : {},
    );
    if (added.length > 0) return added[0];
    // Another agent took this slot (or the cap) first: look again.
  }
  return undefined;
}

function targetReached(config: SweepConfig, runs: readonly RunRecord[]): boolean {
  const target = config.metric.target;
  if (target === undefined) return false;
  return runs.some((r) => {
    const v = r.summary[config.metric.name];
    return r.state === 'finished' && typeof v === 'number' && (config.metric.goal === 'maximize' ? v >= target : v <= target);
  });
}

async function isSweepDone(ctx: Ctx): Promise<boolean> {
  const runs = await ctx.store.listRuns({ sweep: ctx.sweep.id });
  const p = sweepProgress(ctx.sweep, runs);
  if (p.pending > 0 || p.running > 0) return false;
  if (targetReached(ctx.config, runs)) return true;
  return p.total !== undefined && p.done >= p.total;
}

// ---------------------------------------------------------------------------------------------
// Running one run

type Outcome =
  | { kind: 'result'; result: RunResult; pruned: boolean }
  | { kind: 'error'; message: string; log?: string; retryable?: boolean }
  | { kind: 'crash'; message: string }
  | { kind: 'killed' };

/** Trains a claimed run and records its end; undefined when the store took the run away (stale). */
async function executeRun(ctx: Ctx, run: RunRecord): Promise<RunRecord | undefined> {
  const { store, logger } = ctx;
  const label = run.name ?? run.id;
  logger.debug(`run ${label}: ${JSON.stringify(run.params)}`);
  let lost = false;
  // Stops this run's training: Ctrl-C (the agent's signal) or the store taking the run away.
  const stopRun = new AbortController();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, stopRun.signal]) : stopRun.signal;
  const beat = setInterval(() => {
    store.heartbeat(run.id).catch((err) => {
      if (err instanceof RunClosedError) {
        lost = true;
        stopRun.abort();
      } else logger.warn(messages.heartbeatFailed(label, (err as Error).message));
    });
  }, ctx.heartbeatMs);
  let pruned = false;
  const onEpoch = async (log: EpochLog): Promise<boolean> => {
    await store.appendHistory(run.id, log);
    const et = ctx.config.earlyTerminate;
    if (!et) return false;
    const all = await store.listRuns({ sweep: ctx.sweep.id, withHistory: true });
    const own = all.find((r) => r.id === run.id)?.history ?? [log];
    const others = all.filter((r) => r.id !== run.id).map((r) => r.history ?? []);
    const d = hyperbandDecision(et, ctx.config.metric, own, others);
    if (d.stop) {
      pruned = true;
      logger.debug(`run ${label}: pruned at iteration ${d.band} (${ctx.config.metric.name} below ${d.threshold})`);
    }
    return d.stop;
  };
  let outcome: Outcome;
  try {
    outcome =
      ctx.isolation === 'inline' ? await trainInline(ctx, run, onEpoch, signal) : await trainInChild(ctx, run.params, onEpoch, signal);
  } catch (err) {
    clearInterval(beat);
    if (err instanceof RunClosedError) lost = true;
    else throw err;
    outcome = { kind: 'crash', message: 'the store closed the run' };
  }
  clearInterval(beat);
  if (lost) {
    logger.warn(messages.runLost(label));
    return undefined;
  }
  try {
    const ended = await recordOutcome(ctx, run, outcome, pruned);
    return ended;
  } catch (err) {
    if (err instanceof RunClosedError) {
      logger.warn(messages.runEndedElsewhere(label, err.state));
      return undefined;
    }
    throw err;
  }
}

async function recordOutcome(ctx: Ctx, run: RunRecord, outcome: Outcome, pruned: boolean): Promise<RunRecord> {
  const { store, logger, config } = ctx;
  const label = run.name ?? run.id;
  switch (outcome.kind) {
    case 'result': {
      const r = outcome.result;
      const state: RunState = pruned && r.stoppedEarly ? 'pruned' : 'finished';
      const ended = await store.finishRun(run.id, {
        state,
        summary: r.summary,
        backend: r.backend,
        device: r.device,
        wallTimeS: r.wallTimeS,
        ...(r.log !== undefined ? { log: r.log } : {}),
      });
      const v = r.summary[config.metric.name];
      logger.info(`run ${label} ${state}: ${config.metric.name}=${typeof v === 'number' ? formatFixed(v) : 'n/a'}`);
      return ended;
    }
    case 'error': {
      logger.warn(messages.runFailed(label, outcome.message));
      const ended = await store.finishRun(run.id, {
        state: 'failed',
        error: outcome.message,
        ...(outcome.log !== undefined ? { log: outcome.log } : {}),
      });
      if (outcome.retryable) await retry(ctx, run, 'failed');
      return ended;
    }
    case 'killed':
      logger.info(`run ${label} killed (interrupted)`);
      return store.finishRun(run.id, { state: 'killed', error: 'interrupted' });
    case 'crash': {
      const ended = await store.finishRun(run.id, { state: 'crashed', error: outcome.message });
      await retry(ctx, run, `crashed (${outcome.message})`);
      return ended;
    }
  }
}

/** Re-enqueues a run's config as its next attempt while retries are left. */
async function retry(ctx: Ctx, run: RunRecord, state: string): Promise<void> {
  const label = run.name ?? run.id;
  const attempt = run.attempt ?? 1;
  if (attempt <= ctx.maxRetries && run.key !== undefined) {
    await ctx.store.addRun(ctx.sweep.id, {
      params: run.params,
      ...(run.name ? { name: run.name } : {}),
      key: run.key,
      attempt: attempt + 1,
    });
    ctx.logger.warn(messages.runRetried(label, state, attempt + 1, ctx.maxRetries + 1));
  } else {
    ctx.logger.warn(messages.runGaveUp(label, state));
  }
}

/** What a run's trainer sees of where it runs: the command trainer passes it to its program. */
function runEnv(ctx: Ctx, run: RunRecord): Record<string, string> {
  return {
    KDLAB_RUN_ID: run.id,
    KDLAB_SWEEP: ctx.sweep.name,
    ...(ctx.gpu !== undefined ? { CUDA_VISIBLE_DEVICES: ctx.gpu } : {}),
  };
}

async function trainInline(ctx: Ctx, run: RunRecord, onEpoch: (log: EpochLog) => Promise<boolean>, signal: AbortSignal): Promise<Outcome> {
  let trainer: Trainer;
  const settings = ctx.config.trainerSettings;
  try {
    trainer = await trainers.get(ctx.trainer)(
      settings.program ? { ...settings, program: { ...settings.program, env: runEnv(ctx, run) } } : settings,
      ctx.logger,
    );
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
  try {
    const result = await trainer.fit(run.params, { signal, onEpochEnd: async (log) => ((await onEpoch(log)) ? 'stop' : undefined) });
    return { kind: 'result', result, pruned: false };
  } catch (err) {
    if (signal.aborted) return { kind: 'killed' };
    if (err instanceof RunClosedError) throw err;
    if (err instanceof ProgramFailedError) return { kind: 'error', message: err.message, log: err.log, retryable: err.retryable };
    return { kind: 'error', message: (err as Error).message };
  }
}

async function trainInChild(ctx: Ctx, params: Params, onEpoch: (log: EpochLog) => Promise<boolean>, signal: AbortSignal): Promise<Outcome> {
  if (!ctx.process) throw new InternalError('process isolation without a training process');
  const o = await ctx.process.train(params, onEpoch, signal);
  return o.kind === 'result' ? { kind: 'result', result: o.result, pruned: false } : o;
}

/**
 * Prepares a trainer once, before any agent starts: for the distillation trainer that trains the
 * teacher (or loads it from the cache) and caches its model and logits on disk, where every run's
 * process then finds it. So N agents never race to train the same teacher, and a trainer that cannot
 * start (a missing dataset) stops the sweep with one error instead of failing every run.
 *
 * 'process' (default) builds it in a worker process, so this one never loads TensorFlow.js;
 * 'inline' builds it here (tests, library use without a build).
 */
export async function prepareTrainer(
  trainer: string,
  settings: TrainerSettings,
  logger: Logger,
  options: { readonly isolation?: 'process' | 'inline'; readonly now?: () => number } = {},
): Promise<void> {
  // The command trainer only checks its program: nothing worth a process.
  if (trainer === 'command') return void (await trainers.get(trainer)(settings, logger));
  const now = options.now ?? Date.now;
  const t0 = now();
  const d = settings.dataset ?? 'digits';
  const t = settings.teacher ?? {};
  const teacher =
    [
      t.arch === 'cnn' ? `cnn${t.conv_filters !== undefined ? ` ${t.conv_filters} filters` : ''}` : undefined,
      t.hidden ? `hidden ${t.hidden.join('-')}` : undefined,
      t.ensemble !== undefined && t.ensemble > 1 ? `ensemble of ${t.ensemble}` : undefined,
    ]
      .filter((part) => part !== undefined)
      .join(', ') || 'default architecture';
  if (trainer === 'distill')
    logger.info(`teacher (${teacher}) on ${typeof d === 'string' ? d : d.csv}: training it once, or loading it from the cache`);
  if (options.isolation === 'inline') await trainers.get(trainer)(settings, logger);
  else await prepareInChild(trainer, settings, logger);
  if (trainer === 'distill') logger.info(`teacher ready in ${formatDuration((now() - t0) / 1000)}`);
}

function prepareInChild(trainer: string, settings: TrainerSettings, logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(distPath('sweep/worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    let error: { message: string; name: string } | undefined;
    let prepared = false;
    child.on('message', (msg: FromWorker) => {
      if (msg.type === 'prepared') prepared = true;
      else if (msg.type === 'error') error = msg;
      else if (msg.type === 'log') logger[msg.level](msg.message);
    });
    child.on('error', reject);
    child.on('exit', (code, killedBy) => {
      if (prepared) return resolve();
      if (error)
        return reject(
          error.name === 'DataError' ? new DataError(error.message) : new UsageError(`trainer ${trainer} cannot start: ${error.message}`),
        );
      reject(
        new InternalError(
          `trainer ${trainer}: the preparing process ${killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`}`,
        ),
      );
    });
    child.send({ type: 'prepare', trainer, settings } satisfies ToWorker);
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
