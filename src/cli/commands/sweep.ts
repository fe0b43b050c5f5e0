import type { Command } from 'commander';
import type { Runner } from '../main.js';
import { parseList, parseNumber, storeHelp } from '../options.js';

export function register(program: Command, run: Runner): void {
  const sweep = program.command('sweep').description('Hyperparameter sweeps: W&B-style YAML, grid/random/TPE search, parallel agents');

  sweep
    .command('create')
    .description('create a sweep from a YAML config and print its id')
    .argument('<config>', 'sweep config (W&B sweep YAML plus kdlab keys)')
    .option('--store <url>', storeHelp())
    .action(async (config: string, o: { store?: string }, cmd: Command) => {
      await run(async () => (await import('../../commands/sweep-create.js')).sweepCreate, { config, ...o }, cmd);
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
    .option('--store <url>', `${storeHelp()}; shared by the agents, so not memory:`)
    .option('--gpus <ids>', 'GPUs to share out: agent i runs with CUDA_VISIBLE_DEVICES set to the (i mod n)-th, e.g. 0,1', parseList)
    .option('--no-progress', 'print one line per ended run instead of a progress bar')
    .action(
      async (
        config: string,
        o: { agents?: number; maxRetries?: number; store?: string; gpus?: string[]; progress: boolean },
        cmd: Command,
      ) => {
        const { progress, ...rest } = o;
        await run(
          async () => (await import('../../commands/sweep-run.js')).sweepRun,
          { config, ...rest, ...(progress ? {} : { progress: 'lines' as const }) },
          cmd,
          { interruptible: true },
        );
      },
    );

  sweep
    .command('status')
    .description('runs done/total, running, failed, crashed, pruned and the best so far, per sweep')
    .argument('[sweep]', 'sweep id or name (default: every sweep)')
    .option('--store <url>', storeHelp())
    .action(async (name: string | undefined, o: { store?: string }, cmd: Command) => {
      await run(async () => (await import('../../commands/sweep-status.js')).sweepStatus, { sweep: name, ...o }, cmd);
    });
}
