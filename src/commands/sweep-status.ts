/** `kdlab sweep status [SWEEP]`: runs done/total, running, failed, crashed, pruned and the best so far. */
import { UsageError } from '../errors.js';
import { formatStatusTable } from '../render/tables.js';
import type { Store } from '../storage/store.js';
import { readSweepStatus } from '../sweep/status.js';
import type { CommandContext } from './context.js';
import { withStore } from './with-store.js';

export interface SweepStatusOptions {
  /** Sweep id or name (default: every sweep). */
  readonly sweep?: string;
  readonly store?: string;
}

export async function sweepStatus(options: SweepStatusOptions, context: CommandContext): Promise<number> {
  const text = await withStore(context, options.store, { mode: 'read' }, (store) => statusText(store, options.sweep));
  context.stdout(`${text}\n`);
  return 0;
}

/** The status table of one sweep (with its best run's params) or of every sweep in the store. */
async function statusText(store: Store, sweep?: string): Promise<string> {
  const rows = await readSweepStatus(store, sweep);
  if (sweep && rows.length === 0) throw new UsageError(`no sweep ${JSON.stringify(sweep)} in ${store.url}`);
  if (rows.length === 0) return `no sweeps in ${store.url}`;
  const lines = [formatStatusTable(rows)];
  if (sweep && rows[0].best)
    lines.push('', `best run ${rows[0].best.run.name ?? rows[0].best.run.id}: ${JSON.stringify(rows[0].best.run.params)}`);
  return lines.join('\n');
}
