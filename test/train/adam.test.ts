import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../../src/train/backend.js';
import { HostAdam } from '../../src/train/adam.js';
import { klTemperatureGraph } from '../../src/train/losses/kl-temperature.js';
import { Mlp } from '../../src/train/model/mlp.js';

// Same model, data and loss, trained by tf.train.adam and by HostAdam: the weights must agree.
function train(host: boolean, steps: number, learningRate: number, o: { hostMaxSize?: number; simd?: boolean } = {}): Float32Array[] {
  const model = Mlp.init({ kind: 'mlp', inputs: 6, hidden: [5], outputs: 3 }, 11);
  const x = tf.randomNormal<tf.Rank.R2>([8, 6], 0, 1, 'float32', 1);
  const t = tf.randomNormal<tf.Rank.R2>([8, 3], 0, 2, 'float32', 2);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 2, 1], 'int32'), 3).toFloat() as tf.Tensor2D;
  const f = () => klTemperatureGraph(model.logits(x), t, y, { wHard: 0.5, wSoft: 0.5, temperature: 2, k: 0 });
  try {
    const adam = host ? new HostAdam(model.variables, { learningRate, ...o }) : tf.train.adam(learningRate);
    for (let i = 0; i < steps; i++) {
      const cost = adam instanceof HostAdam ? adam.minimize(f) : adam.minimize(f, true, model.variables)!;
      cost.dispose();
    }
    adam.dispose();
    return model.snapshot();
  } finally {
    model.dispose();
    tf.dispose([x, t, y]);
  }
}

function maxRelativeDifference(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((w, k) => w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[k][i]) / Math.max(Math.abs(b[k][i]), 1e-3)))));
  return worst;
}

describe.each(['cpu', 'wasm'] as const)('HostAdam on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('matches tf.train.adam bit for bit after 20 steps (its float32 op sequence)', () => {
    const ours = train(true, 20, 0.01);
    const reference = train(false, 20, 0.01);
    // The JS loop (no WebAssembly SIMD) and tfjs kernels (large variables without SIMD): the same numbers.
    expect(maxRelativeDifference(train(true, 20, 0.01, { simd: false }), reference)).toBe(0);
    expect(maxRelativeDifference(train(true, 20, 0.01, { simd: false, hostMaxSize: 0 }), reference)).toBe(0);
    const initial = train(true, 0, 0.01);
    // The steps moved the weights (so agreement is not trivial) …
    expect(maxRelativeDifference(ours, initial)).toBeGreaterThan(1e-2);
    // … and to the same place as tfjs' Adam.
    expect(maxRelativeDifference(ours, reference)).toBe(0);
  });

  it('leaves no tensor behind', () => {
    const model = Mlp.init({ kind: 'mlp', inputs: 2, hidden: [2], outputs: 2 }, 3);
    try {
      const adam = new HostAdam(model.variables, { learningRate: 0.1 });
      const before = tf.memory().numTensors;
      adam.minimize(() => tf.sum<tf.Scalar>(model.logits(tf.ones([1, 2])))).dispose();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });

  it('steps from weights assigned from outside between steps (a restore), as tf.train.adam does', () => {
    const run = (host: boolean) => {
      const model = Mlp.init({ kind: 'mlp', inputs: 2, hidden: [3], outputs: 2 }, 5);
      try {
        const adam = host ? new HostAdam(model.variables, { learningRate: 0.1 }) : tf.train.adam(0.1);
        const f = () => tf.sum<tf.Scalar>(tf.square(model.logits(tf.tensor2d([[1, -2]]))));
        const step = () => (adam instanceof HostAdam ? adam.minimize(f) : adam.minimize(f, true, model.variables)!).dispose();
        step();
        model.restore(model.variables.map((v) => new Float32Array(v.size).fill(0.5)));
        step();
        adam.dispose();
        return model.snapshot();
      } finally {
        model.dispose();
      }
    };
    const ours = run(true);
    expect(Math.max(...ours.map((w) => Math.max(...w.map((v) => Math.abs(v - 0.5)))))).toBeGreaterThan(0.05);
    expect(maxRelativeDifference(ours, run(false))).toBe(0);
  });
});
