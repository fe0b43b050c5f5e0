/**
 * A classification dataset as flat typed arrays (no tensors: splitting and normalising are pure and
 * cheap to test), and the seeded train/validation/test split with normalisation fitted on train.
 */
import { createRng } from '../../util/rng.js';

export interface Examples {
  /** Row-major features, n × features. */
  readonly x: Float32Array;
  /** Class index per row, 0..classes−1. */
  readonly y: Int32Array;
  readonly n: number;
}

export interface RawDataset {
  /** `digits`, `fashion-mnist`, or the CSV path. */
  readonly name: string;
  /** SHA-256 of the source bytes: part of the teacher's cache key. */
  readonly fingerprint: string;
  readonly features: number;
  readonly classes: number;
  readonly classNames: readonly string[];
  /** [height, width, channels] for image data (a CNN teacher needs it). */
  readonly imageShape?: readonly [number, number, number];
  /** `per-feature` z-scores each column; `global` one mean and sd for all pixels (images). */
  readonly normalisation: 'per-feature' | 'global';
  /** Examples without a predefined split, or the official train part. */
  readonly train: Examples;
  /** The official test part when the source has one (Fashion-MNIST). */
  readonly test?: Examples;
  /** Split fractions suited to this source when the caller sets none (e.g. Fashion-MNIST's usual 10,000 test rows). */
  readonly splitDefaults?: { readonly validation: number; readonly test: number };
}

export interface Splits {
  readonly name: string;
  readonly features: number;
  readonly classes: number;
  readonly classNames: readonly string[];
  readonly imageShape?: readonly [number, number, number];
  readonly train: Examples;
  readonly validation: Examples;
  readonly test: Examples;
  /** The normalisation fitted on train: x' = (x − mean) / sd. */
  readonly mean: Float32Array;
  readonly sd: Float32Array;
}

export interface SplitOptions {
  readonly seed: number;
  /** Fraction held out for validation (of the train part when a test part exists). */
  readonly validation?: number;
  /** Fraction held out for test when the source has none. */
  readonly test?: number;
}

/**
 * Shuffles with a seeded RNG, cuts validation (and test, when the source has none), then z-scores
 * every part with the mean and sd of the train part only (no test information leaks into training).
 */
export function splitDataset(raw: RawDataset, opts: SplitOptions): Splits {
  const rng = createRng(opts.seed);
  const order = permutation(raw.train.n, rng.next);
  const nVal = Math.max(1, Math.round(raw.train.n * (opts.validation ?? 0.2)));
  const nTest = raw.test ? 0 : Math.max(1, Math.round(raw.train.n * (opts.test ?? 0.2)));
  const nTrain = raw.train.n - nVal - nTest;
  if (nTrain < 1) throw new RangeError(`dataset ${raw.name} has too few rows (${raw.train.n}) to split`);
  const trainRaw = take(raw.train, order.subarray(0, nTrain), raw.features);
  const valRaw = take(raw.train, order.subarray(nTrain, nTrain + nVal), raw.features);
  const testRaw = raw.test ?? take(raw.train, order.subarray(nTrain + nVal), raw.features);
  const { mean, sd } = fitNormalisation(trainRaw, raw.features, raw.normalisation);
  const norm = (e: Examples) => normalise(e, raw.features, mean, sd);
  return {
    name: raw.name,
    features: raw.features,
    classes: raw.classes,
    classNames: raw.classNames,
    imageShape: raw.imageShape,
    train: norm(trainRaw),
    validation: norm(valRaw),
    test: norm(testRaw),
    mean,
    sd,
  };
}

/** Fisher–Yates over 0..n−1 driven by `next()` in [0, 1). */
export function permutation(n: number, next: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const tmp = p[i];
    p[i] = p[j];
    p[j] = tmp;
  }
  return p;
}

export function take(e: Examples, rows: ArrayLike<number>, features: number): Examples {
  const x = new Float32Array(rows.length * features);
  const y = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    x.set(e.x.subarray(r * features, (r + 1) * features), i * features);
    y[i] = e.y[r];
  }
  return { x, y, n: rows.length };
}

export function fitNormalisation(
  e: Examples,
  features: number,
  mode: RawDataset['normalisation'],
): { mean: Float32Array; sd: Float32Array } {
  const mean = new Float32Array(features);
  const sd = new Float32Array(features);
  if (mode === 'global') {
    let s = 0,
      ss = 0;
    for (let i = 0; i < e.x.length; i++) s += e.x[i];
    const m = s / e.x.length;
    for (let i = 0; i < e.x.length; i++) ss += (e.x[i] - m) ** 2;
    mean.fill(m);
    sd.fill(Math.sqrt(ss / e.x.length) || 1);
    return { mean, sd };
  }
  const acc = new Float64Array(features),
    acc2 = new Float64Array(features);
  for (let r = 0; r < e.n; r++) for (let f = 0; f < features; f++) acc[f] += e.x[r * features + f];
  for (let f = 0; f < features; f++) acc[f] /= e.n;
  for (let r = 0; r < e.n; r++) for (let f = 0; f < features; f++) acc2[f] += (e.x[r * features + f] - acc[f]) ** 2;
  for (let f = 0; f < features; f++) {
    mean[f] = acc[f];
    // A constant column (a corner pixel) gets sd 1 so it stays 0 instead of dividing by zero.
    const s = Math.sqrt(acc2[f] / e.n);
    sd[f] = s > 1e-8 ? s : 1;
  }
  return { mean, sd };
}

export function normalise(e: Examples, features: number, mean: Float32Array, sd: Float32Array): Examples {
  const x = new Float32Array(e.x.length);
  for (let r = 0; r < e.n; r++)
    for (let f = 0; f < features; f++) {
      const i = r * features + f;
      x[i] = (e.x[i] - mean[f]) / sd[f];
    }
  return { x, y: e.y, n: e.n };
}

/**
 * A seeded, class-balanced subset of `count` rows (the labelled examples of a label budget): each
 * class's rows are shuffled, then classes are taken in turn, one row each, so 100 of 10 classes is
 * 10 per class (a class that runs out is skipped). Returned sorted ascending.
 */
export function chooseLabelled(y: Int32Array, classes: number, count: number, next: () => number): Int32Array {
  if (count >= y.length) return Int32Array.from({ length: y.length }, (_, i) => i);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < y.length; i++) byClass[y[i]].push(i);
  const shuffled = byClass.map((rows) => Array.from(permutation(rows.length, next), (j) => rows[j]));
  const out: number[] = [];
  for (let round = 0; out.length < count; round++)
    for (const rows of shuffled) if (round < rows.length && out.length < count) out.push(rows[round]);
  return Int32Array.from(out).sort();
}
