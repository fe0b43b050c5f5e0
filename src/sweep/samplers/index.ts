/** The sampler registry: `samplers.get('grid')`; a config's `method` names one. */
import { createRegistry } from '../../util/registry.js';
import { gridSampler } from './grid.js';
import { randomSampler } from './random.js';
import { createTpeSampler } from './tpe.js';
import type { Sampler } from './sampler.js';

export const samplers = createRegistry<Sampler>('sampler', {
  grid: gridSampler,
  random: randomSampler,
  bayes: createTpeSampler(),
});

export type { Sampler, Trial, History } from './sampler.js';
export { gridPoints, gridSize, gridSampler } from './grid.js';
export { randomSampler } from './random.js';
export { createTpeSampler, type TpeOptions } from './tpe.js';
