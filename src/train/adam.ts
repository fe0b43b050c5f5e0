/**
 * Adam with the update of each variable done in one pass over host memory, the moments kept on the host.
 *
 * Why: tfjs' Adam runs about a dozen kernels per variable and step (two moment updates, bias
 * corrections, square root, division, assign…). On the wasm and cpu backends each kernel costs
 * tens of microseconds of dispatch for a student's small variables, and for a large teacher each one
 * streams the whole variable through memory again. Here a step reads each gradient once, updates
 * m, v and the weights in one loop, and writes the new weights back as one tensor, with the same
 * formula as tf.train.adam (same defaults, ε = the backend's epsilon), so results agree to float
 * rounding.
 */
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs';

export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  /** Defaults to the backend's epsilon (1e-7 for float32), as tf.train.adam does. */
  readonly epsilon?: number;
}

interface Slot {
  readonly variable: Variable;
  readonly m: Float32Array;
  readonly v: Float32Array;
  /** The weights as last written; re-read whenever something else assigned the variable. */
  w: Float32Array;
  dataId: object | undefined;
}

export class HostAdam {
  private readonly slots: Slot[];
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly learningRate: number;
  /** β1^t and β2^t in float32, as tfjs keeps them. */
  private accBeta1: number;
  private accBeta2: number;

  constructor(variables: readonly Variable[], o: AdamOptions) {
    this.learningRate = o.learningRate;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.epsilon = o.epsilon ?? tf.backend().epsilon();
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
    this.slots = variables.map((variable) => {
      const size = variable.size;
      return { variable, m: new Float32Array(size), v: new Float32Array(size), w: new Float32Array(0), dataId: undefined };
    });
  }

  /** Differentiates f with respect to the variables, applies one Adam step, and returns f's value. */
  minimize(f: () => Scalar): Scalar {
    const vars = this.slots.map((s) => s.variable);
    const { value, grads } = tf.tidy(() => {
      // engine.gradients keeps the order of `vars` (variableGrads keys by name, which need not be unique).
      const r = tf.engine().gradients(f, vars, undefined, true);
      return { value: r.value as Scalar, grads: r.grads };
    });
    this.applyGradients(grads);
    tf.dispose(grads);
    return value;
  }

  /** One Adam step with gradients given in the order of the variables. */
  applyGradients(grads: readonly Tensor[]): void {
    // tf.train.adam's op sequence in float32 (Math.fround after every operation; double rounding of
    // +, −, ×, ÷ and sqrt through float64 is exact), so the weights come out bit-identical to it.
    const f = Math.fround;
    const { beta1, beta2 } = this;
    const bc1 = f(1 - this.accBeta1);
    const bc2 = f(1 - this.accBeta2);
    this.accBeta1 = f(this.accBeta1 * f(beta1));
    this.accBeta2 = f(this.accBeta2 * f(beta2));
    const b1 = f(beta1);
    const b2 = f(beta2);
    const c1 = f(1 - beta1);
    const c2 = f(1 - beta2);
    const eps = f(this.epsilon);
    const negLr = f(-this.learningRate);
    for (let k = 0; k < this.slots.length; k++) {
      const slot = this.slots[k];
      const { m, v } = slot;
      const w = slot.dataId === slot.variable.dataId ? slot.w : (slot.variable.dataSync() as Float32Array);
      const g = grads[k].dataSync() as Float32Array;
      // A fresh array each step: the cpu backend keeps the array it is given as the tensor's storage,
      // so writing into last step's array would change a tensor in place.
      const out = new Float32Array(w.length);
      for (let i = 0; i < out.length; i++) {
        const gi = g[i];
        const mi = f(f(m[i] * b1) + f(gi * c1));
        const vi = f(f(v[i] * b2) + f(f(gi * gi) * c2));
        m[i] = mi;
        v[i] = vi;
        // w + (m̂ / (sqrt(v̂) + ε))·(−lr), m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t)
        out[i] = w[i] + f(f(f(mi / bc1) / f(f(Math.sqrt(f(vi / bc2))) + eps)) * negLr);
      }
      tf.tidy(() => slot.variable.assign(tf.tensor(out, slot.variable.shape, 'float32')));
      slot.w = out;
      slot.dataId = slot.variable.dataId;
    }
  }

  /** Nothing lives on the device; kept so that callers can treat it like a tfjs optimizer. */
  dispose(): void {}
}
