import { Option, type Command } from 'commander';
import { DEFAULT_TEST, REPORT_TESTS, type TestName } from '../../analysis/tests.js';
import { ADJUST_METHODS } from '../../analysis/compare.js';
import { ALTERNATIVES } from '../../domain/metric.js';
import type { Runner } from '../main.js';
import { GOALS, parseNumber } from '../options.js';

export function register(program: Command, run: Runner): void {
  program
    .command('report')
    .description('Compare groups of runs (W&B, MLflow, Optuna exports, CSV/TSV/JSON/JSONL or a run store) and archive an HTML report')
    .argument('<source>', 'run table (CSV, TSV, JSON, JSON Lines) or run store (.kdlab/runs.db, sqlite:PATH, postgres://…)')
    .option('--group <col>', 'column holding the group of each run (default: detected, e.g. Sweep)')
    .option(
      '--group-pattern <regex>',
      "derive the group from the group column: first capture group of REGEX, e.g. --group name --group-pattern '^([^-]+)-'",
    )
    .option('--metric <col>', 'metric column (default: detected, e.g. eval/accuracy, value, metrics.val_acc)')
    .addOption(
      new Option('--goal <goal>', 'whether larger or smaller metric values are better (default: from the metric name)').choices(GOALS),
    )
    .option('--baseline <name>', 'compare every group against this group')
    .addOption(
      new Option('--pairs <mode>', 'which pairs to compare (default: baseline when --baseline is given, else all)').choices([
        'baseline',
        'all',
      ]),
    )
    .addOption(
      new Option('--alternative <h1>', 'alternative hypothesis; greater means H1: group > baseline')
        .choices(ALTERNATIVES)
        .default('two-sided'),
    )
    .addOption(new Option('--adjust <method>', 'p-value adjustment across comparisons').choices(ADJUST_METHODS).default('holm'))
    .option('--alpha <x>', 'significance level', parseNumber('--alpha', { min: 0, max: 1 }), 0.05)
    .addOption(new Option('--test <name>', 'test behind each verdict').choices(Object.keys(REPORT_TESTS)).default(DEFAULT_TEST))
    .option('--include-failed', 'keep failed/crashed/killed/running runs that have a metric')
    .option('--seed <n>', 'seed for bootstrap intervals', parseNumber('--seed', { integer: true, min: 0 }), 0)
    .addOption(
      new Option('--format <fmt>', 'input format (default: from the name and contents)').choices(['csv', 'tsv', 'json', 'jsonl', 'store']),
    )
    .option('--json <file>', 'write results.json-style results to FILE (- for stdout)')
    .option('--markdown <file>', 'write a Markdown summary to FILE (- for stdout)')
    .option('--no-html', 'skip the HTML report')
    .option('--out <dir>', 'archive root for HTML reports', 'reports')
    .option('--title <text>', 'report title')
    .option('--interactive', 'inline the Vega runtime for tooltips')
    .addOption(
      new Option('--scale <axis>', "box plot's metric axis: linear follows the whiskers, log shows far outliers").choices([
        'linear',
        'log',
      ]),
    )
    .option('--fail-unless-significant', 'exit 1 when the headline comparison is not significant after adjustment')
    .action(async (source: string, flags: Record<string, unknown>, cmd: Command) => {
      await run(
        async () => (await import('../../commands/report.js')).report,
        { source, ...(flags as object), test: flags.test as TestName | undefined },
        cmd,
      );
    });
}
