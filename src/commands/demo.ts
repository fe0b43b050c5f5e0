/** `kdlab demo`: the bundled demo experiment, in its own store so it never mixes with a user's sweeps. */
import { DEMO_CONFIG, DEMO_STORE } from '../experiment/run-experiment.js';
import type { CommandContext } from './context.js';
import { experiment, type ExperimentCommandOptions } from './experiment.js';

export type DemoOptions = Omit<ExperimentCommandOptions, 'config'>;

export async function demo(options: DemoOptions, context: CommandContext): Promise<number> {
  return experiment({ ...options, config: DEMO_CONFIG, store: options.store ?? DEMO_STORE }, context);
}
