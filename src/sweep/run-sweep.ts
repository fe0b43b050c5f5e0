/**
 * Sweeps over an open Store (the commands open and close it):
 *
 *   createSweep        config → a new Sweep (a taken name gets a numeric suffix) + its grid points
 *   findOrCreateSweep  the one resume policy, shared by `kdlab sweep run`, experiments and demos
 *   runSweep           find or create → prepare the trainer once → N agent processes → progress
 *
 * Samplers decide, stores record, trainers train: this module only wires them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Progress } from '../commands/context.js';
import type { Sweep } from '../domain/sweep.js';
import { InternalError, UsageError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Store } from '../storage/store.js';
import { enqueueGrid, prepareTrainer } from './agent.js';
import { distPath } from './dist-path.js';
import type { SweepConfig } from './config.js';
import { readSweepStatus, type SweepProgress } from './status.js';
import { formatFixed } from '../render/format.js';
import { isDeepStrictEqual } from 'node:util';

/** Creates a new sweep (a taken name gets a numeric suffix) and enqueues its grid points. */
export async function createSweep(store: Store, config: SweepConfig, logger: Logger = silentLogger): Promise<Sweep> {
  const sweep = await store.createSweep({ name: await freeName(store, config.name), ...sweepFields(config) });
  await enqueueGrid({ store, sweep, config });
  logger.debug(`created sweep ${sweep.name} (${sweep.id}) in ${store.url}`);
  return sweep;
}

/**
 * The one find-or-create policy: the sweep of the config's name is resumed when its stored
 * configuration is identical (finished runs are kept; killed ones are re-queued by the agents);
 * otherwise — none of that name, or one with another configuration — a new sweep is created, under
 * the first free name `<name>`, `<name>-2`, `<name>-3`, … Grid points are enqueued either way
 * (idempotent: a resumed grid only gains points it lacks).
 */
export async function findOrCreateSweep(store: Store, config: SweepConfig, logger: Logger = silentLogger): Promise<Sweep> {
  const existing = await store.getSweep(config.name);
  if (existing && isDeepStrictEqual(existing.config, config.raw)) {
    const [p] = await readSweepStatus(store, existing.id);
    logger.info(`resuming sweep ${existing.name} (${existing.id}): ${p.done} run${p.done === 1 ? '' : 's'} already done`);
    if (existing.state !== 'running') await store.setSweepState(existing.id, 'running');
    await enqueueGrid({ store, sweep: existing, config });
    return existing;
  }
  const sweep = await createSweep(store, config, logger);
  if (existing) logger.info(`sweep ${config.name} exists with a different configuration; creating ${sweep.name}`);
  logger.info(`created sweep ${sweep.name} (${sweep.id}): ${config.method}, ${config.runCap ?? 'every grid point'} runs`);
  return sweep;
}

export interface RunSweepOptions {
  /**
   * The URL the agent processes open: the same store as `store`, which they share. Store.url hides a
   * PostgreSQL password, so the caller passes the URL as given.
   */
  readonly storeUrl: string;
  /** Agent processes (at least 1). */
  readonly agents: number;
  readonly maxRetries?: number;
  /** Overrides the config's trainer (`fake` in tests). */
  readonly trainer?: string;
  /** GPUs to share out: agent i runs with CUDA_VISIBLE_DEVICES=gpus[i % gpus.length]. */
  readonly gpus?: readonly string[];
  /** Aborting stops the agents: their running runs end as killed and are re-queued on resume. */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** One step per settled run. */
  readonly progress?: Progress;
  /** How often the progress is read from the store (default 1 s). */
  readonly pollMs?: number;
}

export interface RunSweepOutcome {
  readonly sweep: Sweep;
  readonly progress: SweepProgress;
  readonly interrupted: boolean;
}

/**
 * Finds or creates the sweep (findOrCreateSweep), prepares its trainer once, runs `agents` agent
 * processes on it and reports each settled run to `progress` until they end.
 */
export async function runSweep(store: Store, config: SweepConfig, options: RunSweepOptions): Promise<RunSweepOutcome> {
  const logger = options.logger ?? silentLogger;
  const { agents } = options;
  if (!Number.isInteger(agents) || agents < 1) throw new UsageError(`--agents must be a positive integer, got ${agents}`);
  if (store.url === 'memory:') throw new UsageError('a memory: store cannot be shared by agent processes; use a SQLite file or PostgreSQL');
  const trainer = options.trainer ?? config.trainer;
  // A missing program is one line before anything is recorded.
  if (trainer === 'command') await prepareTrainer(trainer, config.trainerSettings, logger);
  const sweep = await findOrCreateSweep(store, config, logger);
  if (trainer !== 'command') await prepareTrainer(trainer, config.trainerSettings, logger);
  if (options.signal?.aborted) {
    const [p] = await readSweepStatus(store, sweep.id);
    logger.info(`interrupted before any agent started; run the same command again to resume`);
    return { sweep, progress: p, interrupted: true };
  }
  const children: ChildProcess[] = [];
  const exits: Promise<number>[] = [];
  const args = ['agent', sweep.id, '--store', options.storeUrl, '--quiet'];
  if (options.maxRetries !== undefined) args.push('--max-retries', String(options.maxRetries));
  if (options.trainer) args.push('--trainer', options.trainer);
  const onAbort = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGINT');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  for (let i = 0; i < agents; i++) {
    const gpu = options.gpus?.length ? ['--gpu', options.gpus[i % options.gpus.length]] : [];
    const child = fork(distPath('cli/main.js'), [...args, ...gpu], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    children.push(child);
    exits.push(new Promise((resolve) => child.on('exit', (code, sig) => resolve(code ?? (sig ? 128 : 1)))));
  }
  const report = runReporter(store, sweep, options.progress);
  let all: number[] | undefined;
  void Promise.all(exits).then((codes) => (all = codes));
  const pollMs = options.pollMs ?? 1_000;
  let final: SweepProgress;
  try {
    await report.begin();
    while (all === undefined) {
      await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, pollMs))]);
      await report.poll();
    }
    final = await report.poll();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Also on an error: a bar left running would keep the process alive.
    options.progress?.stop();
  }
  const interrupted = options.signal?.aborted ?? false;
  const failedAgents = all.filter((c) => c !== 0).length;
  if (failedAgents > 0 && !interrupted) {
    throw new InternalError(
      `${failedAgents} of ${agents} agent process${agents === 1 ? '' : 'es'} exited with an error (see above); ${final.done}/${final.total ?? '?'} runs done. Run \`kdlab sweep run\` again to resume.`,
    );
  }
  if (interrupted) logger.info(`interrupted: ${final.done}/${final.total ?? '?'} runs done; run the same command again to resume`);
  else logger.info(summaryLine(final));
  return { sweep, progress: final, interrupted };
}

/**
 * Reads the sweep from the store and tells `progress` about each run that ended since the last
 * read. Runs that ended before `begin` (a resumed sweep) are not reported again.
 */
function runReporter(store: Store, sweep: Sweep, progress: Progress | undefined) {
  const seen = new Set<string>();
  const ended = (state: string) => state !== 'pending' && state !== 'running';
  return {
    async begin(): Promise<void> {
      const [p] = await readSweepStatus(store, sweep.id);
      for (const r of await store.listRuns({ sweep: sweep.id })) if (ended(r.state)) seen.add(r.id);
      progress?.start(p.total, 'runs');
      progress?.update(p.done);
    },
    async poll(): Promise<SweepProgress> {
      const [p] = await readSweepStatus(store, sweep.id);
      const fresh = (await store.listRuns({ sweep: sweep.id })).filter((r) => !seen.has(r.id) && ended(r.state));
      // Several runs can end between two polls: number each line, not the batch's total.
      let done = p.done - fresh.length;
      for (const r of fresh) {
        seen.add(r.id);
        done += 1;
        progress?.update(done, runLine(p, r));
      }
      progress?.update(p.done);
      return p;
    },
  };
}

/** One settled run as a progress line: its name, state, metric (or error) and the sweep's best so far. */
export function runLine(
  p: SweepProgress,
  r: { name?: string; id: string; state: string; summary: Record<string, unknown>; error?: string },
): string {
  const v = r.summary[p.metric];
  const value = typeof v === 'number' ? ` ${p.metric}=${formatFixed(v)}` : r.error ? ` (${r.error})` : '';
  const best = p.best ? `, best ${formatFixed(p.best.value)}` : '';
  return `${p.sweep}: run ${r.name ?? r.id} ${r.state}${value}${best}`;
}

function summaryLine(p: SweepProgress): string {
  const best = p.best ? `; best ${p.metric}=${formatFixed(p.best.value)} (run ${p.best.run.name ?? p.best.run.id})` : '';
  return `sweep ${p.sweep}: ${p.done}/${p.total ?? p.done} done, ${p.finished} finished, ${p.pruned} pruned, ${p.failed} failed, ${p.crashed} crashed${best}`;
}

function sweepFields(config: SweepConfig) {
  return {
    method: config.method,
    metric: { name: config.metric.name, goal: config.metric.goal },
    config: config.raw,
    seed: config.seed,
  };
}

async function freeName(store: Store, name: string): Promise<string> {
  if (!(await store.getSweep(name))) return name;
  for (let i = 2; ; i++) if (!(await store.getSweep(`${name}-${i}`))) return `${name}-${i}`;
}
