/**
 * `kdlab agent SWEEP`: this process runs the sweep's runs until it is done (or `count` runs).
 * Several agents may share a sweep, on several machines with PostgreSQL. Exit 130 after Ctrl-C.
 */
import { runAgent } from '../sweep/agent.js';
import { EXIT_INTERRUPTED, type CommandContext } from './context.js';
import { withStore } from './with-store.js';

export interface AgentCommandOptions {
  /** Sweep id or name. */
  readonly sweep: string;
  readonly store?: string;
  readonly count?: number;
  readonly maxRetries?: number;
  /** Overrides the config's trainer (`fake` in tests). */
  readonly trainer?: string;
  /** GPU(s) for this agent's runs, set as CUDA_VISIBLE_DEVICES. */
  readonly gpu?: string;
}

export async function agent(options: AgentCommandOptions, context: CommandContext): Promise<number> {
  const summary = await withStore(context, options.store, {}, (store) =>
    runAgent({
      store,
      sweep: options.sweep,
      count: options.count,
      maxRetries: options.maxRetries,
      trainer: options.trainer,
      gpu: options.gpu,
      signal: context.signal,
      logger: context.logger,
    }),
  );
  const states = Object.entries(summary.states)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  context.logger.info(`agent ${summary.worker}: ${summary.runs} run${summary.runs === 1 ? '' : 's'} (${states || 'nothing to do'})`);
  return context.signal.aborted ? EXIT_INTERRUPTED : 0;
}
