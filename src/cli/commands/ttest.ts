import { Option, type Command } from 'commander';
import { ALTERNATIVES, type Alternative } from '../../domain/metric.js';
import type { Runner } from '../main.js';
import { parseNumber } from '../options.js';

export function register(program: Command, run: Runner): void {
  program
    .command('ttest')
    .description("Student's or Welch's t-test between two groups of a run table, as scipy.stats.ttest_ind")
    .argument('<file>', 'run table (CSV, TSV, JSON, JSON Lines) or run store')
    .requiredOption('--group <col>', 'column holding the group of each run')
    .requiredOption('--metric <col>', 'metric column')
    .requiredOption('--a <name>', 'first group (H1 with greater: a > b)')
    .requiredOption('--b <name>', 'second group')
    .option('--welch', "Welch's t-test (unequal variances) instead of Student's")
    .addOption(new Option('--alternative <h1>', 'alternative hypothesis').choices(ALTERNATIVES).default('two-sided'))
    .option('--confidence-level <x>', 'confidence level of the interval', parseNumber('--confidence-level', { min: 0, max: 1 }), 0.95)
    .option('--include-failed', 'keep failed/crashed/killed/running runs that have a metric')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        file: string,
        o: {
          group: string;
          metric: string;
          a: string;
          b: string;
          welch?: boolean;
          alternative: Alternative;
          confidenceLevel: number;
          includeFailed?: boolean;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        await run(async () => (await import('../../commands/ttest.js')).ttest, { file, ...o }, cmd);
      },
    );
}
