/**
 * `kdlab experiment CONFIG` and `kdlab demo`: the teacher once, every declared sweep (resumed when
 * already in the store), one overall progress with an ETA, then the comparison report. Exit 130
 * after Ctrl-C (running runs end as killed and are re-queued when the same command runs again);
 * otherwise the report's exit code.
 */
import { availableParallelism } from 'node:os';
import { loadExperimentConfig } from '../experiment/config.js';
import type { ReportOutputOptions } from '../experiment/report.js';
import { runExperiment } from '../experiment/run-experiment.js';
import { EXIT_INTERRUPTED, type CommandContext, type ProgressMode } from './context.js';
import { withStore } from './with-store.js';

export interface ExperimentCommandOptions extends Pick<ReportOutputOptions, 'out' | 'html'> {
  /** Experiment YAML. */
  readonly config: string;
  /** Store URL (default .kdlab/runs.db). */
  readonly store?: string;
  /** Agents per sweep (default: the number of cores). */
  readonly agents?: number;
  /** Overrides every sweep's trainer (`fake` in tests). */
  readonly trainer?: string;
  /** 'process' (default): each run in its own process; 'inline': in this one (tests). */
  readonly isolation?: 'process' | 'inline';
  readonly progress?: ProgressMode;
}

export async function experiment(options: ExperimentCommandOptions, context: CommandContext): Promise<number> {
  const config = await loadExperimentConfig(options.config);
  const outcome = await withStore(context, options.store, {}, (store) =>
    runExperiment(store, config, {
      // The report reopens the store: by its path for SQLite, by the URL as given otherwise.
      storeUrl: store.url.startsWith('sqlite:') ? store.url : (options.store ?? store.url),
      agents: options.agents ?? availableParallelism(),
      trainer: options.trainer,
      isolation: options.isolation,
      signal: context.signal,
      logger: context.logger,
      progress: context.progress(options.progress),
      out: options.out,
      html: options.html,
      command: context.argv.join(' '),
      reportDate: context.now,
      stdout: context.stdout,
    }),
  );
  if (outcome.interrupted) return EXIT_INTERRUPTED;
  return outcome.report?.exitCode ?? 0;
}
