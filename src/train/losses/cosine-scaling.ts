import * as tf from '@tensorflow/tfjs';
import type { LossFn } from './types.js';
import { crossEntropy } from './ce.js';
import { cosineDistance } from './cosine.js';

/**
 * `cosine-scaling`: w_hard·CE(y, s) + w_soft·mean_b(1 − cos(softmax(s), q)) with the teacher's
 * probabilities flattened by a fixed k in [0, 1): q = (1 − k)·softmax(t) + k/C. It raises the
 * low-probability classes and lowers the top one without a temperature.
 */
export const cosineScaling: LossFn = (s, t, y, o) =>
  tf.tidy(() => {
    const C = t.shape[1];
    const q = tf.add(tf.mul(tf.softmax(t), 1 - o.k), o.k / C);
    const soft = cosineDistance(tf.softmax(s), q);
    return tf.add(tf.mul(crossEntropy(s, y), o.wHard), tf.mul(soft, o.wSoft));
  });
