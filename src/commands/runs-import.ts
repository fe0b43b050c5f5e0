/** `kdlab runs import FILE --sweep NAME`: a W&B, MLflow, Optuna or kdlab export as runs of an `import` sweep. */
import { applyImport, formatImportResult, readImport, type ImportRunsOptions } from '../runs/import-runs.js';
import type { CommandContext } from './context.js';
import { withStore } from './with-store.js';

export interface RunsImportOptions extends ImportRunsOptions {
  readonly store?: string;
}

export async function runsImport(options: RunsImportOptions, context: CommandContext): Promise<number> {
  // The file is read and checked first: a bad file must not leave an empty store behind.
  const prepared = await readImport(options);
  const result = await withStore(context, options.store, {}, (store) => applyImport(store, prepared));
  context.stdout(formatImportResult(result));
  return 0;
}
