import type { Command } from 'commander';
import { parseNumber } from '../options.js';
import { onInterrupt } from './interrupt.js';

export function register(program: Command): void {
  program
    .command('agent')
    .description("run a sweep's runs until it is done (several agents may share a sweep, on several machines with PostgreSQL)")
    .argument('<sweep>', 'sweep id or name')
    .option('--count <n>', 'stop after N runs', parseNumber('--count', { min: 1, integer: true }))
    .option(
      '--max-retries <n>',
      "retries of a crashed run's config (default: the config's max_retries, 2)",
      parseNumber('--max-retries', { min: 0, integer: true }),
    )
    .option('--store <url>', 'run store: a SQLite file, sqlite:PATH, postgres://… (default .kdlab/runs.db)')
    .option('--trainer <name>', "override the config's trainer (distill, command, or fake for tests)")
    .option('--gpu <ids>', "GPU(s) for this agent's runs, set as CUDA_VISIBLE_DEVICES (e.g. 1)")
    .option('--quiet', 'print warnings only')
    .action(
      async (
        sweep: string,
        opts: { count?: number; maxRetries?: number; store?: string; trainer?: string; gpu?: string; quiet?: boolean },
        cmd: Command,
      ) => {
        const { agent } = await import('../../sweep/run-sweep.js');
        const { ConsoleLogger } = await import('../../log/logger.js');
        const stop = onInterrupt({ quiet: opts.quiet });
        try {
          const logger = new ConsoleLogger({ quiet: opts.quiet, debug: Boolean(cmd.optsWithGlobals().debug) });
          const summary = await agent({
            sweep,
            store: opts.store,
            count: opts.count,
            maxRetries: opts.maxRetries,
            trainer: opts.trainer,
            gpu: opts.gpu,
            signal: stop.signal,
            logger,
          });
          logger.info(
            `agent ${summary.worker}: ${summary.runs} run${summary.runs === 1 ? '' : 's'} (${
              Object.entries(summary.states)
                .map(([s, n]) => `${n} ${s}`)
                .join(', ') || 'nothing to do'
            })`,
          );
        } finally {
          stop.release();
        }
      },
    );
}
