/** The sampler registry: `samplers.get('grid')`; a config's `method` names one. */
import type { SweepMethod } from '../../domain/sweep.js';
import { createRegistry } from '../../util/registry.js';
import { gridSampler } from './grid.js';
import { randomSampler } from './random.js';
import { createTpeSampler } from './tpe.js';
import type { Sampler } from './sampler.js';

// One sampler per SweepMethod: a method without a sampler (or a sampler without a method) is a type error.
const table: Record<SweepMethod, Sampler> = {
  grid: gridSampler,
  random: randomSampler,
  bayes: createTpeSampler(),
};

export const samplers = createRegistry<Sampler>('sampler', table);

export type { Sampler, Trial, History } from './sampler.js';
export { gridPoints, gridSize, gridSampler } from './grid.js';
export { randomSampler } from './random.js';
export { createTpeSampler, type TpeOptions } from './tpe.js';
