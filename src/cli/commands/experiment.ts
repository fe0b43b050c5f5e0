import type { Command } from 'commander';
import { parseNumber } from '../options.js';

export function register(program: Command): void {
  program
    .command('experiment')
    .description('Run an experiment: the teacher once, every declared sweep (resumable), then the comparison report')
    .argument('<config>', 'experiment YAML (see fixtures/experiments/)')
    .option('--store <url>', 'run store: a .db file, sqlite:PATH, memory: or postgres://…', '.kdlab/runs.db')
    .option('--agents <n>', 'parallel agents (default: number of CPU cores)', parseNumber('--agents', { min: 1, integer: true }))
    .option('--out <dir>', 'report archive root', 'reports')
    .option('--no-html', 'print the tables only, write no report archive')
    .action(async (config: string, opts: { store: string; agents?: number; out: string; html: boolean }, cmd: Command) => {
      const { experiment } = await import('../../experiment/run-experiment.js');
      const { ConsoleLogger } = await import('../../log/logger.js');
      await experiment(config, {
        ...opts,
        logger: new ConsoleLogger({ debug: Boolean(cmd.optsWithGlobals().debug) }),
        command: process.argv.slice(2).join(' '),
      });
    });
}
