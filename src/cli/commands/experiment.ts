import type { Command } from 'commander';
import type { Runner } from '../main.js';
import { parseNumber, storeHelp } from '../options.js';

export function register(program: Command, run: Runner): void {
  program
    .command('experiment')
    .description('Run an experiment: the teacher once, every declared sweep (resumable), then the comparison report')
    .argument('<config>', 'experiment YAML (see fixtures/experiments/)')
    .option('--store <url>', storeHelp())
    .option('--agents <n>', 'parallel agents (default: number of CPU cores)', parseNumber('--agents', { min: 1, integer: true }))
    .option('--out <dir>', 'report archive root', 'reports')
    .option('--no-html', 'print the tables only, write no report archive')
    .action(async (config: string, o: { store?: string; agents?: number; out: string; html: boolean }, cmd: Command) => {
      await run(async () => (await import('../../commands/experiment.js')).experiment, { config, ...o }, cmd, { interruptible: true });
    });
}
