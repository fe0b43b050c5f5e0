import type { Command } from 'commander';
import { parseNumber } from '../options.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run the bundled demo: teacher + four distillation sweeps on digits, then the comparison report (≈5 min on 2 cores)')
    .option('--store <url>', 'run store: a .db file, sqlite:PATH, memory: or postgres://…', '.kdlab/demo.db')
    .option('--agents <n>', 'parallel agents (default: number of CPU cores)', parseNumber('--agents', { min: 1, integer: true }))
    .option('--out <dir>', 'report archive root', 'reports')
    .option('--no-html', 'print the tables only, write no report archive')
    .action(async (opts: { store: string; agents?: number; out: string; html: boolean }, cmd: Command) => {
      const { demo } = await import('../../experiment/run-experiment.js');
      const { ConsoleLogger } = await import('../../log/logger.js');
      await demo({
        ...opts,
        logger: new ConsoleLogger({ debug: Boolean(cmd.optsWithGlobals().debug) }),
        command: process.argv.slice(2).join(' '),
      });
    });
}
