import * as tf from '@tensorflow/tfjs';
import type { LossFn } from './types.js';
import { crossEntropy } from './ce.js';
import { cosineDistance } from './cosine.js';

/** `cosine-temperature`: w_hard·CE(y, s) + w_soft·mean_b(1 − cos(softmax(s/T), softmax(t/T))). */
export const cosineTemperature: LossFn = (s, t, y, o) =>
  tf.tidy(() => {
    const soft = cosineDistance(tf.softmax(tf.div(s, o.temperature)), tf.softmax(tf.div(t, o.temperature)));
    return tf.add(tf.mul(crossEntropy(s, y), o.wHard), tf.mul(soft, o.wSoft));
  });
