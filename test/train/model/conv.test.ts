import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../../../src/train/backend.js';
import { convPool, convOutputSize } from '../../../src/train/model/conv.js';
import type { Rank, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';

describe('convolution as a matMul over patches', () => {
  beforeAll(async () => {
    await selectBackend('cpu'); // the reference tf.conv2d trains on cpu (wasm lacks its filter gradient)
  });

  it('equals tf.conv2d + bias + ReLU + 2×2 max pool, value and kernel gradient', () => {
    const spec = { imageShape: [7, 6, 2] as [number, number, number], kernel: 3, filters: 4 };
    const x = tf.randomNormal<Rank.R2>([3, 7 * 6 * 2], 0, 1, 'float32', 5);
    const W = tf.randomNormal<Rank.R2>([3 * 3 * 2, 4], 0, 1, 'float32', 6);
    const b = tf.randomNormal<Rank.R1>([4], 0, 1, 'float32', 7);
    const reference = (WW: Tensor2D, bb: Tensor1D) => {
      const y = tf.relu(
        tf.add(tf.conv2d(x.reshape<Tensor4D>([3, 7, 6, 2]), WW.reshape<Tensor4D>([3, 3, 2, 4]), 1, 'valid'), bb),
      ) as Tensor4D;
      // 5×4 conv output; pooling keeps the top-left 4×4.
      return tf.maxPool(y.slice([0, 0, 0, 0], [3, 4, 4, 4]), 2, 2, 'valid').reshape([3, -1]);
    };
    const ours = convPool(x, W, b, spec);
    expect(ours.shape).toEqual([3, convOutputSize(spec)]);
    const ref = reference(W, b);
    const [a, r] = [ours.dataSync(), ref.dataSync()];
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(r[i], 5);

    const weights = tf.randomNormal(ours.shape, 0, 1, 'float32', 8);
    const g1 = tf.grads((WW: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(convPool(x, WW as Tensor2D, bb as Tensor1D, spec), weights)))([
      W,
      b,
    ]);
    const g2 = tf.grads((WW: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(reference(WW as Tensor2D, bb as Tensor1D), weights)))([W, b]);
    for (let k = 0; k < 2; k++) {
      const [p, q] = [g1[k].dataSync(), g2[k].dataSync()];
      expect(Math.max(...q.map(Math.abs))).toBeGreaterThan(1e-3);
      for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(q[i], 4);
    }
  });
});
