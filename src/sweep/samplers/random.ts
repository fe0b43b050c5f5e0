import { sampleParams } from '../space.js';
import type { Sampler } from './sampler.js';

/** Independent draws from each parameter's distribution; the history is ignored. */
export const randomSampler: Sampler = {
  name: 'random',
  next: (space, _history, rng) => sampleParams(space, rng),
};
