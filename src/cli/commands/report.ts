import { Option, type Command } from 'commander';
import { DEFAULT_TEST, REPORT_TESTS, type TestName } from '../../analysis/tests.js';
import { ADJUST_METHODS, MAX_COMPARISONS } from '../../analysis/compare.js';
import { ALTERNATIVES } from '../../domain/metric.js';
import type { Runner } from '../main.js';
import { GOALS, parseNumber } from '../options.js';

/** Commander's accumulator for a repeatable option. */
const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command, run: Runner): void {
  program
    .command('report')
    .description('Compare groups of runs (W&B, MLflow, Optuna exports, CSV/TSV/JSON/JSONL or a run store) and archive an HTML report')
    .argument('<source>', 'run table (CSV, TSV, JSON, JSON Lines) or run store (.kdlab/runs.db, sqlite:PATH, postgres://…)')
    .option(
      '--derive <expr>',
      "add columns from a column's text, before --where and grouping (repeatable): COL~REGEX with named groups, e.g. 'name~^(?<method>[^-]+)-(?<scene>[^-]+)'",
      collect,
      [],
    )
    .option(
      '--where <expr>',
      'keep only rows where EXPR holds, before grouping (repeatable): COL=V, COL!=V, COL<V, COL<=V, COL>V, COL>=V, COL~REGEX',
      collect,
      [],
    )
    .option('--group <col>', 'column holding the group of each run, or several as A,B (default: detected, e.g. Sweep)')
    .option(
      '--group-pattern <regex>',
      "derive the group from the group column: first capture group of REGEX, e.g. --group name --group-pattern '^([^-]+)-'",
    )
    .option('--metric <col>', 'metric column (default: detected, e.g. eval/accuracy, value, metrics.val_acc)')
    .addOption(
      new Option('--goal <goal>', 'whether larger or smaller metric values are better (default: from the metric name)').choices(GOALS),
    )
    .option(
      '--pair-by <cols>',
      'match runs across groups by these columns (COL[,COL…], e.g. seed or scene,budget; auto: the detected key): replicates are averaged and the paired t-test gives the verdict',
    )
    .option('--baseline <name>', 'compare every group against this group')
    .addOption(
      new Option('--pairs <mode>', 'which pairs to compare (default: baseline when --baseline is given, else all)').choices([
        'baseline',
        'all',
      ]),
    )
    .option(
      '--max-comparisons <n>',
      `most comparisons --pairs all may make (default ${MAX_COMPARISONS})`,
      parseNumber('--max-comparisons', { integer: true, min: 1 }),
    )
    .addOption(
      new Option('--alternative <h1>', 'alternative hypothesis; greater means H1: group > baseline')
        .choices(ALTERNATIVES)
        .default('two-sided'),
    )
    .addOption(new Option('--adjust <method>', 'p-value adjustment across comparisons').choices(ADJUST_METHODS).default('holm'))
    .option('--alpha <x>', 'significance level', parseNumber('--alpha', { min: 0, max: 1 }), 0.05)
    .addOption(
      new Option('--test <name>', `test behind each verdict (default: paired-t with --pair-by, else ${DEFAULT_TEST})`).choices(
        Object.keys(REPORT_TESTS),
      ),
    )
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
