/**
 * The sweep commands as plain async functions (the CLI only parses flags and calls these):
 *
 *   createSweep   config file → validated SweepConfig → a Sweep in the store (+ its grid points)
 *   agent         one agent in this process until the sweep is done (runAgent)
 *   runSweep      createSweep (or resume) → N agent processes → progress until they end
 *
 * Samplers decide, stores record, trainers train: this module only wires them.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import cliProgress from 'cli-progress';
import type { RunRecord } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import { InternalError, UsageError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { openStore, parseStoreUrl } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { runAgent, enqueueGrid, prepareTrainer, type AgentSummary } from './agent.js';
import { distPath } from './dist-path.js';
import { loadSweepConfig, type SweepConfig } from './config.js';
import { formatStatusTable, formatValue, readSweepStatus, type SweepProgress } from './status.js';

export interface CreateSweepOptions {
  /** Path of the sweep YAML. */
  readonly config: string;
  /** Store URL (default .kdlab/runs.db) or an open Store. */
  readonly store?: string | Store;
  readonly logger?: Logger;
}

/** Creates a new sweep (a taken name gets a numeric suffix) and enqueues its grid points. */
export async function createSweep(options: CreateSweepOptions): Promise<Sweep> {
  const config = await loadSweepConfig(options.config);
  return withStore(options.store, async (store) => {
    const sweep = await store.createSweep({ name: await freeName(store, config.name), ...sweepFields(config) });
    await enqueueGrid({ store, sweep, config });
    options.logger?.debug(`created sweep ${sweep.name} (${sweep.id}) in ${store.url}`);
    return sweep;
  });
}

export interface AgentCommandOptions {
  readonly sweep: string;
  readonly store?: string | Store;
  readonly count?: number;
  readonly maxRetries?: number;
  readonly trainer?: string;
  /** CUDA_VISIBLE_DEVICES for this agent's runs. */
  readonly gpu?: string;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

export async function agent(options: AgentCommandOptions): Promise<AgentSummary> {
  return withStore(options.store, (store) =>
    runAgent({
      store,
      sweep: options.sweep,
      count: options.count,
      maxRetries: options.maxRetries,
      trainer: options.trainer,
      gpu: options.gpu,
      signal: options.signal,
      logger: options.logger,
    }),
  );
}

export interface RunSweepOptions {
  readonly config: string;
  /** Store URL shared by the agent processes (default .kdlab/runs.db); memory: cannot be shared. */
  readonly store?: string;
  /** Agent processes (default: the number of cores). */
  readonly agents?: number;
  readonly maxRetries?: number;
  readonly trainer?: string;
  /** GPUs to share out: agent i runs with CUDA_VISIBLE_DEVICES=gpus[i % gpus.length]. */
  readonly gpus?: readonly string[];
  /** 'bar' (a TTY), 'lines' (one line per ended run), 'none'. Default: bar on a TTY, else lines. */
  readonly progress?: 'bar' | 'lines' | 'none';
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** How often the progress is read from the store (default 1 s). */
  readonly pollMs?: number;
}

/**
 * Creates the sweep, or resumes the one of the same name and identical configuration, then runs
 * `agents` agent processes on it and reports progress until they end. Returns the final progress.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepProgress> {
  const logger = options.logger ?? silentLogger;
  const where = parseStoreUrl(options.store);
  if (where.engine === 'memory')
    throw new UsageError('a memory: store cannot be shared by agent processes; use a SQLite file or PostgreSQL');
  const storeArg = where.engine === 'sqlite' ? `sqlite:${where.path}` : where.url;
  const config = await loadSweepConfig(options.config);
  const agents = options.agents ?? availableParallelism();
  if (!Number.isInteger(agents) || agents < 1) throw new UsageError(`--agents must be a positive integer, got ${agents}`);

  // A missing program is one line before anything is recorded.
  if ((options.trainer ?? config.trainer) === 'command') await prepareTrainer('command', config.trainerSettings, logger);
  return withStore(storeArg, async (store) => {
    const sweep = await findOrCreate(store, config, logger);
    await enqueueGrid({ store, sweep, config });
    const trainer = options.trainer ?? config.trainer;
    if (trainer !== 'fake' && trainer !== 'command')
      logger.info(`preparing the ${trainer} trainer (the teacher is trained once and cached)…`);
    await prepareTrainer(trainer, config.trainerSettings, logger);
    if (options.signal?.aborted) {
      const [p] = await readSweepStatus(store, sweep.id);
      logger.info(`interrupted before any agent started; run the same command again to resume`);
      return p;
    }
    const mode = options.progress ?? (process.stderr.isTTY ? 'bar' : 'lines');
    const children: ChildProcess[] = [];
    const exits: Promise<number>[] = [];
    const args = ['agent', sweep.id, '--store', storeArg, '--quiet'];
    if (options.maxRetries !== undefined) args.push('--max-retries', String(options.maxRetries));
    if (options.trainer) args.push('--trainer', options.trainer);
    let interrupted = false;
    const onAbort = () => {
      interrupted = true;
      for (const c of children) if (c.exitCode === null) c.kill('SIGINT');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    for (let i = 0; i < agents; i++) {
      const gpu = options.gpus?.length ? ['--gpu', options.gpus[i % options.gpus.length]] : [];
      const child = fork(distPath('cli/main.js'), [...args, ...gpu], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      children.push(child);
      exits.push(new Promise((resolve) => child.on('exit', (code, sig) => resolve(code ?? (sig ? 128 : 1)))));
    }
    const reporter = createReporter(mode, logger, await store.listRuns({ sweep: sweep.id }));
    let all: number[] | undefined;
    void Promise.all(exits).then((codes) => (all = codes));
    const pollMs = options.pollMs ?? 1_000;
    try {
      while (all === undefined) {
        await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, pollMs))]);
        const [p] = await readSweepStatus(store, sweep.id);
        reporter.update(p, await store.listRuns({ sweep: sweep.id }));
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    const [final] = await readSweepStatus(store, sweep.id);
    reporter.update(final, await store.listRuns({ sweep: sweep.id }));
    reporter.stop();
    const failedAgents = all.filter((c) => c !== 0).length;
    if (failedAgents > 0 && !interrupted) {
      throw new InternalError(
        `${failedAgents} of ${agents} agent process${agents === 1 ? '' : 'es'} exited with an error (see above); ${final.done}/${final.total ?? '?'} runs done. Run \`kdlab sweep run\` again to resume.`,
      );
    }
    if (interrupted) logger.info(`interrupted: ${final.done}/${final.total ?? '?'} runs done; run the same command again to resume`);
    else logger.info(summaryLine(final));
    return final;
  });
}

function summaryLine(p: SweepProgress): string {
  const best = p.best ? `; best ${p.metric}=${formatValue(p.best.value)} (run ${p.best.run.name ?? p.best.run.id})` : '';
  return `sweep ${p.sweep}: ${p.done}/${p.total ?? p.done} done, ${p.finished} finished, ${p.pruned} pruned, ${p.failed} failed, ${p.crashed} crashed${best}`;
}

interface Reporter {
  update(p: SweepProgress, runs: readonly RunRecord[]): void;
  stop(): void;
}

/** `before`: runs that ended before this command started (a resumed sweep) are not reported again. */
function createReporter(mode: 'bar' | 'lines' | 'none', logger: Logger, before: readonly RunRecord[]): Reporter {
  if (mode === 'none') return { update() {}, stop() {} };
  if (mode === 'lines') {
    const seen = new Set(before.filter((r) => r.state !== 'pending' && r.state !== 'running').map((r) => r.id));
    return {
      update(p, runs) {
        const ended = runs.filter((r) => !seen.has(r.id) && r.state !== 'pending' && r.state !== 'running');
        // Several runs can end between two polls: number each line, not the batch's total.
        let done = p.done - ended.length;
        for (const r of ended) {
          seen.add(r.id);
          done += 1;
          const v = r.summary[p.metric];
          const value = typeof v === 'number' ? ` ${p.metric}=${formatValue(v)}` : r.error ? ` (${r.error})` : '';
          logger.info(`[${done}${p.total !== undefined ? `/${p.total}` : ''}] run ${r.name ?? r.id} ${r.state}${value}`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {value}/{total} done | {running} running | {failed} failed | best {best} | ETA {remaining}',
      hideCursor: true,
      stream: process.stderr,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  // ETA from this command's own pace: runs settled since it started, over the time it took.
  const t0 = Date.now();
  let done0: number | undefined;
  const eta = (p: SweepProgress): string => {
    done0 ??= p.done;
    const rate = (p.done - done0) / ((Date.now() - t0) / 1000);
    if (p.total === undefined || !(rate > 0)) return '-';
    return formatDuration((p.total - p.done) / rate);
  };
  return {
    update(p) {
      const payload = {
        running: p.running,
        failed: p.failed + p.crashed,
        best: p.best ? formatValue(p.best.value) : '-',
        remaining: eta(p),
      };
      if (!started) {
        bar.start(p.total ?? p.done, p.done, payload);
        started = true;
      }
      if (p.total === undefined) bar.setTotal(p.done);
      bar.update(p.done, payload);
    },
    stop: () => bar.stop(),
  };
}

export function formatDuration(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}

async function findOrCreate(store: Store, config: SweepConfig, logger: Logger): Promise<Sweep> {
  const existing = await store.getSweep(config.name);
  if (existing && isDeepStrictEqual(existing.config, config.raw)) {
    logger.info(`resuming sweep ${existing.name} (${existing.id})`);
    if (existing.state !== 'running') await store.setSweepState(existing.id, 'running');
    return existing;
  }
  const name = await freeName(store, config.name);
  if (existing) logger.info(`sweep ${config.name} exists with a different configuration; creating ${name}`);
  const sweep = await store.createSweep({ name, ...sweepFields(config) });
  logger.info(`created sweep ${sweep.name} (${sweep.id})`);
  return sweep;
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

async function withStore<T>(url: string | Store | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  if (url !== undefined && typeof url !== 'string') return fn(url);
  const store = await openStore(url);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `kdlab sweep status`: the status table of one sweep (with its best run's params) or of all. */
export async function sweepStatusCommand(options: { sweep?: string; store?: string | Store }): Promise<string> {
  return withStore(options.store, async (store) => {
    const rows = await readSweepStatus(store, options.sweep);
    if (options.sweep && rows.length === 0) throw new UsageError(`no sweep ${JSON.stringify(options.sweep)} in ${store.url}`);
    if (rows.length === 0) return `no sweeps in ${store.url}`;
    const lines = [formatStatusTable(rows)];
    if (options.sweep && rows[0].best)
      lines.push('', `best run ${rows[0].best.run.name ?? rows[0].best.run.id}: ${JSON.stringify(rows[0].best.run.params)}`);
    return lines.join('\n');
  });
}
