/** `kdlab sweep status [SWEEP]`: runs done/total, running, failed, crashed, pruned and the best so far. */
import { sweepStatusText } from '../sweep/status.js';
import type { CommandContext } from './context.js';
import { withStore } from './with-store.js';

export interface SweepStatusOptions {
  /** Sweep id or name (default: every sweep). */
  readonly sweep?: string;
  readonly store?: string;
}

export async function sweepStatus(options: SweepStatusOptions, context: CommandContext): Promise<number> {
  const text = await withStore(context, options.store, { mode: 'read' }, (store) => sweepStatusText(store, options.sweep));
  context.stdout(`${text}\n`);
  return 0;
}
