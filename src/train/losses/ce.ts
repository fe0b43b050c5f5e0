import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor2D } from '@tensorflow/tfjs';
import { ceHost, hostLoss } from './host.js';
import type { LossFn } from './types.js';

/** Cross-entropy with one-hot labels, batch mean: mean_b −Σ_c y·log softmax(s). */
export function crossEntropy(s: Tensor2D, y: Tensor2D): Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(s)), 1))) as Scalar);
}

/** `ce`: labels only, the baseline a distillation must beat. The teacher is ignored. */
export const ce: LossFn = hostLoss(ceHost, false);

/** `ce` in graph ops, the reference the host version is tested against. */
export const ceGraph: LossFn = (s, _t, y) => crossEntropy(s, y);
