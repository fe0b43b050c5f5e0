/**
 * A first convolution layer as matMuls over image patches ("im2col"), 2×2 max pooling, then ReLU.
 *
 * Why not tf.conv2d: the wasm backend has no Conv2DBackpropFilter kernel, so a conv2d cannot be
 * trained there. As the first layer sees only data, it needs no input gradient; its weight gradient
 * is patchesᵀ·dy, a plain matMul after an explicit transpose (as in dense.ts). The patch indices are
 * computed once per image shape and pooling offset.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rank, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

export interface ConvSpec {
  /** [height, width, channels] of the flattened input rows (row-major, channels last). */
  readonly imageShape: readonly [number, number, number];
  readonly kernel: number;
  readonly filters: number;
}

/** Output features after conv (valid padding) and 2×2 pooling. */
export function convOutputSize(spec: ConvSpec): number {
  const [h, w] = spec.imageShape;
  const oh = Math.floor((h - spec.kernel + 1) / 2);
  const ow = Math.floor((w - spec.kernel + 1) / 2);
  return oh * ow * spec.filters;
}

const patchCache = new Map<string, Int32Array[]>();

/**
 * For each of the four 2×2 pooling offsets (qi, qj), the input columns its patches read: one
 * (ph·pw·k·k·c) index list per offset, output positions (2·pi + qi, 2·pj + qj) in row-major order.
 */
export function patchIndices(spec: ConvSpec): Int32Array[] {
  const key = `${spec.imageShape.join('x')}/${spec.kernel}`;
  const cached = patchCache.get(key);
  if (cached) return cached;
  const [h, w, c] = spec.imageShape;
  const k = spec.kernel;
  const ph = Math.floor((h - k + 1) / 2),
    pw = Math.floor((w - k + 1) / 2);
  const all: Int32Array[] = [];
  for (const [qi, qj] of [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ] as const) {
    const idx = new Int32Array(ph * pw * k * k * c);
    let n = 0;
    for (let pi = 0; pi < ph; pi++)
      for (let pj = 0; pj < pw; pj++) {
        const [i, j] = [2 * pi + qi, 2 * pj + qj];
        for (let di = 0; di < k; di++)
          for (let dj = 0; dj < k; dj++) for (let ch = 0; ch < c; ch++) idx[n++] = ((i + di) * w + (j + dj)) * c + ch;
      }
    all.push(idx);
  }
  patchCache.set(key, all);
  return all;
}

/** patches [P, k·k·c] · W, with only the kernel's gradient (patchesᵀ·dy): the data needs none. */
function patchMatMul(patches: Tensor2D, W: Tensor2D): Tensor2D {
  const f = tf.customGrad(((WW: Tensor, save: tf.GradSaveFunc) => {
    save([patches]);
    return {
      value: tf.matMul(patches, WW),
      gradFunc: (dy: Tensor, saved: Tensor[]) => [tf.matMul(tf.transpose(saved[0]), dy)],
    };
  }) as unknown as CustomGradFn);
  return f(W) as Tensor2D;
}

/**
 * x [B, h·w·c] → [B, convOutputSize] (conv with kernel W [k·k·c, filters], bias, ReLU, 2×2 max pool).
 *
 * Pooling is the elementwise maximum of four convolutions, one per pooling offset, and the bias and
 * ReLU follow it (both are monotone, so the result is the same): tf.max over a 6-d reshape had a
 * gradient 4× slower than the whole rest of the step on wasm.
 */
export function convPool(x: Tensor2D, W: Tensor2D, b: Tensor1D, spec: ConvSpec): Tensor2D {
  const [h, w] = spec.imageShape;
  const k = spec.kernel;
  const ph = Math.floor((h - k + 1) / 2),
    pw = Math.floor((w - k + 1) / 2);
  const B = x.shape[0];
  const z = patchIndices(spec).map((indices) => {
    const patches = tf.tidy(() =>
      tf.reshape<Rank.R2>(tf.gather(x, tf.tensor1d(indices, 'int32'), 1), [B * ph * pw, k * k * spec.imageShape[2]]),
    );
    const out = patchMatMul(patches, W);
    patches.dispose();
    return out;
  });
  const pooled = tf.maximum(tf.maximum(z[0], z[1]), tf.maximum(z[2], z[3]));
  return tf.reshape<Rank.R2>(tf.relu(tf.add(pooled, b)), [B, ph * pw * spec.filters]);
}
