import { Option, type Command } from 'commander';
import { parseNumber } from '../options.js';

export function register(program: Command): void {
  program
    .command('ttest')
    .description("Student's or Welch's t-test between two groups of a run table, as scipy.stats.ttest_ind")
    .argument('<file>', 'run table (CSV, TSV, JSON, JSON Lines) or run store')
    .requiredOption('--group <col>', 'column holding the group of each run')
    .requiredOption('--metric <col>', 'metric column')
    .requiredOption('--a <name>', 'first group (H1 with greater: a > b)')
    .requiredOption('--b <name>', 'second group')
    .option('--welch', "Welch's t-test (unequal variances) instead of Student's")
    .addOption(new Option('--alternative <h1>', 'alternative hypothesis').choices(['two-sided', 'greater', 'less']).default('two-sided'))
    .option('--confidence-level <x>', 'confidence level of the interval', parseNumber('--confidence-level', { min: 0, max: 1 }), 0.95)
    .option('--include-failed', 'keep failed/crashed/killed/running runs that have a metric')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, flags: Record<string, unknown>) => {
      const { ttest } = await import('../../commands/ttest.js');
      const code = await ttest({ file, ...(flags as object) } as Parameters<typeof ttest>[0]);
      if (code !== 0) process.exitCode = code;
    });
}
