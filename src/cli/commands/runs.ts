import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat } from '../../runs/export-runs.js';
import type { Goal } from '../../domain/metric.js';
import type { Runner } from '../main.js';
import { GOALS, parseList, storeHelp } from '../options.js';

const IMPORT_FORMATS = ['csv', 'tsv', 'json', 'jsonl'] as const;

export function register(program: Command, run: Runner): void {
  const runs = program.command('runs').description('List, export and import the runs of a run store');

  runs
    .command('ls')
    .description('List the sweeps of a store with run counts per state and the best metric so far')
    .option('--store <url>', storeHelp())
    .action(async (o: { store?: string }, cmd: Command) => {
      await run(async () => (await import('../../commands/runs-ls.js')).runsLs, o, cmd);
    });

  runs
    .command('logs')
    .description("Print a run's log: what its sweep program printed besides metrics (first and last KB), and why it failed")
    .argument('<run>', 'run id or name')
    .option('--sweep <name>', 'the sweep of a run name used in several sweeps')
    .option('--store <url>', storeHelp())
    .action(async (runName: string, o: { sweep?: string; store?: string }, cmd: Command) => {
      await run(async () => (await import('../../commands/runs-logs.js')).runsLogs, { run: runName, ...o }, cmd);
    });

  runs
    .command('export')
    .description('Write runs as one flat table: id, name, sweep, state, params, summary metrics, timings')
    .option('--store <url>', storeHelp())
    .option('--sweep <name>', 'only this sweep (name or id)')
    .addOption(new Option('--format <fmt>', 'output format').choices(EXPORT_FORMATS).default('csv'))
    .option('--out <file>', 'file to write (- for stdout)', '-')
    .action(async (o: { store?: string; sweep?: string; format: ExportFormat; out: string }, cmd: Command) => {
      await run(async () => (await import('../../commands/runs-export.js')).runsExport, o, cmd);
    });

  runs
    .command('import')
    .description('Import a W&B, MLflow or Optuna export, or a kdlab CSV/JSONL export, as finished runs of a sweep')
    .argument('<file>', 'run table (CSV, TSV, JSON, JSON Lines)')
    .requiredOption('--sweep <name>', 'sweep to import into (created if missing)')
    .option('--store <url>', storeHelp())
    .addOption(new Option('--format <fmt>', 'input format (default: from the name and contents)').choices(IMPORT_FORMATS))
    .option('--metric <name>', "the sweep's metric (default: detected, e.g. eval/accuracy, value, metrics.val_acc)")
    .addOption(
      new Option('--goal <goal>', 'whether larger or smaller metric values are better (default: from the metric name)').choices(GOALS),
    )
    .option('--params <cols>', 'comma-separated columns to import as params (overrides the guess)', parseList)
    .option('--metrics <cols>', 'comma-separated columns to import as summary metrics (overrides the guess)', parseList)
    .action(
      async (
        file: string,
        o: {
          sweep: string;
          store?: string;
          format?: (typeof IMPORT_FORMATS)[number];
          metric?: string;
          goal?: Goal;
          params?: string[];
          metrics?: string[];
        },
        cmd: Command,
      ) => {
        await run(async () => (await import('../../commands/runs-import.js')).runsImport, { file, ...o }, cmd);
      },
    );
}
