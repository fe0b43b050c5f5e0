import type { Command } from 'commander';
import type { Runner } from '../main.js';
import { parseNumber, storeHelp } from '../options.js';

export function register(program: Command, run: Runner): void {
  program
    .command('demo')
    .description(
      'Run the bundled demo: a teacher, labels-only and three distillation sweeps on 100 labelled digits, then the paired comparison report (under a minute on 2 cores)',
    )
    .option('--store <url>', storeHelp('.kdlab/demo.db'))
    .option('--agents <n>', 'parallel agents (default: number of CPU cores)', parseNumber('--agents', { min: 1, integer: true }))
    .option('--out <dir>', 'report archive root', 'reports')
    .option('--no-html', 'print the tables only, write no report archive')
    .action(async (o: { store?: string; agents?: number; out: string; html: boolean }, cmd: Command) => {
      await run(async () => (await import('../../commands/demo.js')).demo, o, cmd, { interruptible: true });
    });
}
