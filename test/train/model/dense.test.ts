import { describe, expect, it, beforeAll } from 'vitest';
import { selectBackend, tf } from '../../../src/train/backend.js';
import { Mlp } from '../../../src/train/model/mlp.js';
import type { Rank } from '@tensorflow/tfjs';

describe.each(['cpu', 'wasm'] as const)('dense layer with a hand-written gradient (%s)', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('gives the same logits and gradients as tfjs autodiff', () => {
    const model = Mlp.init({ kind: 'mlp', inputs: 7, hidden: [5, 4], outputs: 3 }, 42);
    const x = tf.randomNormal<Rank.R2>([6, 7], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
    const lossOf = (autodiff: boolean) => () => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(y, model.logits(x, { autodiff }));
    const custom = tf.variableGrads(lossOf(false), model.variables);
    const auto = tf.variableGrads(lossOf(true), model.variables);
    expect(custom.value.dataSync()[0]).toBeCloseTo(auto.value.dataSync()[0], 6);
    for (const v of model.variables) {
      const a = custom.grads[v.name].dataSync();
      const b = auto.grads[v.name].dataSync();
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    }
    // Some gradient must be non-zero, or the comparison above proves nothing.
    expect(Math.max(...custom.grads[model.variables[0].name].dataSync().map(Math.abs))).toBeGreaterThan(1e-4);
    tf.dispose([x, y, custom.value, auto.value, ...Object.values(custom.grads), ...Object.values(auto.grads)]);
    model.dispose();
  });
});
