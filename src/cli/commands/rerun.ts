import { InvalidArgumentError, type Command } from 'commander';
import { ALTERNATIVES, type Alternative } from '../../domain/metric.js';
import { parseNumber } from '../options.js';

export function register(program: Command): void {
  program
    .command('rerun')
    .description("Re-train the top-K configs of each sweep with M fresh seeds and measure the winner's curse")
    .argument('<sweeps...>', 'sweep names or ids in the store (several: their re-runs are compared)')
    .requiredOption('--top <k>', 'configurations per sweep', parseNumber('--top', { min: 1, integer: true }))
    .requiredOption('--seeds <m>', 'fresh seeds per configuration', parseNumber('--seeds', { min: 2, integer: true }))
    .option('--store <url>', 'run store: a .db file, sqlite:PATH, memory: or postgres://…', '.kdlab/runs.db')
    .option('--agents <n>', 'parallel agents (default: number of CPU cores)', parseNumber('--agents', { min: 1, integer: true }))
    .option('--baseline <sweep>', 'compare every sweep with this one (default: all pairs)')
    .option(
      '--alternative <h1>',
      'two-sided | greater | less (greater: H1 sweep > baseline)',
      (v: string): Alternative => {
        if (!(ALTERNATIVES as readonly string[]).includes(v))
          throw new InvalidArgumentError(`--alternative must be one of ${ALTERNATIVES.join(', ')}, got ${JSON.stringify(v)}.`);
        return v as Alternative;
      },
      'two-sided',
    )
    .option('--metric <name>', "metric to select and compare by (default: the sweep's)")
    .option('--out <dir>', 'report archive root', 'reports')
    .option('--no-html', 'print the tables only, write no report archive')
    .action(
      async (
        sweeps: string[],
        opts: {
          top: number;
          seeds: number;
          store: string;
          agents?: number;
          baseline?: string;
          alternative: Alternative;
          metric?: string;
          out: string;
          html: boolean;
        },
        cmd: Command,
      ) => {
        const { rerun } = await import('../../experiment/rerun.js');
        const { ConsoleLogger } = await import('../../log/logger.js');
        await rerun(sweeps, {
          ...opts,
          logger: new ConsoleLogger({ debug: Boolean(cmd.optsWithGlobals().debug) }),
          command: process.argv.slice(2).join(' '),
        });
      },
    );
}
