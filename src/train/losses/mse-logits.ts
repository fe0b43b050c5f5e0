import * as tf from '@tensorflow/tfjs';
import type { LossFn } from './types.js';
import { crossEntropy } from './ce.js';

/** `mse-logits` (Ba & Caruana 2014): w_hard·CE(y, s) + w_soft·mean over batch and classes of (s − t)². */
export const mseLogits: LossFn = (s, t, y, o) =>
  tf.tidy(() => tf.add(tf.mul(crossEntropy(s, y), o.wHard), tf.mul(tf.mean(tf.squaredDifference(s, t)), o.wSoft)));
