/** `kdlab runs export`: a store's runs as one flat CSV or JSON Lines table, to stdout or a file. */
import { resolve } from 'node:path';
import { exportRuns, type ExportFormat } from '../runs/export-runs.js';
import type { CommandContext } from './context.js';
import { withStore } from './with-store.js';

export interface RunsExportOptions {
  readonly store?: string;
  /** Only this sweep (name or id). */
  readonly sweep?: string;
  readonly format: ExportFormat;
  /** File to write; `-` (default) for stdout. */
  readonly out?: string;
}

export async function runsExport(options: RunsExportOptions, context: CommandContext): Promise<number> {
  const toFile = options.out !== undefined && options.out !== '-';
  const result = await withStore(context, options.store, { mode: 'read' }, (store) =>
    exportRuns(store, { sweep: options.sweep, format: options.format, out: toFile ? resolve(context.cwd, options.out) : undefined }),
  );
  if (result.text !== undefined) context.stdout(result.text);
  else context.stderr(`exported ${result.runs} run${result.runs === 1 ? '' : 's'} to ${options.out}\n`);
  return 0;
}
