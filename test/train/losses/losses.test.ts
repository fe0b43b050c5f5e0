import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from '../../../src/train/backend.js';
import { losses } from '../../../src/train/losses/index.js';
import type { LossFn, LossOptions } from '../../../src/train/losses/index.js';
import { ce, ceGraph } from '../../../src/train/losses/ce.js';
import { klTemperature, klTemperatureGraph } from '../../../src/train/losses/kl-temperature.js';

// Two rows, two classes. Row 1: s = [1, 0], t = [0, 1], label 0. Row 2: s = t = [0, 0], label 1.
// With σ(a) = 1/(1 + e^−a): softmax([a, 0]) = [σ(a), 1 − σ(a)].
const sigma = (a: number) => 1 / (1 + Math.exp(-a));
const ceRow1 = Math.log(1 + Math.exp(-1)); // −log softmax([1,0])[0]
const ceRow2 = Math.log(2);
const ceMean = (ceRow1 + ceRow2) / 2;

function run(name: string, o: Partial<LossOptions>): number {
  const opts: LossOptions = { wHard: 0.5, wSoft: 0.5, temperature: 1, k: 0, ...o };
  return tf.tidy(() => {
    const s = tf.tensor2d([
      [1, 0],
      [0, 0],
    ]);
    const t = tf.tensor2d([
      [0, 1],
      [0, 0],
    ]);
    const y = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    return losses.get(name)(s, t, y, opts).dataSync()[0];
  });
}

describe('loss variants against hand-computed values', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('ce is the batch-mean cross-entropy with the labels, ignoring the teacher', () => {
    expect(run('ce', {})).toBeCloseTo(ceMean, 6);
  });

  it('kl-temperature: w_hard·CE + w_soft·T²·KL(softmax(t/T) ‖ softmax(s/T))', () => {
    // Row 1 at T = 2: logits/T are [a, 0] and [0, a] with a = 1/2, so
    // KL = (1−σ)(−a) + σ(a) = a(2σ(a) − 1) = a·tanh(a/2); row 2 has KL 0.
    const a = 0.5;
    const kl = (a * Math.tanh(a / 2) + 0) / 2;
    expect(run('kl-temperature', { temperature: 2, wHard: 0.3, wSoft: 0.7 })).toBeCloseTo(0.3 * ceMean + 0.7 * 2 ** 2 * kl, 6);
  });

  it('kl-temperature at T = 1 reduces to w_hard·CE + w_soft·KL', () => {
    const kl = (1 * Math.tanh(0.5)) / 2;
    expect(run('kl-temperature', { temperature: 1 })).toBeCloseTo(0.5 * ceMean + 0.5 * kl, 6);
  });

  it('cosine-temperature: w_hard·CE + w_soft·mean(1 − cos(softmax(s/T), softmax(t/T)))', () => {
    // Row 1 at T = 2: p = [σ, 1−σ], q = [1−σ, σ] with σ = σ(1/2); cos = 2σ(1−σ) / (σ² + (1−σ)²). Row 2: cos = 1.
    const sg = sigma(0.5);
    const cos = (2 * sg * (1 - sg)) / (sg ** 2 + (1 - sg) ** 2);
    expect(run('cosine-temperature', { temperature: 2 })).toBeCloseTo(0.5 * ceMean + (0.5 * (1 - cos + 0)) / 2, 6);
  });

  it('cosine-scaling: q = (1 − k)·softmax(t) + k/C, then w_hard·CE + w_soft·mean(1 − cos(softmax(s), q))', () => {
    const k = 0.4;
    const s1 = sigma(1);
    const p = [s1, 1 - s1]; // softmax([1, 0])
    const q = [(1 - k) * (1 - s1) + k / 2, (1 - k) * s1 + k / 2]; // from softmax([0, 1])
    const cos = (p[0] * q[0] + p[1] * q[1]) / (Math.hypot(p[0], p[1]) * Math.hypot(q[0], q[1]));
    // Row 2: softmax(s) = q = [1/2, 1/2], cos = 1.
    expect(run('cosine-scaling', { k, wHard: 0.2, wSoft: 0.8 })).toBeCloseTo(0.2 * ceMean + (0.8 * (1 - cos + 0)) / 2, 6);
  });

  it('cosine-scaling with k = 0 is the plain cosine of the probabilities', () => {
    const s1 = sigma(1);
    const cos = (2 * s1 * (1 - s1)) / (s1 ** 2 + (1 - s1) ** 2);
    expect(run('cosine-scaling', { k: 0 })).toBeCloseTo(0.5 * ceMean + (0.5 * (1 - cos)) / 2, 6);
  });

  it('mse-logits: w_hard·CE + w_soft·mean over batch and classes of (s − t)²', () => {
    const mse = (1 ** 2 + 1 ** 2 + 0 + 0) / 4;
    expect(run('mse-logits', { wHard: 0.25, wSoft: 0.75 })).toBeCloseTo(0.25 * ceMean + 0.75 * mse, 6);
  });

  it('every loss leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    for (const name of losses.names) run(name, { temperature: 3, k: 0.2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an unknown loss names the valid ones and suggests the near miss', () => {
    expect(() => losses.get('kl-temprature')).toThrow(
      /unknown loss "kl-temprature" \(did you mean "kl-temperature"\?\); valid: ce, kl-temperature, cosine-temperature, cosine-scaling, mse-logits/,
    );
    expect(() => losses.get('zzz')).toThrow(/^unknown loss "zzz"; valid: /);
  });
});

describe('host losses against their graph-op formulas', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  const valueAndGrad = (fn: LossFn, s: tf.Tensor2D, t: tf.Tensor2D, y: tf.Tensor2D, o: LossOptions) => {
    const { value, grad } = tf.valueAndGrad((ss: tf.Tensor) => fn(ss as tf.Tensor2D, t, y, o))(s);
    return { value: value.dataSync()[0], grad: Array.from(grad.dataSync()) };
  };

  // Random logits (some large, to exercise the max subtraction) and labels; value and gradient.
  it.each([
    { name: 'ce', host: ce, graph: ceGraph },
    { name: 'kl-temperature', host: klTemperature, graph: klTemperatureGraph },
  ])('$name: same value and gradient with respect to the student logits, to 1e-5', ({ host, graph }) => {
    for (const [seed, temperature, wHard] of [
      [1, 4, 0.5],
      [2, 1, 0.1],
      [3, 20, 0.9],
    ] as const) {
      tf.tidy(() => {
        const o: LossOptions = { wHard, wSoft: 1 - wHard, temperature, k: 0 };
        const s = tf.randomNormal<tf.Rank.R2>([7, 5], 0, 8, 'float32', seed);
        const t = tf.randomNormal<tf.Rank.R2>([7, 5], 0, 8, 'float32', seed + 10);
        const y = tf.oneHot(tf.randomUniform([7], 0, 5, 'int32', seed + 20), 5).toFloat() as tf.Tensor2D;
        const ours = valueAndGrad(host, s, t, y, o);
        const reference = valueAndGrad(graph, s, t, y, o);
        expect(Math.abs(ours.value - reference.value)).toBeLessThan(1e-5 * Math.abs(reference.value));
        const scale = Math.max(...reference.grad.map(Math.abs));
        expect(scale).toBeGreaterThan(1e-3);
        ours.grad.forEach((g, i) => expect(Math.abs(g - reference.grad[i])).toBeLessThan(1e-5 * scale));
      });
    }
  });
});
