/**
 * The training loop shared by teacher and students: seeded shuffling, Adam, one loss per batch,
 * evaluation on validation after each epoch, callbacks, early stop and abort.
 * Memory discipline: every step runs inside minimize's tidy, the running loss is a number read back
 * each step (Adam reads the gradients back anyway), and the only tensors that outlive a step are
 * the model's variables; Adam's moments live on the host (adam.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { EpochLog } from '../domain/run.js';
import type { TrainCallbacks } from '../domain/trainer.js';
import { createRng } from '../util/rng.js';
import type { Examples } from './data/dataset.js';
import { permutation } from './data/dataset.js';
import { HostAdam } from './adam.js';
import { crossEntropy } from './losses/ce.js';
import type { LossFn, LossOptions } from './losses/types.js';
import type { Mlp } from './model/mlp.js';

/** A split held on the device: features, labels, and the labels one-hot. */
export interface DeviceExamples {
  readonly x: Tensor2D;
  readonly y: Tensor1D;
  readonly oneHot: Tensor2D;
  readonly n: number;
}

export function toDevice(e: Examples, features: number, classes: number): DeviceExamples {
  return tf.tidy(() => {
    const y = tf.tensor1d(e.y, 'int32');
    return { x: tf.tensor2d(e.x, [e.n, features]), y, oneHot: tf.oneHot(y, classes).toFloat() as Tensor2D, n: e.n };
  });
}

export function disposeDevice(d: DeviceExamples): void {
  tf.dispose([d.x, d.y, d.oneHot]);
}

export interface Evaluation {
  /** Mean cross-entropy with the labels. */
  readonly loss: number;
  readonly accuracy: number;
}

/** Cross-entropy and accuracy of the model on a split, in chunks, with one read back at the end. */
export function evaluate(model: Mlp, data: DeviceExamples, chunk = 2048): Evaluation {
  const [lossSum, correct] = tf.tidy(() => {
    let l: Scalar = tf.scalar(0);
    let c: Scalar = tf.scalar(0);
    for (let i = 0; i < data.n; i += chunk) {
      const m = Math.min(chunk, data.n - i);
      const s = model.logits(data.x.slice([i, 0], [m, -1]));
      l = tf.add(l, tf.mul(crossEntropy(s, data.oneHot.slice([i, 0], [m, -1])), m));
      c = tf.add(c, tf.sum(tf.cast(tf.equal(tf.argMax(s, 1), data.y.slice([i], [m])), 'float32')));
    }
    return [l, c];
  });
  const out = { loss: lossSum.dataSync()[0] / data.n, accuracy: correct.dataSync()[0] / data.n };
  tf.dispose([lossSum, correct]);
  return out;
}

/** Logits of every row, as a flat array n × classes (the teacher's cached soft targets). */
export function predictLogits(model: Mlp, x: Tensor2D, chunk = 2048): Float32Array {
  const all = tf.tidy(() => {
    const parts: Tensor2D[] = [];
    for (let i = 0; i < x.shape[0]; i += chunk) parts.push(model.logits(x.slice([i, 0], [Math.min(chunk, x.shape[0] - i), -1])));
    return tf.concat(parts, 0);
  });
  const data = all.dataSync() as Float32Array;
  all.dispose();
  return data;
}

export interface LoopOptions {
  readonly model: Mlp;
  readonly train: DeviceExamples;
  readonly validation: DeviceExamples;
  /** The teacher's logits for every train row [n, C]; absent when training the teacher itself. */
  readonly teacherLogits?: Tensor2D;
  readonly loss: LossFn;
  readonly lossOptions: LossOptions;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** Seeds the batch order (and dropout masks). */
  readonly seed: number;
  readonly dropout?: number;
  /** Stop when validation loss has not improved for this many epochs, and restore the best weights. */
  readonly patience?: number;
  readonly callbacks?: TrainCallbacks;
}

export interface LoopResult {
  readonly history: EpochLog[];
  readonly stoppedEarly: boolean;
  /** Seconds spent in optimisation steps (evaluation excluded). */
  readonly trainSeconds: number;
  readonly samples: number;
  /** The epoch whose weights the model holds at the end (the best one under early stopping). */
  readonly bestEpoch: number;
}

export async function trainLoop(o: LoopOptions): Promise<LoopResult> {
  const rng = createRng(o.seed);
  const optimizer = new HostAdam(o.model.variables, { learningRate: o.learningRate });
  const history: EpochLog[] = [];
  const n = o.train.n;
  let trainSeconds = 0;
  let samples = 0;
  let stoppedEarly = false;
  let best = { loss: Infinity, epoch: 0, weights: undefined as Float32Array[] | undefined };
  let step = 0;
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      o.callbacks?.signal?.throwIfAborted();
      const order = permutation(n, rng.next);
      const start = performance.now();
      let lossSum = 0;
      for (let i = 0; i < n; i += o.batchSize) {
        if (o.callbacks?.signal?.aborted) break;
        const m = Math.min(o.batchSize, n - i);
        const idx = tf.tensor1d(order.subarray(i, i + m), 'int32');
        const stepSeed = o.seed * 1_000_003 + ++step;
        const cost = optimizer.minimize(() => {
          const s = o.model.logits(tf.gather(o.train.x, idx), { dropout: o.dropout, dropoutSeed: stepSeed });
          const y = tf.gather(o.train.oneHot, idx);
          // The teacher's own training has no teacher: `ce` ignores its second argument.
          const t = o.teacherLogits ? tf.gather(o.teacherLogits, idx) : s;
          return o.loss(s, t, y, o.lossOptions);
        });
        lossSum += cost.dataSync()[0] * m;
        tf.dispose([cost, idx]);
        samples += m;
      }
      const trainLoss = lossSum / n;
      trainSeconds += (performance.now() - start) / 1000;
      o.callbacks?.signal?.throwIfAborted();

      const val = evaluate(o.model, o.validation);
      const log: EpochLog = { epoch, 'train/loss': trainLoss, 'eval/loss': val.loss, 'eval/accuracy': val.accuracy };
      history.push(log);
      if (o.patience !== undefined && val.loss < best.loss) best = { loss: val.loss, epoch, weights: o.model.snapshot() };
      const verdict = await o.callbacks?.onEpochEnd?.(log);
      if (verdict === 'stop' && epoch < o.epochs) {
        stoppedEarly = true;
        break;
      }
      if (o.patience !== undefined && epoch - best.epoch >= o.patience) {
        stoppedEarly = true;
        break;
      }
      // Let timers, signals and IPC run between epochs (a step loop is synchronous on cpu and wasm).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
  }
  if (best.weights && best.epoch !== history.length) o.model.restore(best.weights);
  return { history, stoppedEarly, trainSeconds, samples, bestEpoch: best.weights ? best.epoch : history.length };
}
