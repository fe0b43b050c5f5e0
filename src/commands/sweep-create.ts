/** `kdlab sweep create CONFIG`: a new sweep (a taken name gets a suffix); its id on stdout. */
import { loadSweepConfig } from '../sweep/config.js';
import { createSweep } from '../sweep/run-sweep.js';
import type { CommandContext } from './context.js';
import { withStore } from './with-store.js';

export interface SweepCreateOptions {
  /** Path of the sweep YAML. */
  readonly config: string;
  /** Store URL (default .kdlab/runs.db). */
  readonly store?: string;
}

export async function sweepCreate(options: SweepCreateOptions, context: CommandContext): Promise<number> {
  const config = await loadSweepConfig(options.config);
  const sweep = await withStore(context, options.store, {}, (store) => createSweep(store, config, context.logger));
  context.stdout(`${sweep.id}\n`);
  context.stderr(`created sweep ${sweep.name}; run it with: kdlab agent ${sweep.id}${options.store ? ` --store ${options.store}` : ''}\n`);
  return 0;
}
