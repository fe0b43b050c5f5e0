import * as tf from '@tensorflow/tfjs';
import type { LossFn } from './types.js';
import { crossEntropy } from './ce.js';
import { hostLoss, klTemperatureHost } from './host.js';

/**
 * `kl-temperature` (Hinton et al. 2015):
 * w_hard·CE(y, s) + w_soft·T²·KL(softmax(t/T) ‖ softmax(s/T)), the KL summed over classes and
 * averaged over the batch. T² keeps the soft gradients' scale independent of T.
 * Computed on the host (host.ts); `klTemperatureGraph` is the same formula in graph ops.
 */
export const klTemperature: LossFn = hostLoss(klTemperatureHost, true);

export const klTemperatureGraph: LossFn = (s, t, y, o) =>
  tf.tidy(() => {
    const T = o.temperature;
    const logPs = tf.logSoftmax(tf.div(s, T));
    const logPt = tf.logSoftmax(tf.div(t, T));
    const kl = tf.mean(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs)), 1));
    return tf.add(tf.mul(crossEntropy(s, y), o.wHard), tf.mul(kl, o.wSoft * T * T));
  });
