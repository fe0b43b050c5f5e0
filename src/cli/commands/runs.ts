import { Option, type Command } from 'commander';

const STORE_HELP = 'run store: .kdlab/runs.db (default), sqlite:PATH, FILE.db or postgres://user@host/db';
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function register(program: Command): void {
  const runs = program.command('runs').description('List, export and import the runs of a run store');

  runs
    .command('ls')
    .description('List the sweeps of a store with run counts per state and the best metric so far')
    .option('--store <url>', STORE_HELP)
    .action(async (flags: { store?: string }) => {
      const { listSweeps, formatSweepTable } = await import('../../runs/list-sweeps.js');
      process.stdout.write(formatSweepTable(await listSweeps({ store: flags.store })));
    });

  runs
    .command('logs')
    .description("Print a run's log: what its sweep program printed besides metrics (first and last KB), and why it failed")
    .argument('<run>', 'run id or name')
    .option('--sweep <name>', 'the sweep of a run name used in several sweeps')
    .option('--store <url>', STORE_HELP)
    .action(async (run: string, flags: { sweep?: string; store?: string }) => {
      const [{ runsLogs }, { ConsoleLogger }, { openStore }] = await Promise.all([
        import('../../commands/runs-logs.js'),
        import('../../log/logger.js'),
        import('../../storage/open-store.js'),
      ]);
      const code = await runsLogs(
        { run, ...flags },
        {
          logger: new ConsoleLogger(),
          stdout: (s) => void process.stdout.write(s),
          stderr: (s) => void process.stderr.write(s),
          now: () => new Date(),
          signal: new AbortController().signal,
          openStore,
          progress: () => ({ start() {}, update() {}, stop() {} }),
          cwd: process.cwd(),
          argv: process.argv.slice(2),
        },
      );
      if (code !== 0) process.exitCode = code;
    });

  runs
    .command('export')
    .description('Write runs as one flat table: id, name, sweep, state, params, summary metrics, timings')
    .option('--store <url>', STORE_HELP)
    .option('--sweep <name>', 'only this sweep (name or id)')
    .addOption(new Option('--format <fmt>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .option('--out <file>', 'file to write (- for stdout)', '-')
    .action(async (flags: { store?: string; sweep?: string; format: 'csv' | 'jsonl'; out: string }) => {
      const { exportRuns } = await import('../../runs/export-runs.js');
      const result = await exportRuns(flags);
      if (result.text !== undefined) process.stdout.write(result.text);
      else process.stderr.write(`exported ${result.runs} run${result.runs === 1 ? '' : 's'} to ${result.path}\n`);
    });

  runs
    .command('import')
    .description('Import a W&B, MLflow or Optuna export, or a kdlab CSV/JSONL export, as finished runs of a sweep')
    .argument('<file>', 'run table (CSV, TSV, JSON, JSON Lines)')
    .requiredOption('--sweep <name>', 'sweep to import into (created if missing)')
    .option('--store <url>', STORE_HELP)
    .addOption(new Option('--format <fmt>', 'input format (default: from the name and contents)').choices(['csv', 'tsv', 'json', 'jsonl']))
    .option('--metric <name>', "the sweep's metric (default: detected, e.g. eval/accuracy, value, metrics.val_acc)")
    .addOption(
      new Option('--goal <goal>', 'whether larger or smaller metric values are better (default: from the metric name)').choices([
        'maximize',
        'minimize',
      ]),
    )
    .option('--params <cols>', 'comma-separated columns to import as params (overrides the guess)', list)
    .option('--metrics <cols>', 'comma-separated columns to import as summary metrics (overrides the guess)', list)
    .action(async (file: string, flags: Record<string, unknown>) => {
      const { importRuns, formatImportResult } = await import('../../runs/import-runs.js');
      const result = await importRuns({ file, ...(flags as { sweep: string }) });
      process.stdout.write(formatImportResult(result));
    });
}
