import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('ttest')
    .description("Student's or Welch's t-test between two groups of a run table, as scipy.stats.ttest_ind")
    .argument('<file>', 'run table (CSV, TSV, JSON, JSON Lines)')
    .action(async () => {
      throw new Error('not implemented yet');
    });
}
