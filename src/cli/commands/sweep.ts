import type { Command } from 'commander';
import { parseNumber } from '../options.js';
import { onInterrupt } from './interrupt.js';

const STORE_HELP = 'run store: a SQLite file, sqlite:PATH, postgres://… or memory: (default .kdlab/runs.db)';

export function register(program: Command): void {
  const sweep = program.command('sweep').description('Hyperparameter sweeps: W&B-style YAML, grid/random/TPE search, parallel agents');

  sweep
    .command('create')
    .description('create a sweep from a YAML config and print its id')
    .argument('<config>', 'sweep config (W&B sweep YAML plus kdlab keys)')
    .option('--store <url>', STORE_HELP)
    .action(async (config: string, opts: { store?: string }) => {
      const { createSweep } = await import('../../sweep/run-sweep.js');
      const created = await createSweep({ config, store: opts.store });
      process.stdout.write(`${created.id}\n`);
      process.stderr.write(
        `created sweep ${created.name}; run it with: kdlab agent ${created.id}${opts.store ? ` --store ${opts.store}` : ''}\n`,
      );
    });

  sweep
    .command('run')
    .description('create (or resume) a sweep and run it with N agent processes')
    .argument('<config>', 'sweep config (W&B sweep YAML plus kdlab keys)')
    .option('--agents <n>', 'agent processes (default: number of cores)', parseNumber('--agents', { min: 1, integer: true }))
    .option(
      '--max-retries <n>',
      "retries of a crashed run's config (default: the config's max_retries, 2)",
      parseNumber('--max-retries', { min: 0, integer: true }),
    )
    .option('--store <url>', 'run store shared by the agents: a SQLite file, sqlite:PATH or postgres://… (default .kdlab/runs.db)')
    .option('--gpus <ids>', 'GPUs to share out: agent i runs with CUDA_VISIBLE_DEVICES set to the (i mod n)-th, e.g. 0,1')
    .option('--no-progress', 'print one line per ended run instead of a progress bar')
    .action(
      async (
        config: string,
        opts: { agents?: number; maxRetries?: number; store?: string; gpus?: string; progress: boolean },
        cmd: Command,
      ) => {
        const { runSweep } = await import('../../sweep/run-sweep.js');
        const { ConsoleLogger } = await import('../../log/logger.js');
        const stop = onInterrupt();
        try {
          await runSweep({
            config,
            store: opts.store,
            agents: opts.agents,
            maxRetries: opts.maxRetries,
            ...(opts.gpus !== undefined
              ? {
                  gpus: opts.gpus
                    .split(',')
                    .map((g) => g.trim())
                    .filter((g) => g !== ''),
                }
              : {}),
            signal: stop.signal,
            progress: opts.progress ? undefined : 'lines',
            logger: new ConsoleLogger({ debug: Boolean(cmd.optsWithGlobals().debug) }),
          });
        } finally {
          stop.release();
        }
      },
    );

  sweep
    .command('status')
    .description('runs done/total, running, failed, crashed, pruned and the best so far, per sweep')
    .argument('[sweep]', 'sweep id or name (default: every sweep)')
    .option('--store <url>', STORE_HELP)
    .action(async (name: string | undefined, opts: { store?: string }) => {
      const { sweepStatusCommand } = await import('../../sweep/run-sweep.js');
      process.stdout.write(`${await sweepStatusCommand({ sweep: name, store: opts.store })}\n`);
    });
}
