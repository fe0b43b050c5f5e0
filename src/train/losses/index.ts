/**
 * The loss variants by their CLI names: `losses.get('kl-temperature')`. Formulas in README
 * "Training"; s = student logits, t = teacher logits, y = one-hot labels, C classes.
 */
import type { LossVariant } from '../../domain/loss-variant.js';
import { createRegistry } from '../../util/registry.js';
import { ce } from './ce.js';
import { cosineScaling } from './cosine-scaling.js';
import { cosineTemperature } from './cosine-temperature.js';
import { klTemperature } from './kl-temperature.js';
import { mseLogits } from './mse-logits.js';
import type { LossFn } from './types.js';

const table: Record<LossVariant, LossFn> = {
  ce,
  'kl-temperature': klTemperature,
  'cosine-temperature': cosineTemperature,
  'cosine-scaling': cosineScaling,
  'mse-logits': mseLogits,
};

export const losses = createRegistry<LossFn>('loss', table);

export { ce, crossEntropy } from './ce.js';
export { klTemperature } from './kl-temperature.js';
export { cosineTemperature } from './cosine-temperature.js';
export { cosineScaling } from './cosine-scaling.js';
export { mseLogits } from './mse-logits.js';
export { cosineDistance } from './cosine.js';
export type { LossFn, LossOptions } from './types.js';
