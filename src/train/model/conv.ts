/**
 * A first convolution layer as one matMul over image patches ("im2col"), ReLU, then 2×2 max pooling.
 *
 * Why not tf.conv2d: the wasm backend has no Conv2DBackpropFilter kernel, so a conv2d cannot be
 * trained there. As the first layer sees only data, it needs no input gradient; its weight gradient
 * is patchesᵀ·dy, a plain matMul after an explicit transpose (as in dense.ts). The patch indices are
 * computed once per image shape.
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

const patchCache = new Map<string, Int32Array>();

/** For every output position and kernel offset, the input column it reads: (oh·ow·k·k·c) indices. */
export function patchIndices(spec: ConvSpec): Int32Array {
  const key = `${spec.imageShape.join('x')}/${spec.kernel}`;
  let idx = patchCache.get(key);
  if (idx) return idx;
  const [h, w, c] = spec.imageShape;
  const k = spec.kernel;
  const oh = h - k + 1,
    ow = w - k + 1;
  idx = new Int32Array(oh * ow * k * k * c);
  let n = 0;
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++)
      for (let di = 0; di < k; di++)
        for (let dj = 0; dj < k; dj++) for (let ch = 0; ch < c; ch++) idx[n++] = ((i + di) * w + (j + dj)) * c + ch;
  patchCache.set(key, idx);
  return idx;
}

/** x [B, h·w·c] → [B, convOutputSize] (conv with kernel W [k·k·c, filters], bias, ReLU, 2×2 max pool). */
export function convPool(x: Tensor2D, W: Tensor2D, b: Tensor1D, spec: ConvSpec): Tensor2D {
  const [h, w, c] = spec.imageShape;
  const k = spec.kernel;
  const oh = h - k + 1,
    ow = w - k + 1;
  const B = x.shape[0];
  const patches = tf.tidy(() => {
    const idx = tf.tensor1d(patchIndices(spec), 'int32');
    return tf.reshape<Rank.R2>(tf.gather(x, idx, 1), [B * oh * ow, k * k * c]);
  });
  const conv = tf.customGrad(((WW: Tensor, bb: Tensor, save: tf.GradSaveFunc) => {
    void WW;
    void bb;
    const z = tf.fused.matMul({ a: patches, b: W, bias: b }) as Tensor2D;
    save([patches]);
    return {
      value: z,
      gradFunc: (dy: Tensor, saved: Tensor[]) => [tf.matMul(tf.transpose(saved[0]), dy), tf.sum(dy, 0)],
    };
  }) as unknown as CustomGradFn);
  const z = conv(W, b) as Tensor2D;
  patches.dispose();
  const ph = Math.floor(oh / 2),
    pw = Math.floor(ow / 2);
  const act = tf
    .relu(z)
    .reshape([B, oh, ow, spec.filters])
    .slice([0, 0, 0, 0], [B, ph * 2, pw * 2, spec.filters]);
  // 2×2 max pooling as reshape + max: its gradient exists on every backend.
  const pooled = tf.max(tf.reshape(act, [B, ph, 2, pw, 2, spec.filters]), [2, 4]);
  return tf.reshape<Rank.R2>(pooled, [B, ph * pw * spec.filters]);
}
