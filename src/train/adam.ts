/**
 * Adam that updates each variable in one pass instead of a dozen kernels.
 *
 * Why: tfjs' Adam runs about a dozen kernels per variable and step (two moment updates, bias
 * corrections, square root, division, assign…). On the wasm and cpu backends each kernel costs
 * tens of microseconds of dispatch, which dominates for a student's small variables, and for a
 * teacher's large ones each kernel streams the whole variable through memory again. Here a step
 * reads each gradient once, updates m and v (kept off the device) and the weights in one
 * WebAssembly SIMD loop (adam-simd.ts), and hands the new weights back as one tensor; on wasm it
 * reads and writes the backend's heap directly instead of going through dataSync. Without SIMD a
 * plain JS loop takes small variables and tfjs' kernels the large ones. Every path follows
 * tf.train.adam's float32 operation sequence (same defaults, ε = the backend's epsilon), so the
 * weights come out bit-identical to it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor, TensorInfo, Variable } from '@tensorflow/tfjs';
import type { AdamConstants } from './adam-simd.js';
import { SimdAdam } from './adam-simd.js';

export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  /** Defaults to the backend's epsilon (1e-7 for float32), as tf.train.adam does. */
  readonly epsilon?: number;
  /**
   * Variables with more elements than this use tfjs kernels. Default: all on the host with the
   * SIMD loop (adam-simd.ts); without WebAssembly SIMD, 32k (the JS loop's measured crossover on wasm).
   */
  readonly hostMaxSize?: number;
  /** false: the plain JS loop even where WebAssembly SIMD is available (for tests). */
  readonly simd?: boolean;
}

/** The wasm backend's own accessors for its heap (public methods of BackendWasm). */
interface HeapBackend {
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

function heapBackend(): HeapBackend | undefined {
  const b = tf.backend() as unknown as Partial<HeapBackend>;
  return tf.getBackend() === 'wasm' && typeof b.typedArrayFromHeap === 'function' && typeof b.makeOutput === 'function'
    ? (b as HeapBackend)
    : undefined;
}

type Slot =
  | { readonly kind: 'host'; readonly variable: Variable; readonly m: Float32Array; readonly v: Float32Array }
  | { readonly kind: 'kernels'; readonly variable: Variable; readonly m: Variable; readonly v: Variable };

export class HostAdam {
  private readonly slots: Slot[];
  private readonly simd: SimdAdam | undefined;
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
    this.simd = o.simd === false ? undefined : SimdAdam.create(variables.map((v) => v.size));
    const hostMaxSize = o.hostMaxSize ?? (this.simd ? Infinity : 32_768);
    this.slots = variables.map((variable): Slot => {
      // With SIMD, m and v live in its memory instead.
      const size = this.simd ? 0 : variable.size;
      if (variable.size <= hostMaxSize) return { kind: 'host', variable, m: new Float32Array(size), v: new Float32Array(size) };
      return tf.tidy(() => ({
        kind: 'kernels',
        variable,
        m: tf.zerosLike(variable).variable(false),
        v: tf.zerosLike(variable).variable(false),
      }));
    });
  }

  /** Differentiates f with respect to the variables, applies one Adam step, and returns f's value. */
  minimize(f: () => Scalar): Scalar {
    const vars = this.slots.map((s) => s.variable);
    const { value, grads } = tf.tidy(() => {
      // engine.gradients keeps the order of `vars` (variableGrads keys by name, which need not be unique).
      const r = tf.engine().gradients(f, vars, undefined, true);
      return { value: r.value, grads: r.grads };
    });
    this.applyGradients(grads);
    tf.dispose(grads);
    return value;
  }

  /** One Adam step with gradients given in the order of the variables. */
  applyGradients(grads: readonly Tensor[]): void {
    const f = Math.fround;
    const bc1 = f(1 - this.accBeta1);
    const bc2 = f(1 - this.accBeta2);
    this.accBeta1 = f(this.accBeta1 * f(this.beta1));
    this.accBeta2 = f(this.accBeta2 * f(this.beta2));
    const c: AdamConstants = {
      b1: f(this.beta1),
      b2: f(this.beta2),
      c1: f(1 - this.beta1),
      c2: f(1 - this.beta2),
      bc1,
      bc2,
      eps: f(this.epsilon),
      negLr: f(-this.learningRate),
    };
    const heap = heapBackend();
    this.slots.forEach((slot, k) => {
      const g = grads[k] as Tensor | undefined;
      // A variable the loss does not reach has no gradient; tf.train.adam skips it too.
      if (!g) return;
      const variable = slot.variable;
      if (slot.kind === 'kernels') {
        // tf.train.adam's own ops, with the moments as tensors.
        tf.tidy(() => {
          const m = tf.add(tf.mul(slot.m, c.b1), tf.mul(g, c.c1));
          const v = tf.add(tf.mul(slot.v, c.b2), tf.mul(tf.square(g), c.c2));
          const step = tf.mul(tf.div(tf.div(m, c.bc1), tf.add(tf.sqrt(tf.div(v, c.bc2)), c.eps)), c.negLr);
          slot.m.assign(m);
          slot.v.assign(v);
          variable.assign(tf.add(step, variable));
        });
        return;
      }
      const update = (gv: Float32Array, w: Float32Array, out: Float32Array) =>
        this.simd ? this.simd.step(k, gv, w, out, c) : adamLoop(gv, w, slot.m, slot.v, out, c);
      if (heap) {
        // Allocate first: a malloc may grow the heap and detach earlier views.
        const info = heap.makeOutput(variable.shape, 'float32');
        update(heap.typedArrayFromHeap(g), heap.typedArrayFromHeap(variable), heap.typedArrayFromHeap(info));
        const next = tf.engine().makeTensorFromTensorInfo(info);
        variable.assign(next);
        next.dispose();
        return;
      }
      // A fresh array: the cpu backend keeps the array it is given as the tensor's storage.
      const out = new Float32Array(variable.size);
      update(g.dataSync() as Float32Array, variable.dataSync() as Float32Array, out);
      tf.tidy(() => variable.assign(tf.tensor(out, variable.shape, 'float32')));
    });
  }

  dispose(): void {
    for (const s of this.slots) if (s.kind === 'kernels') tf.dispose([s.m, s.v]);
  }
}

/**
 * out = w + (m̂ / (sqrt(v̂) + ε))·(−lr) with m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t), in tfjs' order
 * and rounding each operation to float32 (double rounding of +, −, ×, ÷ and sqrt through float64 is exact).
 */
function adamLoop(g: Float32Array, w: Float32Array, m: Float32Array, v: Float32Array, out: Float32Array, c: AdamConstants): void {
  const { b1, b2, c1, c2, bc1, bc2, eps, negLr } = c;
  for (let i = 0; i < out.length; i++) {
    const gi = g[i];
    const mi = Math.fround(Math.fround(m[i] * b1) + Math.fround(gi * c1));
    const vi = Math.fround(Math.fround(v[i] * b2) + Math.fround(Math.fround(gi * gi) * c2));
    m[i] = mi;
    v[i] = vi;
    const denominator = Math.fround(Math.fround(Math.sqrt(Math.fround(vi / bc2))) + eps);
    out[i] = w[i] + Math.fround(Math.fround(Math.fround(mi / bc1) / denominator) * negLr);
  }
}
