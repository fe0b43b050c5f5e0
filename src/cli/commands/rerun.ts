import { Option, type Command } from 'commander';
import { ALTERNATIVES, type Alternative } from '../../domain/metric.js';
import type { Runner } from '../main.js';
import { parseNumber, storeHelp } from '../options.js';

export function register(program: Command, run: Runner): void {
  program
    .command('rerun')
    .description("Re-train the top-K configs of each sweep with M fresh seeds and measure the winner's curse")
    .argument('<sweeps...>', 'sweep names or ids in the store (several: their re-runs are compared)')
    .requiredOption('--top <k>', 'configurations per sweep', parseNumber('--top', { min: 1, integer: true }))
    .requiredOption('--seeds <m>', 'fresh seeds per configuration', parseNumber('--seeds', { min: 2, integer: true }))
    .option('--store <url>', storeHelp())
    .option('--agents <n>', 'parallel agents (default: number of CPU cores)', parseNumber('--agents', { min: 1, integer: true }))
    .option('--baseline <sweep>', 'compare every sweep with this one (default: all pairs)')
    .addOption(
      new Option('--alternative <h1>', 'alternative hypothesis; greater means H1: sweep > baseline')
        .choices(ALTERNATIVES)
        .default('two-sided'),
    )
    .option('--metric <name>', "metric to select and compare by (default: the sweep's)")
    .option('--out <dir>', 'report archive root', 'reports')
    .option('--no-html', 'print the tables only, write no report archive')
    .action(
      async (
        sweeps: string[],
        o: {
          top: number;
          seeds: number;
          store?: string;
          agents?: number;
          baseline?: string;
          alternative: Alternative;
          metric?: string;
          out: string;
          html: boolean;
        },
        cmd: Command,
      ) => {
        await run(async () => (await import('../../commands/rerun.js')).rerun, { sweeps, ...o }, cmd, { interruptible: true });
      },
    );
}
