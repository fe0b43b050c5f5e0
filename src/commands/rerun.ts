/**
 * `kdlab rerun SWEEP… --top K --seeds M`: re-train the top-K configurations of each sweep with M
 * fresh seeds and measure the winner's curse (experiment/rerun.ts). Exit 130 after Ctrl-C (the
 * same command resumes); otherwise the report's exit code.
 */
import { availableParallelism } from 'node:os';
import { rerun as runRerun, type RerunOptions } from '../experiment/rerun.js';
import { EXIT_INTERRUPTED, type CommandContext, type ProgressMode } from './context.js';
import { withStore } from './with-store.js';

export interface RerunCommandOptions extends Pick<
  RerunOptions,
  'top' | 'seeds' | 'baseline' | 'alternative' | 'metric' | 'adjust' | 'alpha' | 'out' | 'html' | 'trainer' | 'isolation'
> {
  /** Sweep names or ids in the store. */
  readonly sweeps: readonly string[];
  readonly store?: string;
  /** Agents per sweep (default: the number of cores). */
  readonly agents?: number;
  readonly progress?: ProgressMode;
}

export async function rerun(options: RerunCommandOptions, context: CommandContext): Promise<number> {
  const { sweeps, store: url, agents, progress, ...rest } = options;
  const outcome = await withStore(context, url, {}, (store) =>
    runRerun(store, sweeps, {
      ...rest,
      storeUrl: store.url.startsWith('sqlite:') ? store.url : (url ?? store.url),
      agents: agents ?? availableParallelism(),
      signal: context.signal,
      logger: context.logger,
      progress: context.progress(progress),
      command: context.argv.join(' '),
      reportDate: context.now,
      stdout: context.stdout,
    }),
  );
  if (outcome.interrupted) return EXIT_INTERRUPTED;
  return outcome.report?.exitCode ?? 0;
}
