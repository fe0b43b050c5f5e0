/**
 * Losses computed on the host, value and gradient with respect to the student logits in one pass.
 *
 * Why: a distillation loss written with tensor ops is some twenty kernels forward and thirty
 * backward, each on a [B, C] tensor of a few hundred numbers, so on wasm and cpu their dispatch
 * costs far more than their arithmetic. The logits, teacher logits and labels of a batch are a few
 * kilobytes: reading them once, computing the loss and its gradient in plain loops and handing the
 * gradient back as one tensor replaces those kernels with two copies. The graph-op formulas beside
 * each variant stay the reference these are tested against.
 */
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { LossFn, LossOptions } from './types.js';

/** A loss on host arrays (row-major [B, C]): adds the gradient with respect to s into `grad` and returns the value. */
export type HostLossFn = (
  s: Float32Array,
  t: Float32Array,
  y: Float32Array,
  B: number,
  C: number,
  o: LossOptions,
  grad: Float64Array,
) => number;

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/** Wraps a host loss as a LossFn whose gradient with respect to s is the host gradient. */
export function hostLoss(fn: HostLossFn, usesTeacher: boolean): LossFn {
  return (s, t, y, o) => {
    const [B, C] = s.shape;
    const f = tf.customGrad(((ss: Tensor) => {
      const grad = new Float64Array(B * C);
      const sv = ss.dataSync() as Float32Array;
      const value = fn(sv, usesTeacher ? (t.dataSync() as Float32Array) : sv, y.dataSync() as Float32Array, B, C, o, grad);
      return {
        value: tf.scalar(value),
        gradFunc: (dy: Tensor) => tf.mul(tf.tensor2d(Float32Array.from(grad), [B, C]), dy),
      };
    }) as unknown as CustomGradFn);
    return f(s) as Scalar;
  };
}

/**
 * Row r of `logits / T`: writes softmax into `p` (length C) and returns log Σ exp, with the row max
 * subtracted first as tf.logSoftmax does.
 */
function softmaxRow(logits: Float32Array, r: number, C: number, T: number, p: Float64Array): number {
  const off = r * C;
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, logits[off + c] / T);
  let sum = 0;
  for (let c = 0; c < C; c++) {
    const e = Math.exp(logits[off + c] / T - max);
    p[c] = e;
    sum += e;
  }
  for (let c = 0; c < C; c++) p[c] /= sum;
  return max + Math.log(sum);
}

/** w · mean_b −Σ_c y·log softmax(s); gradient w·(Σy·softmax(s) − y)/B. */
function addCrossEntropy(s: Float32Array, y: Float32Array, B: number, C: number, w: number, grad: Float64Array, p: Float64Array): number {
  let total = 0;
  for (let r = 0; r < B; r++) {
    const lse = softmaxRow(s, r, C, 1, p);
    let ySum = 0;
    for (let c = 0; c < C; c++) {
      const yc = y[r * C + c];
      ySum += yc;
      if (yc !== 0) total -= yc * (s[r * C + c] - lse);
    }
    for (let c = 0; c < C; c++) grad[r * C + c] += (w * (ySum * p[c] - y[r * C + c])) / B;
  }
  return (w * total) / B;
}

/** `ce` on the host: the batch-mean cross-entropy with the labels. */
export const ceHost: HostLossFn = (s, _t, y, B, C, _o, grad) => addCrossEntropy(s, y, B, C, 1, grad, new Float64Array(C));

/**
 * `kl-temperature` on the host: w_hard·CE(y, s) + w_soft·T²·mean_b KL(softmax(t/T) ‖ softmax(s/T)).
 * The soft term's gradient is w_soft·T·(softmax(s/T) − softmax(t/T))/B.
 */
export const klTemperatureHost: HostLossFn = (s, t, y, B, C, o, grad) => {
  const T = o.temperature;
  const ps = new Float64Array(C);
  const pt = new Float64Array(C);
  let kl = 0;
  for (let r = 0; r < B; r++) {
    const lseS = softmaxRow(s, r, C, T, ps);
    const lseT = softmaxRow(t, r, C, T, pt);
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      // KL term p_t·(log p_t − log p_s), with log p = logit/T − lse.
      if (pt[c] > 0) kl += pt[c] * (t[i] / T - lseT - (s[i] / T - lseS));
      grad[i] += (o.wSoft * T * (ps[c] - pt[c])) / B;
    }
  }
  const hard = addCrossEntropy(s, y, B, C, o.wHard, grad, ps);
  return hard + (o.wSoft * T * T * kl) / B;
};
