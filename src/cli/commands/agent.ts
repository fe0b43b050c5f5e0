import type { Command } from 'commander';
import type { Runner } from '../main.js';
import { parseNumber, storeHelp } from '../options.js';

export function register(program: Command, run: Runner): void {
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
    .option('--store <url>', storeHelp())
    .option('--trainer <name>', "override the config's trainer (distill, command, or fake for tests)")
    .option('--gpu <ids>', "GPU(s) for this agent's runs, set as CUDA_VISIBLE_DEVICES (e.g. 1)")
    .option('--quiet', 'print warnings only')
    .action(
      async (
        sweep: string,
        o: { count?: number; maxRetries?: number; store?: string; trainer?: string; gpu?: string; quiet?: boolean },
        cmd: Command,
      ) => {
        const { quiet, ...rest } = o;
        await run(async () => (await import('../../commands/agent.js')).agent, { sweep, ...rest }, cmd, { interruptible: true, quiet });
      },
    );
}
