import type { Scalar, Tensor2D } from '@tensorflow/tfjs';

/** The distillation hyperparameters a loss reads (canonical names: w_hard, w_soft, temperature, k). */
export interface LossOptions {
  readonly wHard: number;
  readonly wSoft: number;
  readonly temperature: number;
  readonly k: number;
}

/**
 * A loss variant: student logits `s` [B, C], teacher logits `t` [B, C], one-hot labels `y` [B, C]
 * → a scalar, the batch mean. Every implementation runs inside `tf.tidy`.
 */
export type LossFn = (s: Tensor2D, t: Tensor2D, y: Tensor2D, o: LossOptions) => Scalar;
