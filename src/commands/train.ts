/**
 * `kdlab train`: one student run, recorded in the Store.
 *   read: options → dataset spec and canonical params (fail fast, before any store or training)
 *   train: createTrainer (teacher from the cache or trained once) → fit with progress callbacks
 *   apply: the run record (sweep created if missing; history per epoch; finished/failed/killed)
 * `train` is the command (opens and closes the store); `trainStudent` does the work on an open Store.
 */
import { hostname } from 'node:os';
import type { EpochLog, Params, RunRecord } from '../domain/run.js';
import type { Sweep } from '../domain/sweep.js';
import { DEFAULT_METRIC } from '../domain/metric.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { messages } from '../log/messages.js';
import { EXIT_INTERRUPTED, type CommandContext, type Progress, type ProgressMode } from './context.js';
import type { Store } from '../storage/store.js';
import { writeFileAtomic } from '../util/fs.js';
import { createRegistry } from '../util/registry.js';
import { formatDuration, formatFixed } from '../render/format.js';

// Built-in datasets; a CSV of one's own comes with --data FILE --label COL.
const datasets = createRegistry<'digits' | 'fashion-mnist'>('dataset', { digits: 'digits', 'fashion-mnist': 'fashion-mnist' });
import type { BackendChoice, DatasetSpec, StudentRunResult, TeacherConfig } from '../train/index.js';

export interface TrainOptions {
  /** `digits` (bundled) or `fashion-mnist`; ignored when `data` is given. */
  readonly dataset?: string;
  /** A user CSV with numeric feature columns and the `label` column. */
  readonly data?: string;
  readonly label?: string;
  readonly dataDir?: string;
  /** Student params under their canonical names (loss, w_hard, temperature, …). */
  readonly params: Params;
  readonly teacher?: TeacherConfig;
  readonly backend?: BackendChoice;
  readonly cacheDir?: string;
  /** Sweep the run joins (default `train-<loss>`), created when missing. */
  readonly sweep?: string;
  /** Write the run as JSON to FILE, `-` for stdout. */
  readonly json?: string;
}

export interface TrainCommandOptions extends TrainOptions {
  /** Store URL (default .kdlab/runs.db). */
  readonly store?: string;
  /** `bar` (a terminal), `lines` (one line per epoch) or `none`; default from the context. */
  readonly progress?: ProgressMode;
}

/** What trainStudent needs besides its options: where messages and progress go, and the stop signal. */
export interface TrainHooks {
  readonly logger: Logger;
  readonly progress?: (mode?: ProgressMode) => Progress;
  readonly progressMode?: ProgressMode;
  readonly signal?: AbortSignal;
  /** Where `json: "-"` writes the run (nothing is written without it). */
  readonly stdout?: (text: string) => void;
}

export interface TrainOutcome {
  readonly run: RunRecord;
  readonly sweep: Sweep;
  /** Undefined when interrupted. */
  readonly result?: StudentRunResult;
  readonly interrupted: boolean;
  readonly teacher: { readonly key: string; readonly cached: boolean; readonly testAccuracy: number; readonly dir: string };
}

/** `kdlab train`: exit 0, or 130 when Ctrl-C stopped the run (recorded as killed). */
export async function train(options: TrainCommandOptions, context: CommandContext): Promise<number> {
  const { resolveParams } = await import('../train/index.js');
  // Validate everything before opening the store, and before the teacher spends minutes training.
  resolveParams(options.params);
  datasetSpec(options);
  // With JSON on stdout, messages move to stderr so the output stays parseable.
  const logger: Logger =
    options.json === '-'
      ? { info: (m) => context.stderr(m + '\n'), warn: (m) => context.logger.warn(m), debug: (m) => context.logger.debug(m) }
      : context.logger;
  const store = await context.openStore(options.store, { cwd: context.cwd });
  try {
    const outcome = await trainStudent(store, options, {
      logger,
      progress: context.progress,
      progressMode: options.progress,
      signal: context.signal,
      stdout: context.stdout,
    });
    if (outcome.interrupted) {
      context.stderr(`interrupted: run ${outcome.run.id} recorded as killed in ${store.url}\n`);
      return EXIT_INTERRUPTED;
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** One student run into an open Store: the library side of `kdlab train`. */
export async function trainStudent(store: Store, opts: TrainOptions, hooks: TrainHooks): Promise<TrainOutcome> {
  const { createTrainer, resolveParams, resolveTeacherConfig, toParams } = await import('../train/index.js');
  const log = hooks.logger;
  const params = resolveParams(opts.params);
  const dataset = datasetSpec(opts);
  const sweepName = opts.sweep ?? `train-${params.loss}`;
  const progress = (what: string) => epochProgress(what, hooks.progress?.(hooks.progressMode), () => trainRows);
  let trainRows = 0;
  const teacherProgress = progress('teacher');
  let trainer: Awaited<ReturnType<typeof createTrainer>>;
  try {
    trainer = await createTrainer({
      onData: (d) => {
        trainRows = d.train;
      },
      dataset,
      dataDir: opts.dataDir,
      teacher: opts.teacher,
      cacheDir: opts.cacheDir,
      backend: opts.backend,
      logger: log,
      onTeacherEpoch: (l) => teacherProgress.epoch(l, resolveTeacherConfig(opts.teacher).epochs),
    });
  } finally {
    // Also on an error: a bar left running would keep the process alive.
    teacherProgress.stop();
  }
  try {
    const t = trainer.teacher;
    log.info(
      `teacher ${t.architecture}${t.cached ? ' (cached)' : ''}: eval/accuracy ${formatFixed(t.evalAccuracy)}, test/accuracy ${formatFixed(t.testAccuracy)}; backend ${trainer.backend.name}, ${trainer.backend.device}`,
    );
    const teacher = { key: t.key, cached: t.cached, testAccuracy: t.testAccuracy, dir: t.dir };

    const sweep =
      (await store.getSweep(sweepName)) ??
      (await store.createSweep({
        name: sweepName,
        method: 'grid',
        metric: DEFAULT_METRIC,
        config: {
          command: 'kdlab train',
          dataset: typeof dataset === 'string' ? dataset : dataset.csv,
          teacher: t.config,
          teacherKey: t.key,
        },
      }));
    const sweepTeacher = sweep.config.teacherKey;
    if (typeof sweepTeacher === 'string' && sweepTeacher !== t.key) log.warn(messages.teacherChanged(sweep.name, sweepTeacher, t.key));
    let run = await store.addRun(sweep.name, {
      params: toParams(params),
      state: 'running',
      worker: `${hostname()}:${process.pid}`,
      startedAt: new Date().toISOString(),
      backend: trainer.backend.name,
      device: trainer.backend.device,
    });

    const studentProgress = progress('student');
    let result: StudentRunResult;
    try {
      result = await trainer.fit(params as unknown as Params, {
        signal: hooks.signal,
        onEpochEnd: async (l) => {
          studentProgress.epoch(l, params.epochs);
          await store.appendHistory(run.id, l);
          // Steps run synchronously, so epochs are where a heartbeat can be sent.
          await store.heartbeat(run.id);
        },
      });
    } catch (err) {
      studentProgress.stop();
      const aborted = (err as Error).name === 'AbortError';
      run = await store.finishRun(run.id, {
        state: aborted ? 'killed' : 'failed',
        error: (err as Error).message,
        backend: trainer.backend.name,
        device: trainer.backend.device,
      });
      if (aborted) return { run, sweep, teacher, interrupted: true };
      throw err;
    }
    studentProgress.stop();
    run = await store.finishRun(run.id, {
      state: 'finished',
      summary: result.summary,
      backend: result.backend,
      device: result.device,
      wallTimeS: result.wallTimeS,
    });

    const s = result.summary;
    const line =
      `${params.loss}: eval/accuracy ${formatFixed(s['eval/accuracy'])}, test/accuracy ${formatFixed(s['test/accuracy'])} ` +
      `(${result.history.length} epochs, ${Math.round(result.samplesPerSecond)} samples/s, ${formatDuration(result.wallTimeS)}); run ${run.id} in sweep ${sweep.name} (${store.url})`;
    log.info(line);
    if (opts.json) {
      const json =
        JSON.stringify(
          {
            run: run.id,
            sweep: sweep.name,
            store: store.url,
            params: result.params,
            summary: s,
            history: result.history,
            backend: result.backend,
            device: result.device,
            wallTimeS: result.wallTimeS,
            samplesPerSecond: result.samplesPerSecond,
            teacher: {
              key: t.key,
              architecture: t.architecture,
              cached: t.cached,
              evalAccuracy: t.evalAccuracy,
              testAccuracy: t.testAccuracy,
            },
          },
          null,
          2,
        ) + '\n';
      if (opts.json === '-') hooks.stdout?.(json);
      else await writeFileAtomic(opts.json, json);
    }
    return { run, sweep, result, teacher, interrupted: false };
  } finally {
    trainer.dispose();
  }
}

function datasetSpec(opts: TrainOptions): DatasetSpec {
  if (opts.data) {
    if (!opts.label) throw new UsageError('--data needs --label COL naming the class column');
    return { csv: opts.data, label: opts.label };
  }
  if (opts.label) throw new UsageError('--label only applies with --data FILE.csv');
  try {
    return datasets.get(opts.dataset ?? 'digits');
  } catch (err) {
    throw new UsageError(`${(err as Error).message} (or --data FILE.csv --label COL)`);
  }
}

/**
 * Epochs as progress steps. samples/s is the epoch's train rows over its wall time (evaluation
 * included), so it reads as throughput seen.
 */
function epochProgress(what: string, progress: Progress | undefined, rows: () => number) {
  let last = performance.now();
  let started = false;
  const rate = () => {
    const now = performance.now();
    const r = rows() / Math.max(1e-9, (now - last) / 1000);
    last = now;
    return Math.round(r);
  };
  return {
    epoch(l: EpochLog, total: number) {
      if (!progress) return;
      if (!started) {
        progress.start(total, `${what} epochs`);
        progress.update(0);
        started = true;
      }
      progress.update(
        l.epoch,
        `${what} epoch ${l.epoch}/${total}: train/loss ${formatFixed(l['train/loss'])}, eval/loss ${formatFixed(l['eval/loss'])}, eval/accuracy ${formatFixed(l['eval/accuracy'])}, ${rate()} samples/s`,
      );
    },
    stop() {
      if (started) progress?.stop();
    },
  };
}
