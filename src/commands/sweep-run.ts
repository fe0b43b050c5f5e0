/**
 * `kdlab sweep run CONFIG`: find or create the sweep (same name and configuration: resume), prepare
 * its trainer once, run N agent processes on it with one progress display. Exit 130 after Ctrl-C
 * (the running runs end as killed; the same command resumes them).
 */
import { availableParallelism } from 'node:os';
import { loadSweepConfig } from '../sweep/config.js';
import { runSweep } from '../sweep/run-sweep.js';
import { EXIT_INTERRUPTED, type CommandContext, type ProgressMode } from './context.js';
import { withStore } from './with-store.js';

export interface SweepRunOptions {
  readonly config: string;
  /** Store URL shared by the agent processes (default .kdlab/runs.db); memory: cannot be shared. */
  readonly store?: string;
  /** Agent processes (default: the number of cores). */
  readonly agents?: number;
  readonly maxRetries?: number;
  /** Overrides the config's trainer (`fake` in tests). */
  readonly trainer?: string;
  /** GPUs to share out: agent i runs with CUDA_VISIBLE_DEVICES=gpus[i % gpus.length]. */
  readonly gpus?: readonly string[];
  /** Default: the context's (a bar on a terminal, else one line per settled run). */
  readonly progress?: ProgressMode;
  /** How often the progress is read from the store (default 1 s). */
  readonly pollMs?: number;
}

export async function sweepRun(options: SweepRunOptions, context: CommandContext): Promise<number> {
  const config = await loadSweepConfig(options.config);
  const outcome = await withStore(context, options.store, {}, (store) =>
    runSweep(store, config, {
      // Agent processes reopen the store: a SQLite store by its absolute path, others by the URL as given.
      storeUrl: store.url.startsWith('sqlite:') ? store.url : (options.store ?? store.url),
      agents: options.agents ?? availableParallelism(),
      maxRetries: options.maxRetries,
      trainer: options.trainer,
      gpus: options.gpus,
      signal: context.signal,
      logger: context.logger,
      progress: context.progress(options.progress),
      pollMs: options.pollMs,
    }),
  );
  return outcome.interrupted ? EXIT_INTERRUPTED : 0;
}
