/**
 * The teacher: trained once per definition, then read from the cache by every student run.
 *
 * Cache key: SHA-256 of everything that defines the teacher (dataset bytes, split, architecture,
 * training hyperparameters, seed). Entry: <cacheDir>/teacher-<dataset>-<key>/ with model.json +
 * weights.bin (tfjs artifacts), logits.bin (float32 logits of every train row, so students never
 * re-run the teacher) and meta.json. Written into a temp folder and renamed into place, so a
 * crash or two agents racing never leave a half entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Tensor2D } from '@tensorflow/tfjs';
import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { EpochLog } from '../domain/run.js';
import { MAX_TEACHER_ENSEMBLE } from '../domain/trainer.js';
import { formatFixed } from '../render/format.js';
import type { Splits } from './data/dataset.js';
import type { DeviceExamples } from './fit.js';
import { evaluate, predictLogits, trainLoop } from './fit.js';
import { ce } from './losses/ce.js';
import { Mlp, describeArchitecture } from './model/mlp.js';
import type { MlpArchitecture } from './model/mlp.js';
import type { BackendInfo } from './backend.js';

export interface TeacherConfig {
  /** Hidden layer sizes (default [256, 256]; Hinton et al. used [1200, 1200] on MNIST). */
  readonly hidden?: readonly number[];
  /** Most epochs; early stopping on validation loss usually ends sooner (default 50). */
  readonly epochs?: number;
  /** Epochs without a better validation loss before stopping (default 5). */
  readonly patience?: number;
  readonly learning_rate?: number;
  readonly batch_size?: number;
  /** Dropout on hidden activations while training (default 0.2). */
  readonly dropout?: number;
  readonly seed?: number;
  /** `cnn` puts a convolution (conv_kernel × conv_kernel, conv_filters) + 2×2 max pool in front; image data only. */
  readonly arch?: 'mlp' | 'cnn';
  /** Default 5 for images of 20 pixels or more, else 3. */
  readonly conv_kernel?: number;
  /** Default 16. */
  readonly conv_filters?: number;
  /** Shift training images by up to one pixel each way (image data; default off). */
  readonly augment?: boolean;
  /**
   * Average the logits of this many teachers, trained alike with seeds seed, seed + 1, … (default 1).
   * Hinton et al. (2015) distilled ensembles: their averaged predictions are better than any member's.
   */
  readonly ensemble?: number;
}

export const TEACHER_DEFAULTS = {
  hidden: [256, 256],
  epochs: 50,
  patience: 5,
  learning_rate: 0.001,
  batch_size: 64,
  dropout: 0.2,
  seed: 0,
} as const;

export type ResolvedTeacherConfig = { -readonly [K in keyof typeof TEACHER_DEFAULTS]: K extends 'hidden' ? number[] : number } & {
  /** Present only for a CNN, so MLP teachers keep their cache keys. */
  arch?: 'cnn';
  conv_kernel?: number;
  conv_filters?: number;
  /** Present only when on, for the same reason. */
  augment?: true;
  /** Present only above 1: each member is the same config without it, seeded seed + k, cached on its own. */
  ensemble?: number;
};

export function resolveTeacherConfig(c: TeacherConfig = {}, imageShape?: readonly [number, number, number]): ResolvedTeacherConfig {
  const r: ResolvedTeacherConfig = {
    hidden: [...(c.hidden ?? TEACHER_DEFAULTS.hidden)],
    epochs: c.epochs ?? TEACHER_DEFAULTS.epochs,
    patience: c.patience ?? TEACHER_DEFAULTS.patience,
    learning_rate: c.learning_rate ?? TEACHER_DEFAULTS.learning_rate,
    batch_size: c.batch_size ?? TEACHER_DEFAULTS.batch_size,
    dropout: c.dropout ?? TEACHER_DEFAULTS.dropout,
    seed: c.seed ?? TEACHER_DEFAULTS.seed,
  };
  if (c.arch === 'cnn') {
    const side = imageShape ? Math.min(imageShape[0], imageShape[1]) : 28;
    r.arch = 'cnn';
    r.conv_kernel = c.conv_kernel ?? (side >= 20 ? 5 : 3);
    r.conv_filters = c.conv_filters ?? 16;
    if (!(Number.isInteger(r.conv_kernel) && r.conv_kernel >= 1 && r.conv_kernel + 1 <= side))
      throw new UsageError(`teacher conv_kernel must be an integer from 1 to ${side - 1}, got ${r.conv_kernel}`);
    if (!(Number.isInteger(r.conv_filters) && r.conv_filters >= 1))
      throw new UsageError(`teacher conv_filters must be an integer ≥ 1, got ${r.conv_filters}`);
  } else if (c.arch !== undefined && c.arch !== 'mlp') {
    throw new UsageError(`unknown teacher architecture ${JSON.stringify(c.arch)}; valid: mlp, cnn`);
  }
  if (c.augment === true) r.augment = true;
  if (c.ensemble !== undefined && c.ensemble !== 1) {
    if (!(Number.isInteger(c.ensemble) && c.ensemble >= 1 && c.ensemble <= MAX_TEACHER_ENSEMBLE))
      throw new UsageError(`teacher ensemble must be an integer from 1 to ${MAX_TEACHER_ENSEMBLE}, got ${c.ensemble}`);
    r.ensemble = c.ensemble;
  }
  if (!r.hidden.every((h) => Number.isInteger(h) && h > 0))
    throw new UsageError(`teacher hidden sizes must be positive integers, got ${JSON.stringify(r.hidden)}`);
  if (!(Number.isInteger(r.epochs) && r.epochs >= 1)) throw new UsageError(`teacher epochs must be an integer ≥ 1, got ${r.epochs}`);
  if (!(r.dropout >= 0 && r.dropout < 1)) throw new UsageError(`teacher dropout must be in [0, 1), got ${r.dropout}`);
  return r;
}

/** What the cache records about a teacher (meta.json). */
export interface TeacherMeta {
  readonly key: string;
  readonly dataset: string;
  readonly architecture: string;
  readonly config: ResolvedTeacherConfig;
  readonly trainRows: number;
  readonly classes: number;
  readonly epochsTrained: number;
  readonly bestEpoch: number;
  readonly evalAccuracy: number;
  readonly evalLoss: number;
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly backend: string;
  readonly device: string;
  readonly wallTimeS: number;
  /** Epoch logs of the training (empty for an ensemble: see its members). */
  readonly history: EpochLog[];
  /** An ensemble's members (their own cache entries); bestEpoch and epochsTrained are then their sums. */
  readonly members?: readonly { readonly key: string; readonly evalAccuracy: number; readonly testAccuracy: number }[];
}

export interface Teacher {
  readonly meta: TeacherMeta;
  /** Logits of every train row, n × classes. */
  readonly trainLogits: Float32Array;
  /** True when read from the cache. */
  readonly cached: boolean;
  readonly dir: string;
}

export interface TeacherInput {
  readonly splits: Splits;
  readonly fingerprint: string;
  readonly split: Readonly<Record<string, number>>;
  readonly device: { readonly train: DeviceExamples; readonly validation: DeviceExamples; readonly test: DeviceExamples };
  readonly config: ResolvedTeacherConfig;
  readonly cacheDir: string;
  readonly backend: BackendInfo;
  readonly logger: Logger;
  readonly onEpochEnd?: (log: EpochLog) => void;
}

/** Hash of everything that defines the teacher; the backend is recorded but not part of it. */
export function teacherKey(fingerprint: string, split: Readonly<Record<string, number>>, config: ResolvedTeacherConfig): string {
  const definition = { format: 1, model: 'mlp', dataset: fingerprint, split, config };
  // (a CNN's arch and conv fields are inside config)
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 20);
}

export async function loadOrTrainTeacher(input: TeacherInput): Promise<Teacher> {
  const { splits, config, logger } = input;
  const key = teacherKey(input.fingerprint, input.split, config);
  const slug = splits.name
    .replace(/^.*[\\/]/, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .slice(0, 40);
  const dir = join(input.cacheDir, `teacher-${slug}-${key}`);
  const cached = await readCache(dir, splits.train.n * splits.classes, logger);
  if (cached) {
    logger.debug(`teacher ${key} read from ${dir}`);
    return { meta: cached.meta, trainLogits: cached.logits, cached: true, dir };
  }
  if (config.ensemble !== undefined) return trainEnsemble(input, key, dir);

  if (config.arch === 'cnn' && !splits.imageShape)
    throw new UsageError(`a CNN teacher needs image data; ${splits.name} has no image shape (use the MLP teacher)`);
  if (config.augment && !splits.imageShape)
    throw new UsageError(`shift augmentation needs image data; ${splits.name} has no image shape (leave augment off)`);
  const arch: MlpArchitecture = {
    kind: config.arch === 'cnn' ? 'cnn' : 'mlp',
    inputs: splits.features,
    hidden: config.hidden,
    outputs: splits.classes,
    ...(config.arch === 'cnn'
      ? { conv: { imageShape: splits.imageShape!, kernel: config.conv_kernel!, filters: config.conv_filters! } }
      : {}),
  };
  const architecture = describeArchitecture(arch);
  logger.info(
    `training teacher ${architecture} on ${splits.name} (${splits.train.n} rows, at most ${config.epochs} epochs; cached as ${dir})`,
  );
  const started = performance.now();
  const model = Mlp.init(arch, config.seed);
  try {
    const loop = await trainLoop({
      model,
      train: input.device.train,
      validation: input.device.validation,
      loss: ce,
      lossOptions: { wHard: 1, wSoft: 0, temperature: 1, k: 0 },
      learningRate: config.learning_rate,
      batchSize: config.batch_size,
      epochs: config.epochs,
      seed: config.seed,
      dropout: config.dropout,
      patience: config.patience,
      ...(config.augment ? { augment: { imageShape: splits.imageShape!, mean: splits.mean, sd: splits.sd } } : {}),
      callbacks: { onEpochEnd: input.onEpochEnd },
    });
    const val = evaluate(model, input.device.validation);
    const test = evaluate(model, input.device.test);
    const logits = predictLogits(model, input.device.train.x);
    const meta = teacherMeta(input, key, started, val, test, {
      architecture,
      epochsTrained: loop.history.length,
      bestEpoch: loop.bestEpoch,
      history: loop.history,
    });
    await writeCache(input.cacheDir, dir, model, logits, meta, logger);
    return { meta, trainLogits: logits, cached: false, dir };
  } finally {
    model.dispose();
  }
}

async function readCache(
  dir: string,
  expectedLogits: number,
  logger: Logger,
): Promise<{ meta: TeacherMeta; logits: Float32Array } | undefined> {
  let metaText: string;
  try {
    metaText = await readFile(join(dir, 'meta.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const meta = JSON.parse(metaText) as TeacherMeta;
    const buf = await readFile(join(dir, 'logits.bin'));
    const logits = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (logits.length !== expectedLogits) throw new Error(`logits.bin holds ${logits.length} values, expected ${expectedLogits}`);
    return { meta, logits };
  } catch (err) {
    logger.warn(`teacher cache ${dir} is unreadable (${(err as Error).message}); training it again`);
    return undefined;
  }
}

async function writeCache(
  cacheDir: string,
  dir: string,
  model: Mlp | undefined,
  logits: Float32Array,
  meta: TeacherMeta,
  logger: Logger,
): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const tmp = join(cacheDir, `.tmp-${randomBytes(6).toString('hex')}`);
  await mkdir(tmp);
  try {
    await model?.save(tmp);
    await writeFile(join(tmp, 'logits.bin'), new Uint8Array(logits.buffer, logits.byteOffset, logits.byteLength));
    await writeFile(join(tmp, 'meta.json'), JSON.stringify(meta, null, 2));
    try {
      await rename(tmp, dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // Another process finished the same teacher first: keep theirs if it reads back, else replace it.
      if (await readCache(dir, logits.length, logger)) {
        logger.debug(`teacher cache ${dir} was written concurrently; keeping that one`);
        await rm(tmp, { recursive: true, force: true });
        return;
      }
      await rm(dir, { recursive: true, force: true });
      await rename(tmp, dir);
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * An ensemble: each member trained (or read from the cache) as a teacher of its own, then their
 * logits averaged on every split. The entry holds the averaged train logits and the meta; the
 * members' entries hold the models.
 */
async function trainEnsemble(input: TeacherInput, key: string, dir: string): Promise<Teacher> {
  const { splits, config, logger } = input;
  const n = config.ensemble!;
  const started = performance.now();
  const { ensemble: _, ...single } = config;
  const sum = {
    train: new Float64Array(splits.train.n * splits.classes),
    validation: new Float64Array(splits.validation.n * splits.classes),
    test: new Float64Array(splits.test.n * splits.classes),
  };
  const members: { key: string; evalAccuracy: number; testAccuracy: number }[] = [];
  let epochsTrained = 0;
  let bestEpochs = 0;
  let architecture = '';
  for (let k = 0; k < n; k++) {
    logger.info(`teacher ensemble: member ${k + 1} of ${n} (seed ${config.seed + k})`);
    const member = await loadOrTrainTeacher({ ...input, config: { ...single, seed: config.seed + k } });
    members.push({ key: member.meta.key, evalAccuracy: member.meta.evalAccuracy, testAccuracy: member.meta.testAccuracy });
    epochsTrained += member.meta.epochsTrained;
    bestEpochs += member.meta.bestEpoch;
    architecture = member.meta.architecture;
    addInto(sum.train, member.trainLogits);
    const model = await Mlp.load(member.dir);
    try {
      addInto(sum.validation, predictLogits(model, input.device.validation.x));
      addInto(sum.test, predictLogits(model, input.device.test.x));
    } finally {
      model.dispose();
    }
  }
  const mean = (a: Float64Array) => Float32Array.from(a, (v) => v / n);
  const val = scoreLogits(mean(sum.validation), splits.validation.y, splits.classes);
  const test = scoreLogits(mean(sum.test), splits.test.y, splits.classes);
  const logits = mean(sum.train);
  const meta = teacherMeta(input, key, started, val, test, {
    architecture: `${n} × ${architecture}`,
    epochsTrained,
    bestEpoch: bestEpochs,
    history: [],
    members,
  });
  logger.info(
    `teacher ensemble of ${n}: test/accuracy ${formatFixed(test.accuracy)} (members ${members.map((m) => formatFixed(m.testAccuracy)).join(', ')})`,
  );
  await writeCache(input.cacheDir, dir, undefined, logits, meta, logger);
  return { meta, trainLogits: logits, cached: false, dir };
}

/** The cache's record of a teacher: what defines it, its scores, where and how long it trained. */
function teacherMeta(
  input: TeacherInput,
  key: string,
  started: number,
  val: { accuracy: number; loss: number },
  test: { accuracy: number; loss: number },
  training: Pick<TeacherMeta, 'architecture' | 'epochsTrained' | 'bestEpoch' | 'history' | 'members'>,
): TeacherMeta {
  return {
    key,
    dataset: input.splits.name,
    config: input.config,
    trainRows: input.splits.train.n,
    classes: input.splits.classes,
    evalAccuracy: val.accuracy,
    evalLoss: val.loss,
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    backend: input.backend.name,
    device: input.backend.device,
    wallTimeS: (performance.now() - started) / 1000,
    ...training,
  };
}

function addInto(sum: Float64Array, x: Float32Array): void {
  for (let i = 0; i < sum.length; i++) sum[i] += x[i];
}

/** Accuracy and mean cross-entropy of logits (n × classes) against labels, in float64. */
export function scoreLogits(logits: Float32Array, labels: Int32Array, classes: number): { accuracy: number; loss: number } {
  const n = labels.length;
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    let arg = 0;
    for (let c = 1; c < classes; c++) if (row[c] > row[arg]) arg = c;
    if (arg === labels[i]) correct++;
    let lse = 0;
    for (let c = 0; c < classes; c++) lse += Math.exp(row[c] - row[arg]);
    loss += row[arg] + Math.log(lse) - row[labels[i]];
  }
  return { accuracy: n ? correct / n : NaN, loss: n ? loss / n : NaN };
}

/** Loads a cached teacher model (for inspection or further use); the caller disposes it. */
export async function loadTeacherModel(dir: string): Promise<Mlp> {
  return Mlp.load(dir);
}

/** The cached logits as a device tensor [n, C]. */
export function logitsTensor(logits: Float32Array, n: number, classes: number): Tensor2D {
  return tf.tensor2d(logits, [n, classes]);
}
