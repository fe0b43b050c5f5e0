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
  /**
   * Train rows whose labels the student may see (absent = all). With `labelsOnly` the batches are
   * drawn from these rows alone; otherwise from every row, with the labels of the others hidden.
   */
  readonly labelled?: Int32Array;
  /** The loss reads no teacher (`ce`): train on the labelled rows only. */
  readonly labelsOnly?: boolean;
  /** Shift each training image by up to one pixel in each direction (teacher training on image data). */
  readonly augment?: ShiftAugment;
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
  const subset = o.labelled && o.labelled.length < n ? o.labelled : undefined;
  const isLabelled = subset && !o.labelsOnly ? new Uint8Array(n) : undefined;
  if (isLabelled) for (const r of subset!) isLabelled[r] = 1;
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      o.callbacks?.signal?.throwIfAborted();
      const order = subset && o.labelsOnly ? cycledOrder(subset, n, () => rng.next()) : permutation(n, rng.next);
      const start = performance.now();
      let lossSum = 0;
      for (let i = 0; i < n; i += o.batchSize) {
        if (o.callbacks?.signal?.aborted) break;
        const m = Math.min(o.batchSize, n - i);
        const idx = tf.tensor1d(order.subarray(i, i + m), 'int32');
        const stepSeed = o.seed * 1_000_003 + ++step;
        const hard = isLabelled ? hardWeights(isLabelled, order.subarray(i, i + m)) : undefined;
        const shifted = o.augment ? shiftImages(o.train.x, idx, o.augment, () => rng.next()) : undefined;
        const cost = optimizer.minimize(() => {
          const s = o.model.logits(shifted ?? tf.gather(o.train.x, idx), { dropout: o.dropout, dropoutSeed: stepSeed });
          const oneHot = tf.gather(o.train.oneHot, idx);
          // Every loss is linear in y, so zero rows drop unlabelled examples from the hard term.
          const y = hard ? tf.mul<Tensor2D>(oneHot, tf.tensor2d(hard, [m, 1])) : oneHot;
          // The teacher's own training has no teacher: `ce` ignores its second argument.
          const t = o.teacherLogits ? tf.gather(o.teacherLogits, idx) : s;
          return o.loss(s, t, y, o.lossOptions);
        });
        lossSum += cost.dataSync()[0] * m;
        tf.dispose([cost, idx]);
        shifted?.dispose();
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

/**
 * An epoch of `n` rows drawn from `rows` alone, as back-to-back shuffles of them: a labels-only
 * student takes as many steps per epoch as a distilled one, so neither wins by training longer.
 */
export function cycledOrder(rows: Int32Array, n: number, next: () => number): Int32Array {
  const out = new Int32Array(n);
  for (let filled = 0; filled < n;) {
    const p = permutation(rows.length, next);
    for (let j = 0; j < p.length && filled < n; j++) out[filled++] = rows[p[j]];
  }
  return out;
}

/**
 * Per-row weights of the one-hot labels in a batch: 0 for a row whose label is hidden, m / m_l for
 * the m_l labelled rows of the m. Every loss is linear in y through its batch-mean cross-entropy, so
 * this makes the hard-label term the mean over the labelled rows alone (0 when the batch has none).
 */
export function hardWeights(isLabelled: Uint8Array, rows: Int32Array): Float32Array {
  let ml = 0;
  for (const r of rows) ml += isLabelled[r];
  const w = new Float32Array(rows.length);
  if (ml > 0) for (let j = 0; j < rows.length; j++) w[j] = isLabelled[rows[j]] ? rows.length / ml : 0;
  return w;
}

export interface ShiftAugment {
  readonly imageShape: readonly [number, number, number];
  /** The split's normalisation: shifting happens on raw pixels, so the uncovered border is background (0). */
  readonly mean: Float32Array;
  readonly sd: Float32Array;
}

/**
 * The rows `idx` of x, each image moved by (dy, dx) ∈ {−1, 0, 1}² drawn from `next`: all nine shifts
 * of the batch are cut from one zero-padded copy, then one is gathered per row.
 */
export function shiftImages(x: Tensor2D, idx: Tensor1D, a: ShiftAugment, next: () => number): Tensor2D {
  const B = idx.shape[0];
  const pick = new Int32Array(B);
  for (let i = 0; i < B; i++) pick[i] = Math.floor(next() * 9) * B + i;
  return tf.tidy(() => {
    const [h, w, c] = a.imageShape;
    const mean = tf.tensor1d(a.mean);
    const sd = tf.tensor1d(a.sd);
    const raw = tf.add(tf.mul(tf.gather(x, idx), sd), mean).reshape([B, h, w, c]);
    const padded = tf.pad(raw, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    const shifts: Tensor2D[] = [];
    for (let dy = 0; dy < 3; dy++)
      for (let dx = 0; dx < 3; dx++) shifts.push(padded.slice([0, dy, dx, 0], [B, h, w, c]).reshape([B, h * w * c]));
    const chosen = tf.gather(tf.concat(shifts, 0), tf.tensor1d(pick, 'int32'));
    return tf.div<Tensor2D>(tf.sub(chosen, mean), sd);
  });
}
