import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor } from '@tensorflow/tfjs';

/** mean_b (1 − cos(a_b, b_b)): a cosine embedding loss with target 1, batch mean. */
export function cosineDistance(a: Tensor, b: Tensor): Scalar {
  return tf.tidy(() => {
    const dot = tf.sum(tf.mul(a, b), 1);
    const norms = tf.mul(tf.norm(a, 'euclidean', 1), tf.norm(b, 'euclidean', 1));
    return tf.mean<Scalar>(tf.sub(1, tf.div(dot, tf.maximum(norms, 1e-12))));
  });
}
