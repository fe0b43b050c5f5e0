/**
 * A dense layer y = act(x·W + b) with a hand-written gradient.
 *
 * Why: tfjs derives matMul's gradient as matMul(dy, W, transposeB) and matMul(x, dy, transposeA);
 * on the wasm backend a matMul with a transposed operand runs about 10× slower than a plain one,
 * and dense backprop is almost all of a small MLP's step. Transposing explicitly first (a cheap copy)
 * and then calling a plain matMul gives the same numbers at the plain speed on every backend.
 * The forward pass is one fused matMul + bias, then ReLU.
 */
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

export type Activation = 'relu' | 'linear';

/**
 * `inputGrad: false` closes over x instead of taking it as an input, so the first layer never
 * computes the gradient of the data (a full extra matMul).
 */
export function dense(x: Tensor2D, W: Tensor2D, b: Tensor1D, activation: Activation, inputGrad = true): Tensor2D {
  const forward = (xx: Tensor2D, save: (ts: Tensor[]) => void) => {
    // Bias fused into the matMul; ReLU apart, because tfjs un-fuses a ReLU whenever gradients are
    // being recorded (its fused kernels have no ReLU gradient), which would drop the bias fusion too.
    const z = tf.fused.matMul({ a: xx, b: W, bias: b }) as Tensor2D;
    const y = activation === 'relu' ? tf.relu(z) : z;
    // x is saved too: tidy() would otherwise dispose an intermediate x before the backward pass.
    save(activation === 'relu' ? [xx, y] : [xx]);
    return y;
  };
  const backward = (dy: Tensor, saved: Tensor[]) => {
    const g = activation === 'relu' ? tf.mul(dy, tf.step(saved[1])) : dy;
    const dW = tf.matMul(tf.transpose(saved[0]), g);
    const db = tf.sum(g, 0);
    return { g: g as Tensor2D, dW, db };
  };
  if (inputGrad) {
    const f = tf.customGrad(((xx: Tensor, WW: Tensor, bb: Tensor, save: tf.GradSaveFunc) => {
      void WW;
      void bb;
      return {
        value: forward(xx as Tensor2D, save),
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const { g, dW, db } = backward(dy, saved);
          return [tf.matMul(g, tf.transpose(W)), dW, db];
        },
      };
    }) as unknown as CustomGradFn);
    return f(x, W, b) as Tensor2D;
  }
  const f = tf.customGrad(((WW: Tensor, bb: Tensor, save: tf.GradSaveFunc) => {
    void WW;
    void bb;
    return {
      value: forward(x, save),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const { dW, db } = backward(dy, saved);
        return [dW, db];
      },
    };
  }) as unknown as CustomGradFn);
  return f(W, b) as Tensor2D;
}

/** The same layer with tfjs' automatic gradient: the reference the custom gradient is tested against. */
export function denseAutodiff(x: Tensor2D, W: Tensor2D, b: Tensor1D, activation: Activation): Tensor2D {
  const y = tf.add<Tensor2D>(tf.matMul(x, W), b);
  return activation === 'relu' ? tf.relu(y) : y;
}
