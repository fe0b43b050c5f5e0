/** `kdlab runs ls`: every sweep of a store with its run counts per state and best metric so far. */
import { formatSweepTable } from '../render/tables.js';
import { listSweeps } from '../runs/list-sweeps.js';
import type { CommandContext } from './context.js';
import { withStore } from './with-store.js';

export interface RunsLsOptions {
  readonly store?: string;
}

export async function runsLs(options: RunsLsOptions, context: CommandContext): Promise<number> {
  const rows = await withStore(context, options.store, { mode: 'read' }, listSweeps);
  context.stdout(formatSweepTable(rows));
  return 0;
}
